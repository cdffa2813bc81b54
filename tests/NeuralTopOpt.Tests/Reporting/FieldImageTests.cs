using NeuralTopOpt.Reporting.Images;
using SkiaSharp;

namespace NeuralTopOpt.Tests.Reporting;

public class FieldImageTests
{
    [Fact]
    public void Grey_scale_maps_one_to_black_and_zero_to_white_column_by_column()
    {
        // 2 x 3 grid, column-major: x = 0 holds (1, 0, 0.5), x = 1 holds (0, 0, 0).
        double[] values = [1, 0, 0.5, 0, 0, 0];

        var png = FieldImage.EncodeGrey(values, nx: 2, ny: 3, pixelsPerElement: 4);
        using var bitmap = SKBitmap.Decode(png);

        Assert.Equal(8, bitmap.Width);
        Assert.Equal(12, bitmap.Height);
        Assert.Equal(new SKColor(0, 0, 0), bitmap.GetPixel(1, 1));       // element (0, 0) = 1
        Assert.Equal(new SKColor(255, 255, 255), bitmap.GetPixel(1, 5)); // element (0, 1) = 0
        Assert.Equal(new SKColor(128, 128, 128), bitmap.GetPixel(3, 11)); // element (0, 2) = 0.5
        Assert.Equal(new SKColor(255, 255, 255), bitmap.GetPixel(6, 1)); // element (1, 0) = 0
    }

    [Fact]
    public void Diverging_map_is_red_for_positive_and_blue_for_negative()
    {
        var png = FieldImage.EncodeDiverging([1, -1, 0], nx: 3, ny: 1, limit: 1, pixelsPerElement: 1);
        using var bitmap = SKBitmap.Decode(png);

        Assert.Equal(new SKColor(255, 0, 0), bitmap.GetPixel(0, 0));
        Assert.Equal(new SKColor(0, 0, 255), bitmap.GetPixel(1, 0));
        Assert.Equal(new SKColor(255, 255, 255), bitmap.GetPixel(2, 0));
    }

    [Fact]
    public void Wrong_number_of_values_is_rejected() =>
        Assert.Throws<ArgumentException>(() => FieldImage.EncodeGrey([1, 2, 3], nx: 2, ny: 2));
}
