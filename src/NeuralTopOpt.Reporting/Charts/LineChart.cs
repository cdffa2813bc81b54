using NeuralTopOpt.IO;
using ScottPlot;

namespace NeuralTopOpt.Reporting.Charts;

/// <summary>
/// Line charts: convergence histories (compliance against iteration, Fig. 7 and Fig. 10 of the
/// paper), training losses, timings. One colour per series from a palette that stays readable in
/// grey scale, with a legend.
/// </summary>
public static class LineChart
{
    /// <summary>Renders the series as a PNG.</summary>
    public static byte[] Encode(IReadOnlyList<Series> series, ChartLayout layout)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(layout);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var s = 0; s < series.Count; s++)
        {
            var line = series[s];
            if (line.X.Count != line.Y.Count)
            {
                throw new ArgumentException($"series '{line.Name}' has {line.X.Count} x and {line.Y.Count} y values", nameof(series));
            }

            var ys = layout.LogY ? line.Y.Select(v => v > 0 ? Math.Log10(v) : double.NaN).ToArray() : line.Y.ToArray();
            var scatter = plot.Add.ScatterLine(line.X.ToArray(), ys, palette.GetColor(s));
            scatter.LegendText = line.Name;
            scatter.LineWidth = 2;
            scatter.LinePattern = s < 10 ? LinePattern.Solid : LinePattern.Dashed;
        }

        if (layout.LogY)
        {
            var positive = series.SelectMany(l => l.Y).Where(v => v > 0 && double.IsFinite(v)).ToArray();
            if (positive.Length > 0)
            {
                var low = layout.YRange?.Min ?? positive.Min();
                var high = layout.YRange?.Max ?? positive.Max();
                var ticks = LogTicks(low, high);
                plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
                    ticks.Select(Math.Log10).ToArray(),
                    ticks.Select(t => t.ToString("G3", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            }
        }

        if (layout.YRange is { } range)
        {
            var min = layout.LogY ? Math.Log10(range.Min) : range.Min;
            var max = layout.LogY ? Math.Log10(range.Max) : range.Max;
            plot.Axes.SetLimitsY(min, max);
        }

        Decorate(plot, layout, legend: series.Count > 1);
        return plot.GetImageBytes(layout.Width, layout.Height, ImageFormat.Png);
    }

    /// <summary>Writes <see cref="Encode"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, IReadOnlyList<Series> series, ChartLayout layout) =>
        AtomicFile.WriteAllBytes(path, Encode(series, layout));

    /// <summary>Tick values 1, 2, 5 × 10ᵏ covering [low, high] (with 1–10 × 10ᵏ when the range spans less than a decade).</summary>
    internal static double[] LogTicks(double low, double high)
    {
        var narrow = high / low < 10;
        double[] mantissas = narrow ? [1, 1.5, 2, 3, 4, 5, 6, 7, 8, 9] : [1, 2, 5];
        var ticks = new List<double>();
        for (var k = (int)Math.Floor(Math.Log10(low)); k <= (int)Math.Ceiling(Math.Log10(high)); k++)
        {
            foreach (var m in mantissas)
            {
                var t = double.Parse($"{m.ToString(System.Globalization.CultureInfo.InvariantCulture)}e{k}", System.Globalization.CultureInfo.InvariantCulture); // exact decimal, not m·10ᵏ rounded twice
                if (t >= low * 0.999 && t <= high * 1.001)
                {
                    ticks.Add(t);
                }
            }
        }

        return [.. ticks];
    }

    internal static void Decorate(Plot plot, ChartLayout layout, bool legend)
    {
        if (layout.Title.Length > 0)
        {
            plot.Title(layout.Title);
        }

        plot.XLabel(layout.XLabel);
        plot.YLabel(layout.YLabel);
        if (legend)
        {
            plot.ShowLegend(Alignment.UpperRight);
        }
    }
}
