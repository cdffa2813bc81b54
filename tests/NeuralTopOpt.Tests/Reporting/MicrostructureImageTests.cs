using NeuralTopOpt.Reporting.Images;
using SkiaSharp;

namespace NeuralTopOpt.Tests.Reporting;

public class MicrostructureImageTests
{
    [Fact]
    public void Each_element_is_drawn_as_its_hole_cell()
    {
        // Two elements side by side: a half-size hole, then a solid cell.
        var png = MicrostructureImage.Encode([0.5, 0.0], [0.5, 0.0], nx: 2, ny: 1, cellPixels: 4);
        using var bitmap = SKBitmap.Decode(png);

        Assert.Equal(8, bitmap.Width);
        Assert.Equal(4, bitmap.Height);
        Assert.Equal(0, bitmap.GetPixel(0, 0).Red);     // cell corner: solid
        Assert.Equal(255, bitmap.GetPixel(1, 1).Red);   // cell centre: hole
        Assert.Equal(255, bitmap.GetPixel(2, 2).Red);
        Assert.Equal(0, bitmap.GetPixel(3, 1).Red);
        Assert.Equal(0, bitmap.GetPixel(5, 1).Red);     // second cell is solid throughout
    }

    [Theory]
    [InlineData(0.05, 0.0)]
    [InlineData(0.075, 0.075)]
    [InlineData(0.5, 0.5)]
    [InlineData(0.93, 1.0)]
    [InlineData(1.2, 1.0)]
    [InlineData(-0.1, 0.0)]
    public void Values_within_the_snap_of_a_bound_are_drawn_at_the_bound(double theta, double drawn) =>
        Assert.Equal(drawn, MicrostructureImage.Snap(theta, MicrostructureImage.PaperSnap));

    [Fact]
    public void Nearly_full_hole_is_drawn_as_void_after_snapping()
    {
        var png = MicrostructureImage.Encode([0.95], [0.95], nx: 1, ny: 1, cellPixels: 10);
        using var bitmap = SKBitmap.Decode(png);

        Assert.Equal(255, bitmap.GetPixel(0, 0).Red);
    }
}
