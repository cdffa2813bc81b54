using NeuralTopOpt.Cells;
using NeuralTopOpt.Reporting.Images;
using SkiaSharp;

namespace NeuralTopOpt.Tests.Reporting;

public class MicrostructureImageTests
{
    [Fact]
    public void Each_element_is_drawn_as_its_hole_cell()
    {
        // Two elements side by side: a half-size hole, then a solid cell.
        var png = MicrostructureImage.Encode(CellFamilies.Hole, [0.5, 0.0, 0.5, 0.0], nx: 2, ny: 1, cellPixels: 4);
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
        Assert.Equal(drawn, RectangularHoleCell.Snap(theta, RectangularHoleCell.PaperSnap));

    [Fact]
    public void Nearly_full_hole_is_drawn_as_void_after_snapping()
    {
        var png = MicrostructureImage.Encode(CellFamilies.Hole, [0.95, 0.95], nx: 1, ny: 1, cellPixels: 10);
        using var bitmap = SKBitmap.Decode(png);

        Assert.Equal(255, bitmap.GetPixel(0, 0).Red);
    }

    [Fact]
    public void A_density_design_is_drawn_as_grey_squares_of_its_density()
    {
        var png = MicrostructureImage.Encode(CellFamilies.Density, [0.0, 0.25, 1.0], nx: 3, ny: 1, cellPixels: 4);
        using var bitmap = SKBitmap.Decode(png);

        Assert.Equal(255, bitmap.GetPixel(1, 1).Red);
        Assert.Equal(191, bitmap.GetPixel(5, 2).Red);
        Assert.Equal(0, bitmap.GetPixel(10, 3).Red);
    }

    [Fact]
    public void The_field_of_fig_11_is_the_picture_in_numbers()
    {
        double[] widths = [0.5, 0.0, 0.8, 0.3];
        double[] heights = [0.5, 0.0, 0.2, 0.9];

        var field = MicrostructureImage.Field(CellFamilies.Hole, [.. widths, .. heights], nx: 2, ny: 2, cellPixels: 6);
        using var bitmap = SKBitmap.Decode(MicrostructureImage.Encode(CellFamilies.Hole, [.. widths, .. heights], nx: 2, ny: 2, cellPixels: 6));

        Assert.Equal(12 * 12, field.Length);
        for (var x = 0; x < 12; x++)
        {
            for (var y = 0; y < 12; y++)
            {
                Assert.Equal(field[(x * 12) + y] == 1 ? 0 : 255, bitmap.GetPixel(x, y).Red);
            }
        }

        // Element (ex, ey) = index ex·ny + ey is the pixels of its own cell, in the cell's own order.
        double[] Cell(int ex, int ey) => [.. Enumerable.Range(0, 6).SelectMany(i => Enumerable.Range(0, 6).Select(j => field[(((ex * 6) + i) * 12) + (ey * 6) + j]))];
        for (var e = 0; e < 4; e++)
        {
            Assert.Equal(NeuralTopOpt.Homogenization.HoleCell.Rasterize(RectangularHoleCell.Snap(widths[e], RectangularHoleCell.PaperSnap), RectangularHoleCell.Snap(heights[e], RectangularHoleCell.PaperSnap), 6), Cell(e / 2, e % 2));
        }

        Assert.Contains(0.0, Cell(0, 0));
        Assert.DoesNotContain(0.0, Cell(0, 1));
    }
}
