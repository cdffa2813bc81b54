using System.Diagnostics;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Cli.Bench;

/// <summary>
/// <c>ntopo bench scale</c>: the optimization targets of issue 13 §1, each against the yardstick of the same
/// run. First the Cholesky 600×300 (assemble + factor + solve, as in <c>ntopo bench solver</c>); then
/// <list type="bullet">
/// <item>an HBTO MMA iteration at 600×300 (360,000 design variables; the paper's hole-cell network, nnj,
/// density filter, <c>auto</c> → mgcg warm-started): the median wall time of iterations 2–6 of one run
/// (iteration 1 holds the set-up evaluation and the JIT); target ≤ 2 s on the checker;</item>
/// <item>a DBTO run on 1200×600 (SIMP, OC, sensitivity filter r = 2.7, <c>auto</c> → mgcg), 200
/// iterations (set-up included); target ≤ 10 min on the checker.</item>
/// </list>
/// Each target is given for the checker, a machine on which the Cholesky 600×300 median is
/// <see cref="CheckerYardstickMs"/>; the case's target here is scaled by this run's yardstick
/// (target × yardstick / 1,180 ms), and <c>estimated_checker_ms</c> is measured × 1,180 / yardstick.
/// <c>peak_working_set_MB</c> is the process's high-water mark during the case (reset before it, see
/// <see cref="PeakMemory"/>). The network is <c>data/networks/paper-hbto-hole-cell-1e4.json</c> under the
/// current folder (or the folder in <c>NTOPO_BENCH_NETWORKS</c>); <c>NTOPO_BENCH_DBTO_ITERATIONS</c> shortens
/// the DBTO run for a quick look (its target then scales with the iterations).
/// </summary>
internal sealed class ScaleBenchSuite : IBenchSuite
{
    /// <summary>The Cholesky 600×300 median on the checker's machine, milliseconds.</summary>
    public const double CheckerYardstickMs = 1180;

    private const int HbtoIterations = 6;
    private const int DbtoIterations = 200;

    public string Name => "scale";

    public string Description => "Issue 13 targets against the Cholesky 600x300 yardstick of the same run: an HBTO MMA iteration at 600x300 and a 200-iteration DBTO OC run at 1200x600.";

    public IEnumerable<BenchMeasurement> Run(BenchSettings settings)
    {
        var network = LoadNetwork();
        var yardstick = SolverBenchSuite.MeasureSolve(600, 300, 2500, settings);
        yield return yardstick;
        yield return HbtoMmaIteration(network, yardstick.MedianMs);
        yield return DbtoRun(yardstick.MedianMs);
    }

    private static NetworkModel LoadNetwork()
    {
        var folder = Environment.GetEnvironmentVariable("NTOPO_BENCH_NETWORKS") is { Length: > 0 } set ? set : Path.Combine("data", "networks");
        var path = Path.Combine(folder, "paper-hbto-hole-cell-1e4.json");
        if (!File.Exists(path))
        {
            throw new InvalidInputException($"bench scale needs the paper's network {path}: run it from the repository root or set NTOPO_BENCH_NETWORKS to the folder of paper-hbto-hole-cell-1e4.json");
        }

        return ModelFile.Load(path);
    }

    private static BenchMeasurement HbtoMmaIteration(NetworkModel network, double yardstickMs)
    {
        var setup = new TopologySetup
        {
            Problem = StandardProblems.HalfMbb(600, 300),
            Cell = CellFamilies.Hole,
            Material = MaterialSource.Network(network, "nnj"),
            Filter = FilterKind.Density,
            Optimizer = "mma",
            MaxIterations = HbtoIterations,
        };
        var reset = PeakMemory.Reset();
        var run = setup.Build();
        var result = TopologyRun.Execute(run with { Stopping = new StoppingCriteria(HbtoIterations, 0) });
        var peak = Peak();
        var history = result.History;
        var times = new List<double>();
        for (var i = 1; i < history.Count; i++)
        {
            times.Add((history[i].Elapsed - history[i - 1].Elapsed).TotalMilliseconds);
        }

        times.Sort();
        var median = BenchHarness.Quantile(times, 0.5);
        var split = result.MedianSplit;
        var figures = Common(median, yardstickMs, peak, reset);
        figures["variables"] = run.Problem.VariableCount;
        figures["iterations_timed"] = times.Count;
        figures["fe_ms"] = split.FeSolve;
        figures["material_ms"] = split.Material;
        figures["derivative_ms"] = split.Derivative;
        figures["sensitivity_ms"] = split.Sensitivity;
        figures["filter_ms"] = split.Filter;
        figures["optimizer_ms"] = split.Optimizer;
        figures["cg_iterations_per_solve"] = CgPerSolve(run.Problem, result.Evaluations);
        figures["compliance"] = result.Compliance;
        return new BenchMeasurement("scale", "hbto mma iteration 600x300", median, times[0], BenchHarness.Quantile(times, 0.25), BenchHarness.Quantile(times, 0.75), times.Count, 1, 0, 2000 * yardstickMs / CheckerYardstickMs)
        {
            Figures = figures,
        };
    }

    private static BenchMeasurement DbtoRun(double yardstickMs)
    {
        var iterations = Environment.GetEnvironmentVariable("NTOPO_BENCH_DBTO_ITERATIONS") is { Length: > 0 } text && int.TryParse(text, out var value) && value > 0 ? value : DbtoIterations;
        var reset = PeakMemory.Reset();
        var clock = Stopwatch.StartNew();
        var setup = new TopologySetup { Problem = StandardProblems.HalfMbb(1200, 600), Optimizer = "oc", MaxIterations = iterations };
        var run = setup.Build();
        var setupMs = clock.Elapsed.TotalMilliseconds;
        var result = TopologyRun.Execute(run with { Stopping = new StoppingCriteria(iterations, 0) });
        var totalMs = clock.Elapsed.TotalMilliseconds;
        var peak = Peak();
        var split = result.MedianSplit;
        var figures = Common(totalMs, yardstickMs, peak, reset);
        figures["iterations"] = result.Iterations;
        figures["setup_ms"] = setupMs;
        figures["ms_per_iteration"] = (totalMs - setupMs) / Math.Max(1, result.Iterations);
        figures["fe_ms"] = split.FeSolve;
        figures["filter_ms"] = split.Filter;
        figures["sensitivity_ms"] = split.Sensitivity;
        figures["optimizer_ms"] = split.Optimizer;
        figures["cg_iterations_per_solve"] = CgPerSolve(run.Problem, result.Evaluations);
        figures["compliance"] = result.Compliance;
        var target = 600_000.0 * iterations / DbtoIterations * yardstickMs / CheckerYardstickMs;
        return new BenchMeasurement("scale", $"dbto oc 1200x600 ({result.Iterations} it)", totalMs, totalMs, totalMs, totalMs, 1, 1, 0, target)
        {
            Figures = figures,
        };
    }

    private static Dictionary<string, double> Common(double measuredMs, double yardstickMs, long peak, bool reset) => new()
    {
        ["yardstick_cholesky_600x300_ms"] = yardstickMs,
        ["estimated_checker_ms"] = measuredMs * CheckerYardstickMs / yardstickMs,
        ["peak_working_set_MB"] = peak / (double)(1 << 20),
        ["peak_reset"] = reset ? 1 : 0,
    };

    private static double CgPerSolve(ComplianceProblem problem, int evaluations) =>
        problem.Analysis.Solver.Statistics.TotalIterations is { } total && evaluations > 0 ? total / (double)evaluations : double.NaN;

    private static long Peak()
    {
        using var process = Process.GetCurrentProcess();
        return PeakMemory.WorkingSetPeakBytes(process);
    }
}
