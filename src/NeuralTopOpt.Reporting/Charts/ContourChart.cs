using NeuralTopOpt.IO;
using ScottPlot;

namespace NeuralTopOpt.Reporting.Charts;

/// <summary>
/// A scalar over a rectangle as a colour map with contour lines and a colour bar: the homogenized
/// stiffness entries over the (θ₁, θ₂) square of the paper's Fig. 3C.
/// </summary>
public static class ContourChart
{
    /// <summary>
    /// Renders <paramref name="values"/>, sampled on an nx × ny grid of points spanning
    /// [xMin, xMax] × [yMin, yMax] (value of grid point (i, j) at i·ny + j, i along x, j along y
    /// with j = 0 at yMin), with <paramref name="levels"/> contour lines.
    /// </summary>
    public static byte[] Encode(
        ReadOnlySpan<double> values, int nx, int ny, (double Min, double Max) xRange, (double Min, double Max) yRange, ChartLayout layout, int levels = 10)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (nx < 2 || ny < 2 || values.Length != nx * ny)
        {
            throw new ArgumentException($"{values.Length} values do not fill a {nx}x{ny} grid of at least 2x2", nameof(values));
        }

        // Heatmap rows run top to bottom; flip j so yMin is at the bottom of the picture.
        var grid = new double[ny, nx];
        var points = new Coordinates3d[ny, nx];
        var dx = (xRange.Max - xRange.Min) / (nx - 1);
        var dy = (yRange.Max - yRange.Min) / (ny - 1);
        for (var i = 0; i < nx; i++)
        {
            for (var j = 0; j < ny; j++)
            {
                var v = values[(i * ny) + j];
                grid[ny - 1 - j, i] = v;
                points[j, i] = new Coordinates3d(xRange.Min + (i * dx), yRange.Min + (j * dy), v);
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(grid);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Extent = new CoordinateRect(xRange.Min - (dx / 2), xRange.Max + (dx / 2), yRange.Min - (dy / 2), yRange.Max + (dy / 2));
        var contours = plot.Add.ContourLines(points, levels);
        contours.LineColor = Colors.White.WithAlpha(0.8);
        contours.LabelStyle.IsVisible = false;
        plot.Add.ColorBar(heatmap);
        plot.Axes.SetLimits(xRange.Min, xRange.Max, yRange.Min, yRange.Max);
        LineChart.Decorate(plot, layout, legend: false);
        return plot.GetImageBytes(layout.Width, layout.Height, ImageFormat.Png);
    }

    /// <summary>Writes <see cref="Encode"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(
        string path, ReadOnlySpan<double> values, int nx, int ny, (double Min, double Max) xRange, (double Min, double Max) yRange, ChartLayout layout, int levels = 10) =>
        AtomicFile.WriteAllBytes(path, Encode(values, nx, ny, xRange, yRange, layout, levels));
}
