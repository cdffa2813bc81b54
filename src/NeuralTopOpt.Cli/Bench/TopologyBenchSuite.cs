using System.Diagnostics;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Cli.Bench;

/// <summary>
/// <c>ntopo bench topology</c>: the network material models (C and ∂C/∂θ of 1,800 elements, per
/// derivative method: the work behind the paper's Table 2) and whole runs on the paper's 60×30 MBB
/// beam against the targets of issue #5 (DBTO trust-region ≤ 10 s, HBTO trust-region ≤ 120 s, MMA
/// ≤ 2 s and ≤ 10 s). A whole run is timed three times (the median is reported) with its iterations,
/// compliance and the mean time split per iteration. The networks are the committed test models
/// (<c>tests/NeuralTopOpt.Tests/Models</c> under the current folder, or the folder in
/// <c>NTOPO_BENCH_MODELS</c>).
/// </summary>
internal sealed class TopologyBenchSuite : IBenchSuite
{
    private const int RunRepeats = 3;

    public string Name => "topology";

    public string Description => "Network material models per derivative method (x1800) and whole DBTO/HBTO runs (trust-region, MMA) on the 60x30 MBB.";

    public IEnumerable<BenchMeasurement> Run(BenchSettings settings)
    {
        var (dbto, hbto) = (Load("dbto-simp-1e4.json"), Load("hbto-hole-cell-1e4.json"));
        var (density, hole) = (CellFamilies.Density, CellFamilies.Hole);
        foreach (var method in JacobianMethods.Names)
        {
            yield return Material(settings, $"dbto nn-{method}", density.CreateMaterial(MaterialSource.Network(dbto, method)));
            yield return Material(settings, $"hbto nn-{method}", hole.CreateMaterial(MaterialSource.Network(hbto, method)));
        }

        yield return Whole("dbto simp trust-region", density, MaterialSource.Simp(), "trust-region", 10_000);
        yield return Whole("dbto nn-nnj trust-region", density, MaterialSource.Network(dbto, "nnj"), "trust-region", 10_000);
        yield return Whole("dbto simp mma", density, MaterialSource.Simp(), "mma", 2_000);
        yield return Whole("hbto nn-nnj mma", hole, MaterialSource.Network(hbto, "nnj"), "mma", 10_000);
        yield return Whole("hbto nn-nnj trust-region", hole, MaterialSource.Network(hbto, "nnj"), "trust-region", 120_000);
    }

    private static NetworkModel Load(string file)
    {
        var folder = Environment.GetEnvironmentVariable("NTOPO_BENCH_MODELS") is { Length: > 0 } set ? set : Path.Combine("tests", "NeuralTopOpt.Tests", "Models");
        var path = Path.Combine(folder, file);
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"bench topology needs the test model {path}: run it from the repository root or set NTOPO_BENCH_MODELS to the folder of {file}");
        }

        return ModelFile.Load(path);
    }

    private static BenchMeasurement Material(BenchSettings settings, string name, IMaterialModel material)
    {
        const int Elements = 1800;
        var (k, m) = (material.DesignVariablesPerElement, material.StiffnessEntries);
        var designs = Enumerable.Range(0, k * Elements).Select(i => 0.05 + (0.9 * ((i * 0.6180339887) % 1))).ToArray();
        var (stiffness, derivatives) = (new double[m * Elements], new double[m * k * Elements]);
        var derivativeMs = new List<double>();
        var measurement = BenchHarness.Measure("topology", $"material {name} x{Elements}", () =>
        {
            var evaluation = material.Evaluate(designs, stiffness, derivatives);
            derivativeMs.Add(evaluation.DerivativeTime.TotalMilliseconds);
        }, settings);
        derivativeMs.Sort();
        return measurement with
        {
            Figures = new Dictionary<string, double> { ["derivative_ms"] = BenchHarness.Quantile(derivativeMs, 0.5) },
        };
    }

    private static BenchMeasurement Whole(string name, ICellFamily cell, MaterialSource material, string optimizer, double targetMs)
    {
        // The trust-region runs take the limited-memory Hessian (the optimizer's default before `auto` existed).
        var setup = new TopologySetup { Problem = StandardProblems.HalfMbb(60, 30), Cell = cell, Material = material, Optimizer = optimizer, Hessian = optimizer == "trust-region" ? "lbfgs" : null };
        var times = new List<double>();
        TopologyRunResult? result = null;
        for (var repeat = 0; repeat < RunRepeats; repeat++)
        {
            var clock = Stopwatch.StartNew();
            result = TopologyRun.Execute(setup.Build());
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        var split = result!.MeanSplit;
        return new BenchMeasurement("topology", $"run {name}", BenchHarness.Quantile(times, 0.5), times[0], BenchHarness.Quantile(times, 0.25), BenchHarness.Quantile(times, 0.75), times.Count, 1, 0, targetMs)
        {
            Figures = new Dictionary<string, double>
            {
                ["iterations"] = result.Iterations,
                ["compliance"] = result.Compliance,
                ["fe_ms"] = split.FeSolve,
                ["material_ms"] = split.Material,
                ["derivative_ms"] = split.Derivative,
                ["sensitivity_ms"] = split.Sensitivity,
                ["filter_ms"] = split.Filter,
                ["optimizer_ms"] = split.Optimizer,
            },
        };
    }
}
