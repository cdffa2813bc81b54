using NeuralTopOpt.IO;

namespace NeuralTopOpt.Reporting.Charts;

/// <summary>
/// The contour plots of the paper's Fig. 3C: C11, C12, C22 and C33 of the hole cell over the
/// (θ₁, θ₂) square, one PNG each, from a regular grid of homogenized cells
/// (<c>NeuralTopOpt.Datasets.HoleCellGrid</c>).
/// </summary>
public static class StiffnessContours
{
    /// <summary>The entries plotted, as in Fig. 3C.</summary>
    public static IReadOnlyList<string> Entries { get; } = ["C11", "C12", "C22", "C33"];

    /// <summary>
    /// Writes <c>C11.png</c>, <c>C12.png</c>, <c>C22.png</c>, <c>C33.png</c> into <paramref name="folder"/>
    /// from <paramref name="grid"/> (columns width, height and the entries; node (i, j) of the
    /// <paramref name="points"/> × <paramref name="points"/> grid in row i·points + j) and returns their paths.
    /// </summary>
    public static IReadOnlyList<string> Save(string folder, CsvTable grid, int points, int resolution, int levels = 12)
    {
        var paths = new List<string>();
        foreach (var (entry, png) in Encode(grid, points, resolution, levels))
        {
            var path = Path.Combine(folder, $"{entry}.png");
            AtomicFile.WriteAllBytes(path, png);
            paths.Add(path);
        }

        return paths;
    }

    /// <summary>The four charts of <see cref="Save"/> as PNG bytes, with the entry each shows.</summary>
    public static IReadOnlyList<(string Entry, byte[] Png)> Encode(CsvTable grid, int points, int resolution, int levels = 12)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (grid.RowCount != points * points)
        {
            throw new ArgumentException($"{grid.RowCount} rows do not fill a {points}x{points} grid", nameof(grid));
        }

        return [.. Entries.Select(entry =>
        {
            var layout = new ChartLayout($"{entry} of the hole cell ({resolution}x{resolution} pixels)", "width θ₁", "height θ₂", 560, 480);
            return (entry, ContourChart.Encode(grid.Column(grid.ColumnIndex(entry)), points, points, (0, 1), (0, 1), layout, levels));
        })];
    }
}
