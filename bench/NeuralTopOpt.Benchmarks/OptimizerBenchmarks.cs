using BenchmarkDotNet.Attributes;
using NeuralTopOpt.Cli.Bench;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Mma;
using NeuralTopOpt.Optimization.QuasiNewton;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Optimization.TrustRegion;

namespace NeuralTopOpt.Benchmarks;

/// <summary>
/// The optimizers' own work: 20 iterations on the separable compliance-like problem (evaluation
/// O(n)), n = 1,800 (one field, linear volume) and 3,600 (two fields, bilinear volume). Divide by 20
/// for the per-iteration overhead.
/// </summary>
[MemoryDiagnoser]
public class OptimizerBenchmarks
{
    private const int Iterations = 20;
    private SeparableComplianceProblem _equality = null!;
    private SeparableComplianceProblem _inequality = null!;
    private double[] _start = [];

    [Params(1, 2)]
    public int Fields { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _equality = new SeparableComplianceProblem(1800, Fields, 0.5, 0.001, ConstraintForm.Equality, seed: 1);
        _inequality = new SeparableComplianceProblem(1800, Fields, 0.5, 0.001, ConstraintForm.Inequality, seed: 1);
        _start = _equality.Start();
    }

    [Benchmark(Baseline = true)]
    public int TrustRegionLimitedMemoryBfgs() => Run(new TrustRegionOptimizer(), _equality);

    [Benchmark]
    public int TrustRegionDenseBfgs() => Run(new TrustRegionOptimizer(new TrustRegionOptions { Hessian = HessianApproximation.DenseBfgs }), _equality);

    [Benchmark]
    public int Mma() => Run(new MmaOptimizer(), _inequality);

    private int Run(IOptimizer optimizer, IOptimizationProblem problem) =>
        optimizer.Minimize(problem, _start, new StoppingCriteria(Iterations, 0, 0)).Iterations;
}
