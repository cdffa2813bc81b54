using NeuralTopOpt.Reporting.Charts;
using SkiaSharp;

namespace NeuralTopOpt.Tests.Reporting;

public class ChartTests
{
    [Fact]
    public void Line_chart_has_the_requested_size_and_draws_the_series_colours()
    {
        var x = Enumerable.Range(1, 50).Select(i => (double)i).ToArray();
        var layout = new ChartLayout("Convergence", "iteration", "compliance", Width: 640, Height: 400) { LogY = true };
        Series[] series = [new("a", x, x.Select(v => 300 / v).ToArray()), new("b", x, x.Select(v => 200 / Math.Sqrt(v)).ToArray())];

        var png = LineChart.Encode(series, layout);
        using var bitmap = SKBitmap.Decode(png);

        Assert.Equal(640, bitmap.Width);
        Assert.Equal(400, bitmap.Height);
        Assert.True(CountNear(bitmap, new SKColor(0x1f, 0x77, 0xb4)) > 100, "first series (Category10 blue) not drawn");
        Assert.True(CountNear(bitmap, new SKColor(0xff, 0x7f, 0x0e)) > 100, "second series (Category10 orange) not drawn");
    }

    [Fact]
    public void Series_with_unequal_lengths_is_refused() =>
        Assert.Throws<ArgumentException>(() => LineChart.Encode([new Series("bad", [1, 2], [1])], new ChartLayout("", "x", "y")));

    [Fact]
    public void Contour_chart_spans_the_colour_map()
    {
        const int N = 21;
        var values = new double[N * N];
        for (var i = 0; i < N; i++)
        {
            for (var j = 0; j < N; j++)
            {
                values[(i * N) + j] = (i / (N - 1.0)) * (j / (N - 1.0));
            }
        }

        var png = ContourChart.Encode(values, N, N, (0, 1), (0, 1), new ChartLayout("C11", "width", "height", 500, 420));
        using var bitmap = SKBitmap.Decode(png);

        Assert.Equal(500, bitmap.Width);
        // Viridis runs from dark purple (low) to yellow (high): both ends appear.
        Assert.True(CountNear(bitmap, new SKColor(0x44, 0x01, 0x54), tolerance: 40) > 50, "low end of the colour map missing");
        Assert.True(CountNear(bitmap, new SKColor(0xfd, 0xe7, 0x25), tolerance: 40) > 50, "high end of the colour map missing");
    }

    private static int CountNear(SKBitmap bitmap, SKColor target, int tolerance = 30)
    {
        var count = 0;
        for (var x = 0; x < bitmap.Width; x++)
        {
            for (var y = 0; y < bitmap.Height; y++)
            {
                var c = bitmap.GetPixel(x, y);
                if (Math.Abs(c.Red - target.Red) + Math.Abs(c.Green - target.Green) + Math.Abs(c.Blue - target.Blue) <= tolerance)
                {
                    count++;
                }
            }
        }

        return count;
    }
}

public class LogTickTests
{
    [Fact]
    public void Wide_ranges_get_one_two_five_ticks() =>
        Assert.Equal([1e-7, 2e-7, 5e-7, 1e-6, 2e-6, 5e-6, 1e-5], LineChart.LogTicks(1e-7, 1e-5));

    [Fact]
    public void Ranges_within_a_decade_get_finer_ticks() =>
        Assert.Equal([90, 100, 150, 200, 300], LineChart.LogTicks(81, 350));
}
