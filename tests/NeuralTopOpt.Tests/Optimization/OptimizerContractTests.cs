using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Mma;
using NeuralTopOpt.Optimization.QuasiNewton;
using NeuralTopOpt.Optimization.TrustRegion;
using NeuralTopOpt.Tests.Optimization.Problems;

namespace NeuralTopOpt.Tests.Optimization;

/// <summary>What every optimizer promises: bounds, reports, cancellation, validation, determinism.</summary>
public class OptimizerContractTests
{
    public static TheoryData<string> Optimizers => ["trust-region", "trust-region-dense", "mma"];

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Every_evaluated_point_lies_within_the_bounds(string name)
    {
        // the problem throws on any evaluation outside [0.001, 1]; a start at the bounds must be handled too
        var problem = new ComplianceLike(200, 0.3, 0.001, seed: 4, asInequality: name == "mma");
        var start = problem.Start;
        start[0] = 1.0;
        start[1] = 0.001;

        var result = Create(name).Minimize(problem, start, new StoppingCriteria(300, 1e-6, 0));

        Assert.True(problem.Evaluations > 10);
        Assert.True(problem.ClosestApproach >= 0);
        Assert.All(result.X, x => Assert.InRange(x, 0.001, 1.0));
        if (name != "mma")
        {
            Assert.True(problem.ClosestApproach > 0, "the interior-point method evaluated a point on a bound");
        }
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Reports_arrive_once_per_iteration_with_their_fields(string name)
    {
        var problem = new Hs071(sphereAsInequality: name == "mma");
        var reports = new List<IterationReport>();

        var result = Create(name).Minimize(problem, [1.5, 4.5, 3.5, 1.5], new StoppingCriteria(40, 1e-10, 0), new ListProgress(reports));

        Assert.Equal(result.Iterations, reports.Count);
        Assert.Equal(reports.Select(r => r with { X = default }), result.History);
        Assert.All(result.History, r => Assert.True(r.X.IsEmpty, "the stored history keeps no iterates"));
        Assert.Equal(Enumerable.Range(1, reports.Count), reports.Select(r => r.Iteration));
        Assert.All(reports, r =>
        {
            Assert.Equal(4, r.X.Length);
            Assert.NotNull(r.Optimality);
            // a trust-region barrier update is an iteration without an evaluation (SciPy's nit counts it)
            Assert.True(r.Evaluations >= r.Iteration - reports.Count(b => b.Iteration <= r.Iteration && IsBarrierUpdate(reports, b)));
            Assert.True(double.IsFinite(r.Objective) && r.MaxChange >= 0 && r.ConstraintViolation >= 0);
            if (name != "mma")
            {
                Assert.NotNull(r.TrustRadius);
                Assert.NotNull(r.BarrierParameter);
            }
        });
        Assert.Equal(result.Objective, reports[^1].Objective);
        Assert.Equal(result.X, reports[^1].X.ToArray());
        Assert.Equal(problem.Evaluations, result.Evaluations);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.Elapsed <= p.Second.Elapsed));
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Cancellation_returns_the_current_point(string name)
    {
        var problem = new ComplianceLike(100, 0.4, 0.001, seed: 5, asInequality: name == "mma");
        using var cancel = new CancellationTokenSource();
        var reports = new List<IterationReport>();
        var progress = new ListProgress(reports, r =>
        {
            if (r.Iteration == 3)
            {
                cancel.Cancel();
            }
        });

        var result = Create(name).Minimize(problem, problem.Start, new StoppingCriteria(1000, 0, 0), progress, cancel.Token);

        Assert.Equal(ExitReason.Cancelled, result.ExitReason);
        Assert.Equal(3, result.Iterations);
        Assert.Equal(reports[^1].X.ToArray(), result.X);
        var f = problem.Objective(result.X.ToArray(), new double[100]);
        Assert.Equal(f, result.Objective);
        Assert.Equal(4, problem.Evaluations); // the start and one point per iteration: nothing after the cancel
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Same_input_gives_a_bit_identical_result(string name)
    {
        OptimizationResult Run()
        {
            var problem = new BilinearComplianceLike(150, 0.5, 0.01, seed: 6, asInequality: name == "mma");
            return Create(name).Minimize(problem, problem.Start, new StoppingCriteria(60, 1e-9, 0));
        }

        var first = Run();
        var second = Run();

        Assert.Equal(first.Iterations, second.Iterations);
        Assert.Equal(first.X, second.X);
        Assert.Equal(first.History.Select(r => r.Objective), second.History.Select(r => r.Objective));
    }

    [Theory]
    [MemberData(nameof(Optimizers))]
    public void Invalid_inputs_give_one_line_messages(string name)
    {
        var optimizer = Create(name);
        var problem = new Hs071(sphereAsInequality: true);
        var good = new StoppingCriteria();
        var cases = new Action[]
        {
            () => optimizer.Minimize(problem, [0.5, 4, 4, 2], good),                 // start below a bound
            () => optimizer.Minimize(problem, [2, 4, 4], good),                      // wrong length
            () => optimizer.Minimize(problem, [2, 4, double.NaN, 2], good),          // NaN start
            () => optimizer.Minimize(problem, [2, 4, 4, 2], new StoppingCriteria(0)),
            () => optimizer.Minimize(problem, [2, 4, 4, 2], new StoppingCriteria(10, -1)),
            () => optimizer.Minimize(problem, [2, 4, 4, 2], new StoppingCriteria(10, 1e-3, double.NaN)),
            () => optimizer.Minimize(new NaNObjective(), [0.5, 0.5], good),        // NaN objective
            () => optimizer.Minimize(new NaNObjective(nanAfter: 2), [0.5, 0.5], good), // NaN objective later on
            () => optimizer.Minimize(new BadBounds(), [0.5], good),
        };

        foreach (var run in cases)
        {
            var error = Assert.Throws<InvalidInputException>(run);
            Assert.DoesNotContain('\n', error.Message);
            Assert.StartsWith(optimizer.Name + ": ", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Invalid_trust_region_options_are_rejected()
    {
        Assert.Throws<InvalidInputException>(() => new TrustRegionOptimizer(new TrustRegionOptions { Memory = 0 }));
        Assert.Throws<InvalidInputException>(() => new TrustRegionOptimizer(new TrustRegionOptions { InitialTrustRadius = 0 }));
        Assert.Throws<InvalidInputException>(() => new TrustRegionOptimizer(new TrustRegionOptions { InitialBarrierParameter = double.NaN }));
        Assert.Throws<InvalidInputException>(() => new TrustRegionOptimizer(new TrustRegionOptions { BarrierTolerance = -1 }));
        Assert.Throws<InvalidInputException>(() => new TrustRegionOptimizer(new TrustRegionOptions { BoundPush = 0.7 }));
        Assert.Throws<InvalidInputException>(() => new TrustRegionOptimizer(new TrustRegionOptions { Hessian = (HessianApproximation)7 }));
    }

    // A row whose μ differs from the previous row's, with no evaluation since it.
    private static bool IsBarrierUpdate(List<IterationReport> reports, IterationReport r) =>
        r.Iteration > 1 && r.BarrierParameter != reports[r.Iteration - 2].BarrierParameter && r.Evaluations == reports[r.Iteration - 2].Evaluations;

    internal static IOptimizer Create(string name) => name switch
    {
        "mma" => new MmaOptimizer(),
        "trust-region-dense" => new TrustRegionOptimizer(new TrustRegionOptions { Hessian = HessianApproximation.DenseBfgs, Safeguard = CurvatureSafeguard.Skip }),
        _ => new TrustRegionOptimizer(),
    };

    private sealed class ListProgress(List<IterationReport> reports, Action<IterationReport>? also = null) : IProgress<IterationReport>
    {
        public void Report(IterationReport value)
        {
            reports.Add(value);
            also?.Invoke(value);
        }
    }

    /// <summary>f = (x₀ − 0.3)² + (x₁ − 0.6)² on [0, 1]² with one inactive inequality, NaN from evaluation <c>nanAfter</c> on.</summary>
    private sealed class NaNObjective(int nanAfter = 0) : TestProblem(2, 0, 1, [0, 0], [1, 1])
    {
        private int _calls;

        public override double Objective(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = 2 * (x[0] - 0.3);
            g[1] = 2 * (x[1] - 0.6);
            return _calls++ >= nanAfter ? double.NaN : ((x[0] - 0.3) * (x[0] - 0.3)) + ((x[1] - 0.6) * (x[1] - 0.6));
        }

        public override void Constraints(ReadOnlySpan<double> x, Span<double> c, Span<double> j)
        {
            c[0] = x[0] + x[1] - 10;
            j[0] = 1;
            j[1] = 1;
        }
    }

    private sealed class BadBounds() : TestProblem(1, 0, 0, [1], [0])
    {
        public override double Objective(ReadOnlySpan<double> x, Span<double> g) => 0;
    }
}
