using BenchmarkDotNet.Attributes;
using NeuralTopOpt.Datasets;
using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Benchmarks;

/// <summary>
/// One hole cell at 100×100 (assembly, one factorization, three solves, the energy sums of Eq. 16) on
/// one thread, with the mesh and symbolic analysis built once in the setup, as <c>ntopo bench
/// homogenization</c> measures it (<see cref="HomogenizationDatasetBenchmarks"/> times a batch on all cores).
/// Issue 4 targets: 50 ms per cell; 10,000 cells in 5 minutes on the 2-core machine (30 ms per cell).
/// </summary>
[MemoryDiagnoser]
public class HomogenizationBenchmarks
{
    private const int Resolution = 100;
    private CellHomogenizer _homogenizer = null!;

    /// <summary>Hole width θ₁ (the height is 1 − θ₁).</summary>
    [Params(0.3, 0.7)]
    public double Width { get; set; }

    [GlobalSetup]
    public void Setup() => _homogenizer = new CellHomogenizer(PeriodicCellMesh.Create(Resolution)) { MaxDegreeOfParallelism = 1 };

    [Benchmark]
    public double HoleCell() => _homogenizer.HomogenizeHole(Width, 1 - Width).C11;
}

/// <summary>16 Latin hypercube cells at 100×100 on every core through the dataset runner, mesh and symbolic analysis included (divide by 16 for the time per cell).</summary>
[MemoryDiagnoser]
public class HomogenizationDatasetBenchmarks
{
    [Benchmark]
    public int Dataset16Cells() => DatasetRunner.Generate(DatasetSpec.Hole(16, 100, seed: 1)).RowCount;
}
