namespace NeuralTopOpt.Tests.Optimization.Problems;

/// <summary>Every test problem's hand-coded derivatives against central differences, before any optimizer test relies on them.</summary>
public class ProblemGradientTests
{
    public static TheoryData<string> Names => ["rosenbrock", "hs071", "hs071-ineq", "hs035", "hs021", "hs006", "qp", "compliance", "compliance-ineq", "bilinear", "bilinear-ineq"];

    [Theory]
    [MemberData(nameof(Names))]
    public void Gradient_and_jacobian_match_central_differences(string name)
    {
        var random = new Random(11);
        var (problem, x) = name switch
        {
            "rosenbrock" => ((TestProblem)new Rosenbrock([-2, -2], [2, 2]), new[] { -0.7, 1.3 }),
            "hs071" => (new Hs071(), new[] { 1.5, 4.2, 3.3, 1.9 }),
            "hs071-ineq" => (new Hs071(sphereAsInequality: true), new[] { 1.5, 4.2, 3.3, 1.9 }),
            "hs035" => (new Hs035(), new[] { 0.3, 1.1, 0.6 }),
            "hs021" => (new Hs021(), new[] { 3.3, -1.7 }),
            "hs006" => (new Hs006(), new[] { -1.2, 1.0 }),
            "qp" => (new ConvexQp(12, 3, seed: 5), Enumerable.Range(0, 12).Select(_ => random.NextDouble() - 0.5).ToArray()),
            "compliance" => (new ComplianceLike(50, 0.4, 0.001, seed: 3), Enumerable.Range(0, 50).Select(_ => 0.05 + (0.9 * random.NextDouble())).ToArray()),
            "compliance-ineq" => (new ComplianceLike(50, 0.4, 0.001, seed: 3, asInequality: true), Enumerable.Range(0, 50).Select(_ => 0.05 + (0.9 * random.NextDouble())).ToArray()),
            "bilinear" => (new BilinearComplianceLike(25, 0.5, 0.001, seed: 4), Enumerable.Range(0, 50).Select(_ => 0.05 + (0.9 * random.NextDouble())).ToArray()),
            "bilinear-ineq" => (new BilinearComplianceLike(25, 0.5, 0.001, seed: 4, asInequality: true), Enumerable.Range(0, 50).Select(_ => 0.05 + (0.9 * random.NextDouble())).ToArray()),
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        GradientCheck.AssertMatchesCentralDifferences(problem, x);
    }

    [Fact]
    public void Exact_compliance_solution_satisfies_its_kkt_conditions()
    {
        var problem = new ComplianceLike(1800, 0.5, 0.001, seed: 1);
        var (x, _, kappa) = problem.Exact();
        var g = new double[x.Length];
        problem.Objective(x, g);

        Assert.Equal(0.5, x.Average(), 12);
        Assert.Contains(x, v => v == 0.001);
        Assert.Contains(x, v => v == 1.0);
        for (var i = 0; i < x.Length; i++)
        {
            // ∇f + κ·n·∇mean = −c/x² + κ: zero where free, ≥ 0 at the lower bound, ≤ 0 at the upper
            var r = g[i] + kappa;
            if (x[i] > 0.001 && x[i] < 1)
            {
                Assert.True(Math.Abs(r) <= 1e-9 * Math.Max(1, kappa), $"stationarity at {i}: {r}");
            }
            else
            {
                Assert.True(x[i] == 0.001 ? r >= -1e-12 : r <= 1e-12, $"multiplier sign at {i}: {r}");
            }
        }
    }
}
