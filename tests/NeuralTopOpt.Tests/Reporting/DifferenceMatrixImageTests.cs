using NeuralTopOpt.Reporting.Images;
using SkiaSharp;

namespace NeuralTopOpt.Tests.Reporting;

public class DifferenceMatrixImageTests
{
    [Fact]
    public void Panel_shows_column_minus_row_in_a_lower_triangle()
    {
        // Three methods on a 4x2 grid: A is solid, B void, C half.
        double[] a = [1, 1, 1, 1, 1, 1, 1, 1];
        double[] b = new double[8];
        double[] c = [.5, .5, .5, .5, .5, .5, .5, .5];

        var png = DifferenceMatrixImage.Encode(["A", "B", "C"], [a, b, c], nx: 4, ny: 2, (_, _) => ["x"], limit: 1, pixelsPerElement: 10);
        using var bitmap = SKBitmap.Decode(png);

        // Geometry: label column 90 px, panels 40x20 px plus a 12 px margin; rows B and C, columns A and B.
        Assert.Equal(90 + (2 * 52) + 12, bitmap.Width);
        var rowB = 12 + 5;
        var rowC = rowB + (bitmap.Height - 12 - 34) / 2;
        Assert.Equal(new SKColor(255, 0, 0), bitmap.GetPixel(90 + 20, rowB));            // A − B = +1: red
        Assert.Equal(new SKColor(255, 128, 128), bitmap.GetPixel(90 + 20, rowC));        // A − C = +0.5: light red
        Assert.Equal(new SKColor(128, 128, 255), bitmap.GetPixel(90 + 52 + 20, rowC));   // B − C = −0.5: light blue
        Assert.Equal(new SKColor(255, 255, 255), bitmap.GetPixel(90 + 52 + 20, rowB));   // above the diagonal: empty
    }

    [Fact]
    public void Fields_of_the_wrong_size_are_refused() =>
        Assert.Throws<ArgumentException>(() => DifferenceMatrixImage.Encode(["A", "B"], [new double[4], new double[3]], 2, 2, (_, _) => []));
}
