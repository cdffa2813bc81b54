using NeuralTopOpt.Homogenization;
using NeuralTopOpt.IO;
using SkiaSharp;

namespace NeuralTopOpt.Reporting.Images;

/// <summary>
/// Renders an HBTO design as the multiscale picture of the paper's Fig. 9: every macro element is
/// drawn as its hole cell (<see cref="HoleCell"/>), solid black and void white.
/// </summary>
public static class MicrostructureImage
{
    /// <summary>The paper's plotting convention: θ within 7.5% of a bound is drawn at the bound.</summary>
    public const double PaperSnap = 0.075;

    /// <summary>
    /// Encodes the design as PNG. <paramref name="widths"/> (θ₁) and <paramref name="heights"/> (θ₂)
    /// hold one value per element, column by column (index x·ny + y, y = 0 at the top). Each element
    /// becomes <paramref name="cellPixels"/>² pixels; θ &lt; <paramref name="snap"/> is drawn as 0 and
    /// θ &gt; 1 − <paramref name="snap"/> as 1 (no tiny holes, no hairline members).
    /// </summary>
    public static byte[] Encode(ReadOnlySpan<double> widths, ReadOnlySpan<double> heights, int nx, int ny, int cellPixels = 20, double snap = PaperSnap)
    {
        var field = Field(widths, heights, nx, ny, cellPixels, snap);
        var (width, height) = (nx * cellPixels, ny * cellPixels);
        using var bitmap = new SKBitmap(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        var pixels = bitmap.GetPixelSpan();
        var stride = bitmap.RowBytes;
        for (var column = 0; column < width; column++)
        {
            for (var row = 0; row < height; row++)
            {
                pixels[(row * stride) + column] = field[(column * height) + row] > 0.5 ? (byte)0 : (byte)255;
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>
    /// The assembled multiscale topology as a pixel field, 1 solid and 0 void, (nx·c) × (ny·c) values
    /// stored column by column (index X·(ny·c) + Y, Y = 0 at the top) like the element fields of
    /// <see cref="FieldImage"/>: the fields that Fig. 11 subtracts.
    /// </summary>
    public static double[] Field(ReadOnlySpan<double> widths, ReadOnlySpan<double> heights, int nx, int ny, int cellPixels = 20, double snap = PaperSnap)
    {
        if (nx <= 0 || ny <= 0 || cellPixels < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(nx), $"grid {nx}x{ny} with {cellPixels} px cells cannot be drawn");
        }

        if (widths.Length != nx * ny || heights.Length != nx * ny)
        {
            throw new ArgumentException($"{widths.Length} widths and {heights.Length} heights for a {nx}x{ny} grid", nameof(widths));
        }

        var height = ny * cellPixels;
        var field = new double[nx * cellPixels * height];
        var cell = new double[cellPixels * cellPixels];
        for (var x = 0; x < nx; x++)
        {
            for (var y = 0; y < ny; y++)
            {
                var e = (x * ny) + y;
                HoleCell.Rasterize(Snap(widths[e], snap), Snap(heights[e], snap), cellPixels, cell);
                for (var i = 0; i < cellPixels; i++)
                {
                    for (var j = 0; j < cellPixels; j++)
                    {
                        field[(((x * cellPixels) + i) * height) + (y * cellPixels) + j] = cell[(i * cellPixels) + j];
                    }
                }
            }
        }

        return field;
    }

    /// <summary>Writes <see cref="Encode"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, ReadOnlySpan<double> widths, ReadOnlySpan<double> heights, int nx, int ny, int cellPixels = 20, double snap = PaperSnap) =>
        AtomicFile.WriteAllBytes(path, Encode(widths, heights, nx, ny, cellPixels, snap));

    /// <summary>θ moved to the nearer bound when within <paramref name="snap"/> of it, clamped to [0, 1].</summary>
    public static double Snap(double theta, double snap)
    {
        var t = Math.Clamp(theta, 0, 1);
        return t < snap ? 0 : t > 1 - snap ? 1 : t;
    }
}
