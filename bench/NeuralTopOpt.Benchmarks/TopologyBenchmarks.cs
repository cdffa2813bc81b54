using BenchmarkDotNet.Attributes;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Mma;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Benchmarks;

/// <summary>
/// The HBTO network material (C and ∂C/∂θ of 1,800 hole cells) per derivative method, the work behind
/// the paper's Table 2, and a whole DBTO MMA run on the 60×30 MBB beam with SIMP. Needs the committed
/// test model (run from the repository root, or set NTOPO_BENCH_MODELS).
/// </summary>
[MemoryDiagnoser]
public class TopologyBenchmarks
{
    private IMaterialModel _material = null!;
    private double[] _designs = [];
    private double[] _stiffness = [];
    private double[] _derivatives = [];

    [Params("nnj", "cfd", "csm", "ad", "dual")]
    public string Method { get; set; } = "nnj";

    [GlobalSetup]
    public void Setup()
    {
        var folder = Environment.GetEnvironmentVariable("NTOPO_BENCH_MODELS") ?? Path.Combine("tests", "NeuralTopOpt.Tests", "Models");
        _material = CellFamilies.Hole.CreateMaterial(MaterialSource.Network(ModelFile.Load(Path.Combine(folder, "hbto-hole-cell-1e4.json")), Method));
        _designs = Enumerable.Range(0, 3600).Select(i => 0.05 + (0.9 * ((i * 0.6180339887) % 1))).ToArray();
        _stiffness = new double[4 * 1800];
        _derivatives = new double[8 * 1800];
    }

    [Benchmark]
    public int HoleCellMaterial() => _material.Evaluate(_designs, _stiffness, _derivatives).ClampedEntries;

    [Benchmark]
    public int DbtoSimpMmaRun()
    {
        var problem = new ComplianceProblem(StandardProblems.HalfMbb(60, 30), new SimpMaterial(), new ComplianceSettings { Constraint = ConstraintForm.Inequality });
        return TopologyRun.Execute(problem, new MmaOptimizer(), new StoppingCriteria(3000, 0.01)).Iterations;
    }
}
