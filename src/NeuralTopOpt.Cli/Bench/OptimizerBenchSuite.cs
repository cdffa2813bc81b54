using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Mma;
using NeuralTopOpt.Optimization.QuasiNewton;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Optimization.TrustRegion;

namespace NeuralTopOpt.Cli.Bench;

/// <summary>
/// <c>ntopo bench optimizer</c>: the optimizers' own work per iteration on the separable
/// compliance-like problem (one evaluation is O(n), a few microseconds), at n = 1,800 (DBTO-like)
/// and 3,600 (HBTO-like, bilinear constraint). One operation is a run of a fixed number of
/// iterations from the paper's start; the median is divided by that number. Target: a few
/// milliseconds per iteration (issue #5: an HBTO run within 120 s with ~1,300 iterations).
/// </summary>
internal sealed class OptimizerBenchSuite : IBenchSuite
{
    private const double TargetMsPerIteration = 5.0;

    public string Name => "optimizer";

    public string Description => "Optimizer overhead per iteration (trust-region L-BFGS / dense BFGS, MMA) at n = 1800 and 3600.";

    public IEnumerable<BenchMeasurement> Run(BenchSettings settings)
    {
        foreach (var (fields, elements) in new[] { (1, 1800), (2, 1800) })
        {
            var n = fields * elements;
            yield return Case(settings, $"trust-region l-bfgs n={n}", fields, elements, ConstraintForm.Equality, 30, TrustRegion(HessianApproximation.LimitedMemoryBfgs));
            yield return Case(settings, $"trust-region dense-bfgs n={n}", fields, elements, ConstraintForm.Equality, 5, TrustRegion(HessianApproximation.DenseBfgs));
            yield return Case(settings, $"mma n={n}", fields, elements, ConstraintForm.Inequality, 30, new MmaOptimizer());
        }
    }

    private static TrustRegionOptimizer TrustRegion(HessianApproximation hessian) => new(new TrustRegionOptions { Hessian = hessian });

    private static BenchMeasurement Case(
        BenchSettings settings, string name, int fields, int elements, ConstraintForm kind, int iterations, IOptimizer optimizer)
    {
        var problem = new SeparableComplianceProblem(elements, fields, 0.5, 0.001, kind, seed: 1);
        var start = problem.Start();
        var stopping = new StoppingCriteria(iterations, 0, 0);
        var done = 0;
        var measurement = BenchHarness.Measure(
            "optimizer", $"{name} ({iterations} it)", () => done = optimizer.Minimize(problem, start, stopping).Iterations, settings, TargetMsPerIteration * iterations);
        return measurement with
        {
            Figures = new Dictionary<string, double>
            {
                ["ms_per_iteration"] = measurement.MedianMs / done,
                ["n"] = problem.VariableCount,
            },
        };
    }
}
