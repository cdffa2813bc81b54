using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.QuasiNewton;
using NeuralTopOpt.Optimization.TrustRegion;
using NeuralTopOpt.Tests.Optimization.Problems;

namespace NeuralTopOpt.Tests.Optimization.TrustRegion;

/// <summary>The trust-region method against problems with known optima, for each Hessian option.</summary>
public class TrustRegionOptimizerTests
{
    private static readonly StoppingCriteria Tight = new(2000, 1e-10, 1e-8);

    public static TheoryData<string, HessianApproximation, CurvatureSafeguard> SmallCases()
    {
        var data = new TheoryData<string, HessianApproximation, CurvatureSafeguard>();
        foreach (var name in new[] { "rosenbrock-free", "rosenbrock-bound", "hs071", "hs035", "hs021", "hs006", "qp", "qp-boxed" })
        {
            data.Add(name, HessianApproximation.LimitedMemoryBfgs, CurvatureSafeguard.Damp);
            data.Add(name, HessianApproximation.DenseBfgs, CurvatureSafeguard.Skip);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(SmallCases))]
    public void Reaches_the_known_optimum(string name, HessianApproximation hessian, CurvatureSafeguard safeguard)
    {
        var (problem, start, expected, optimum) = Case(name);
        // μ < gtol required too: with SciPy's test alone, rosenbrock-bound stops while μ still holds
        // x₀ off its active bound (f = 0.25 + 2.6e-7)
        var optimizer = new TrustRegionOptimizer(new TrustRegionOptions { Hessian = hessian, Safeguard = safeguard, OptimalityNeedsSmallBarrier = true });

        var result = optimizer.Minimize(problem, start, Tight);

        Assert.Equal(ExitReason.OptimalityReached, result.ExitReason);
        Assert.True(Math.Abs(result.Objective - optimum) <= 1e-7 * Math.Max(1, Math.Abs(optimum)), $"f = {result.Objective:R}, f* = {optimum:R}");
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(result.X[i] - expected[i]) <= 1e-6, $"x[{i}] = {result.X[i]:R}, expected {expected[i]:R}");
        }

        Assert.True(problem.ClosestApproach > 0, "an evaluated point touched a bound");
        Assert.True(result.History[^1].Optimality < 1e-8);
    }

    [Fact]
    public void Compliance_like_problem_reaches_the_exact_kkt_solution()
    {
        var problem = new ComplianceLike(1800, 0.5, 0.001, seed: 1);
        var (expected, optimum, _) = problem.Exact();

        var result = new TrustRegionOptimizer().Minimize(problem, problem.Start, new StoppingCriteria(3000, 1e-10, 1e-7));

        Assert.Equal(ExitReason.OptimalityReached, result.ExitReason);
        Assert.InRange((result.Objective - optimum) / optimum, 0, 5e-8);
        // x near a bound with a small multiplier is displaced by the barrier (μ < 1e-7 at exit): ~2e-4 seen
        Assert.True(MaxError(result.X, expected) < 5e-4, $"max |x − x*| = {MaxError(result.X, expected):E2}");
        Assert.InRange(result.History[^1].ConstraintViolation, 0, 1e-12);
        Assert.True(problem.ClosestApproach > 0);
    }

    [Fact]
    public void Bilinear_volume_problem_reaches_the_exact_kkt_solution()
    {
        var problem = new BilinearComplianceLike(1800, 0.5, 0.01, seed: 2);
        var (expected, optimum) = problem.Exact();

        var result = new TrustRegionOptimizer().Minimize(problem, problem.Start, new StoppingCriteria(3000, 1e-10, 1e-7));

        Assert.Equal(ExitReason.OptimalityReached, result.ExitReason);
        Assert.InRange((result.Objective - optimum) / optimum, -1e-9, 5e-7);
        Assert.True(MaxError(result.X, expected) < 2e-3, $"max |x − x*| = {MaxError(result.X, expected):E2}");
        Assert.InRange(result.History[^1].ConstraintViolation, 0, 1e-10);
    }

    [Fact]
    public void Dense_and_limited_memory_bfgs_agree_on_a_compliance_like_problem()
    {
        var problem = new ComplianceLike(300, 0.4, 0.001, seed: 9);
        var (expected, optimum, _) = problem.Exact();
        var stop = new StoppingCriteria(3000, 1e-10, 1e-7);

        foreach (var hessian in new[] { HessianApproximation.DenseBfgs, HessianApproximation.LimitedMemoryBfgs })
        {
            var result = new TrustRegionOptimizer(new TrustRegionOptions { Hessian = hessian }).Minimize(problem, problem.Start, stop);

            Assert.Equal(ExitReason.OptimalityReached, result.ExitReason);
            Assert.InRange((result.Objective - optimum) / optimum, 0, 1e-7);
            Assert.True(MaxError(result.X, expected) < 1e-3);
        }
    }

    [Fact]
    public void Paper_settings_stop_on_the_trust_radius_or_optimality_near_the_optimum()
    {
        // SciPy trust-constr with tol = 1e-3: xtol = gtol = barrier_tol = 1e-3
        var problem = new ComplianceLike(1800, 0.5, 0.001, seed: 1);
        var (_, optimum, _) = problem.Exact();

        var result = new TrustRegionOptimizer().Minimize(problem, problem.Start, new StoppingCriteria(1000, 1e-3, 1e-3));

        Assert.Contains(result.ExitReason, new[] { ExitReason.OptimalityReached, ExitReason.TrustRadiusBelowTolerance });
        Assert.InRange((result.Objective - optimum) / optimum, 0, 1e-3);
        Assert.True(result.History[^1].BarrierParameter < 1e-3);
    }

    internal static double MaxError(IReadOnlyList<double> x, double[] expected) => expected.Select((e, i) => Math.Abs(e - x[i])).Max();

    internal static (TestProblem Problem, double[] Start, double[] Solution, double Optimum) Case(string name)
    {
        switch (name)
        {
            case "rosenbrock-free": return (new Rosenbrock([-2, -2], [2, 2]), [-1.2, 1.0], [1, 1], 0);
            case "rosenbrock-bound": return (new Rosenbrock([-2, -2], [0.5, 2]), [-1.2, 1.0], [0.5, 0.25], 0.25); // x₀ ≤ 0.5 active
            case "hs071": return (new Hs071(), [1, 5, 5, 1], Hs071.Solution, Hs071.Optimum); // start on the bounds: pushed inside
            case "hs071-ineq": return (new Hs071(sphereAsInequality: true), [1, 5, 5, 1], Hs071.Solution, Hs071.Optimum);
            case "hs035": return (new Hs035(), [0.5, 0.5, 0.5], Hs035.Solution, Hs035.Optimum);
            case "hs035-box": return (new Hs035(upper: 10), [0.5, 0.5, 0.5], Hs035.Solution, Hs035.Optimum);
            case "hs021": return (new Hs021(), [10, 10], Hs021.Solution, Hs021.Optimum); // HS start (−1, −1) lies outside the bounds
            case "hs006": return (new Hs006(), [-1.2, 1], [1, 1], 0);
            case "qp":
            case "qp-boxed":
                {
                    var qp = name == "qp" ? new ConvexQp(30, 3, seed: 7) : new ConvexQp(30, 3, seed: 7, bound: 10);
                    var (x, f) = qp.Exact();
                    return (qp, new double[30], x, f);
                }

            default: throw new ArgumentOutOfRangeException(nameof(name));
        }
    }
}
