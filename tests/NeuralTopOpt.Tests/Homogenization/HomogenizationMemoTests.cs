using NeuralTopOpt.Datasets;
using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Tests.Homogenization;

/// <summary>The memo of homogenized cells: computes each distinct raster once and answers the rest with the same bits.</summary>
public class HomogenizationMemoTests
{
    [Fact]
    public void A_shared_memo_computes_each_distinct_raster_once_and_changes_no_bit()
    {
        const int Resolution = 12;
        var mesh = PeriodicCellMesh.Create(Resolution);
        var memo = new HomogenizationMemo();
        var shared = new[] { new CellHomogenizer(mesh) { Memo = memo }, new CellHomogenizer(mesh) { Memo = memo } };
        var plain = new CellHomogenizer(mesh);
        var random = new Random(8);
        var holes = Enumerable.Range(0, 60).Select(_ => (random.NextDouble(), random.NextDouble())).ToArray();

        // the centred hole covers an even number of pixels along each side, and no hole when either is 0:
        // 6 × 6 + 1 rasters at R = 12
        var distinct = holes.Select(h => (Pixels(h.Item1, Resolution), Pixels(h.Item2, Resolution)))
            .Select(p => p.Item1 == 0 || p.Item2 == 0 ? (0, 0) : p).Distinct().Count();
        Assert.InRange(distinct, 20, 37);
        for (var i = 0; i < holes.Length; i++)
        {
            var (width, height) = holes[i];
            var remembered = shared[i % 2].HomogenizeHole(width, height).ToArray();
            var computed = plain.HomogenizeHole(width, height).ToArray();
            Assert.Equal(computed, remembered);
        }

        Assert.Equal(distinct, memo.Count);
        Assert.Equal(holes.Length - distinct, memo.Hits);
    }

    [Fact]
    public void The_key_tells_maps_apart_by_every_bit()
    {
        var map = Enumerable.Range(0, 100).Select(i => (i % 3) / 2.0).ToArray();
        var changed = (double[])map.Clone();
        changed[57] = BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(changed[57]) + 1);

        Assert.Equal(HomogenizationMemo.Key(map), HomogenizationMemo.Key((double[])map.Clone()));
        Assert.NotEqual(HomogenizationMemo.Key(map), HomogenizationMemo.Key(changed));
    }

    [Fact]
    public void A_hole_dataset_is_the_same_with_the_memo_as_cell_by_cell()
    {
        var spec = DatasetSpec.Hole(samples: 40, resolution: 10, seed: 3);
        var table = DatasetRunner.Generate(spec, new DatasetRunOptions { MaxDegreeOfParallelism = 2, ChunkSize = 4 });
        var homogenizer = new CellHomogenizer(PeriodicCellMesh.Create(10));
        var outputs = CellDataset.HomogenizedOutputs.Select(table.ColumnIndex).ToArray();
        Assert.Equal(40, table.RowCount);
        for (var s = 0; s < table.RowCount; s++)
        {
            var expected = homogenizer.HomogenizeHole(table[s, table.ColumnIndex("width")], table[s, table.ColumnIndex("height")]).ReferenceOrder();
            Assert.Equal(expected, outputs.Select(c => table[s, c]).ToArray());
        }
    }

    // pixels of the centred hole along one side: pixel centres x ∈ (−1, 1) with |x| < θ
    private static int Pixels(double theta, int resolution) =>
        Enumerable.Range(0, resolution).Count(i => Math.Abs(-1.0 + (((2.0 * i) + 1.0) / resolution)) < theta);
}
