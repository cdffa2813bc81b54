using System.Diagnostics;
using NeuralTopOpt.Datasets;
using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Cli.Bench;

/// <summary>
/// <c>ntopo bench homogenization</c>: one 100×100 hole cell (assembly, one factorization, three
/// solves, the energy sums of Eq. 16) on one thread, with the mesh and symbolic analysis built once
/// outside the timing; and the dataset throughput on all cores, projected to the 10,000-sample run.
/// Targets from issue 4: 50 ms per cell; 5 minutes for 10,000 cells on this 2-core machine.
/// </summary>
internal sealed class HomogenizationBenchSuite : IBenchSuite
{
    private const int Resolution = 100;
    private const double CellTargetMs = 50;
    private const double DatasetTargetSeconds = 300;

    public string Name => "homogenization";

    public string Description => "One 100x100 hole cell (3 load cases) and the dataset throughput on all cores (issue 4 targets).";

    public IEnumerable<BenchMeasurement> Run(BenchSettings settings)
    {
        yield return MeasureCell(settings);
        yield return MeasureDataset(settings);
    }

    private static BenchMeasurement MeasureCell(BenchSettings settings)
    {
        var clock = Stopwatch.StartNew();
        var mesh = PeriodicCellMesh.Create(Resolution);
        var meshMs = clock.Elapsed.TotalMilliseconds;
        var homogenizer = new CellHomogenizer(mesh) { MaxDegreeOfParallelism = 1 };
        var random = new Random(1);
        var splits = new List<HomogenizationTimings>();
        var measurement = BenchHarness.Measure(
            "homogenization",
            $"hole cell {Resolution}x{Resolution}, 3 load cases, 1 thread",
            () =>
            {
                homogenizer.HomogenizeHole(random.NextDouble(), random.NextDouble());
                splits.Add(homogenizer.LastTimings);
            },
            settings,
            CellTargetMs);
        double Median(Func<HomogenizationTimings, TimeSpan> part) =>
            BenchHarness.Quantile(splits.Select(s => part(s).TotalMilliseconds).Order().ToList(), 0.5);
        return measurement with
        {
            Figures = new Dictionary<string, double>
            {
                ["unknowns"] = mesh.UnknownCount,
                ["factor_nnz"] = mesh.Symbolic.FactorNonzeros,
                ["factor_GFlop"] = mesh.Symbolic.FactorOperations / 1e9,
                ["mesh_and_symbolic_ms"] = meshMs,
                ["assembly_ms"] = Median(s => s.Assembly),
                ["factor_ms"] = Median(s => s.Factorization),
                ["solve_ms"] = Median(s => s.Solution),
                ["energy_ms"] = Median(s => s.Energy),
            },
        };
    }

    private static BenchMeasurement MeasureDataset(BenchSettings settings)
    {
        var cells = 8 * Environment.ProcessorCount;
        var seed = 0;
        var measurement = BenchHarness.Measure(
            "homogenization",
            $"dataset, {cells} hole cells {Resolution}x{Resolution} on {Environment.ProcessorCount} cores (per cell)",
            () => DatasetRunner.Generate(DatasetSpec.Hole(cells, Resolution, seed++), new DatasetRunOptions { ChunkSize = 4 }),
            settings with { MinSamples = 3 });
        var perCell = measurement.MedianMs / cells;
        return measurement with
        {
            MedianMs = perCell,
            MinMs = measurement.MinMs / cells,
            P25Ms = measurement.P25Ms / cells,
            P75Ms = measurement.P75Ms / cells,
            AllocatedBytesPerOperation = measurement.AllocatedBytesPerOperation / cells,
            TargetMs = DatasetTargetSeconds * 1000 / 10_000,
            Figures = new Dictionary<string, double>
            {
                ["cores"] = Environment.ProcessorCount,
                ["projected_10000_cells_s"] = perCell * 10_000 / 1000,
                ["target_10000_cells_s"] = DatasetTargetSeconds,
            },
        };
    }
}
