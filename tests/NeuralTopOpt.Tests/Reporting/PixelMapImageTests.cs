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

    [Fact]
    public void A_hand_built_checkerboard_reads_back_exactly()
    {
        var path = Write("board.png", PngFiles.Checkerboard(4));

        var map = PixelMapImage.Read(path);

        Assert.Equal(4, map.Resolution);
        Assert.Equal([1.0, 0.0, 1.0, 0.0], map.Densities[..4].ToArray()); // column 0, rows 0..3
    }

    [Theory]
    [InlineData(100_000, 100_000)]
    [InlineData(20_000, 20_000)]
    [InlineData(2_001, 2_001)]
    public void A_header_claiming_more_pixels_than_a_cell_has_is_refused_before_decoding(int width, int height)
    {
        var path = Write("claim.png", PngFiles.Grey(width, height, [new byte[10]]));
        Assert.True(new FileInfo(path).Length < 200);

        var error = Assert.Throws<InvalidInputException>(() => PixelMapImage.Read(path));

        Assert.Equal($"{path}: the image header says {width} x {height} pixels; a cell has 2 to 2000 pixels per side", error.Message);
    }

    [Fact]
    public void A_truncated_image_is_an_error_not_a_solid_cell()
    {
        var missingRows = Write("rows.png", PngFiles.Grey(10, 10, Enumerable.Repeat(new byte[10], 5)));
        var whole = PngFiles.Checkerboard(10);
        var cut = Write("cut.png", whole[..(whole.Length / 2)]);
        var headerOnly = Write("header.png", whole[..20]);

        Assert.Equal($"{missingRows}: the image is cut short: its 10 x 10 pixels are not all in the file", Assert.Throws<MalformedFileException>(() => PixelMapImage.Read(missingRows)).Message);
        Assert.Contains("cut short", Assert.Throws<MalformedFileException>(() => PixelMapImage.Read(cut)).Message, StringComparison.Ordinal);
        Assert.Contains(headerOnly, Assert.Throws<MalformedFileException>(() => PixelMapImage.Read(headerOnly)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_or_a_missing_file_is_named()
    {
        Assert.Equal($"{_folder}: is a folder; expected a file", Assert.Throws<MalformedFileException>(() => PixelMapImage.Read(_folder)).Message);
        Assert.EndsWith("none.png: file not found", Assert.Throws<MalformedFileException>(() => PixelMapImage.Read(Path.Combine(_folder, "none.png"))).Message, StringComparison.Ordinal);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
