using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Reporting.Images;
using SkiaSharp;

namespace NeuralTopOpt.Tests.Reporting;

public sealed class PixelMapImageTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-pixelmap-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Grey_maps_round_trip_to_the_grey_level_and_keep_their_orientation()
    {
        const int R = 6;
        var random = new Random(8);
        var densities = Enumerable.Range(0, R * R).Select(_ => random.NextDouble()).ToArray();
        densities[0] = 1;           // pixel (column 0, row 0): the top-left corner of the picture
        densities[R - 1] = 0;       // pixel (column 0, row R − 1): the bottom-left corner
        var path = Path.Combine(_folder, "grey.png");

        PixelMapImage.Save(path, PixelMap.FromColumns(R, densities), scale: 1);
        var back = PixelMapImage.Read(path);

        Assert.Equal(R, back.Resolution);
        Assert.Equal(1.0, back.Densities[0]);
        Assert.Equal(0.0, back.Densities[R - 1]);
        for (var p = 0; p < densities.Length; p++)
        {
            Assert.Equal(densities[p], back.Densities[p], 0.5 / 255 + 1e-12);
        }

        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(new SKColor(0, 0, 0), bitmap.GetPixel(0, 0));
        Assert.Equal(new SKColor(255, 255, 255), bitmap.GetPixel(0, R - 1));
    }

    [Fact]
    public void A_picture_that_is_not_square_is_refused()
    {
        var path = Path.Combine(_folder, "oblong.png");
        using (var bitmap = new SKBitmap(4, 3))
        using (var image = SKImage.FromBitmap(bitmap))
        using (var data = image.Encode(SKEncodedImageFormat.Png, 100))
        {
            File.WriteAllBytes(path, data.ToArray());
        }

        var error = Assert.Throws<InvalidInputException>(() => PixelMapImage.Read(path));

        Assert.Contains("a cell must be square, at least 2 x 2 pixels; this one has 3 rows of 4 pixels", error.Message, StringComparison.Ordinal);
    }
}
