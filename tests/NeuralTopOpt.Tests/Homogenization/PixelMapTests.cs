using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Tests.Homogenization;

public sealed class PixelMapTests : IDisposable
{
    private readonly string _path = Path.GetTempFileName();

    public void Dispose() => File.Delete(_path);

    [Fact]
    public void Csv_rows_run_top_to_bottom_and_become_columns_of_the_cell()
    {
        File.WriteAllText(_path, "# a 3x3 cell, top row first\n1,0.5,0\n\n0,1,0\n0.25,0,1\n");

        var map = PixelMap.ReadCsv(_path);

        // Pixel (column i, row j) at i·3 + j: column 0 is 1, 0, 0.25 from the top.
        Assert.Equal(3, map.Resolution);
        Assert.Equal([1, 0, 0.25, 0.5, 1, 0, 0, 0, 1], map.Densities.ToArray());
        Assert.Equal(map.Densities.ToArray(), PixelMap.FromColumns(3, map.Densities).Densities.ToArray());
    }

    [Fact]
    public void A_csv_with_a_header_is_refused_naming_the_line()
    {
        File.WriteAllText(_path, "a,b\n1,0\n0,1\n");

        var error = Assert.Throws<MalformedFileException>(() => PixelMap.ReadCsv(_path));

        Assert.Contains("line 1: 'a' is not a number", error.Message, StringComparison.Ordinal);
    }
}
