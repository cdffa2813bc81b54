using NeuralTopOpt.IO;
using SkiaSharp;

namespace NeuralTopOpt.Reporting.Images;

/// <summary>
/// Renders a scalar field on a structured grid (element densities, a difference of two designs) as
/// a PNG, one square block of pixels per element, row 0 of the grid at the top of the picture.
/// </summary>
public static class FieldImage
{
    /// <summary>
    /// Grey scale as in the paper's figures: <paramref name="low"/> is white, <paramref name="high"/>
    /// black. <paramref name="values"/> are stored column by column (index = x·ny + y, y = 0 at the
    /// top), the element order of the FE mesh.
    /// </summary>
    public static byte[] EncodeGrey(ReadOnlySpan<double> values, int nx, int ny, int pixelsPerElement = 8, double low = 0, double high = 1)
    {
        CheckShape(values.Length, nx, ny, pixelsPerElement);
        var span = high - low;
        var colors = new SKColor[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var t = span == 0 ? 0 : Math.Clamp((values[i] - low) / span, 0, 1);
            var grey = double.IsNaN(t) ? (byte)128 : (byte)Math.Round(255 * (1 - t));
            colors[i] = new SKColor(grey, grey, grey);
        }

        return Encode(colors, nx, ny, pixelsPerElement);
    }

    /// <summary>
    /// Diverging colour map for signed fields (a difference of designs): −<paramref name="limit"/> blue,
    /// 0 white, +<paramref name="limit"/> red.
    /// </summary>
    public static byte[] EncodeDiverging(ReadOnlySpan<double> values, int nx, int ny, double limit, int pixelsPerElement = 8)
    {
        CheckShape(values.Length, nx, ny, pixelsPerElement);
        if (!(limit > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(limit), "limit must be positive");
        }

        var colors = new SKColor[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var t = Math.Clamp(values[i] / limit, -1, 1);
            var fade = (byte)Math.Round(255 * (1 - Math.Abs(t)));
            colors[i] = t >= 0 ? new SKColor(255, fade, fade) : new SKColor(fade, fade, 255);
        }

        return Encode(colors, nx, ny, pixelsPerElement);
    }

    /// <summary>Writes <see cref="EncodeGrey"/> to <paramref name="path"/> atomically.</summary>
    public static void SaveGrey(string path, ReadOnlySpan<double> values, int nx, int ny, int pixelsPerElement = 8, double low = 0, double high = 1) =>
        AtomicFile.WriteAllBytes(path, EncodeGrey(values, nx, ny, pixelsPerElement, low, high));

    private static byte[] Encode(SKColor[] colors, int nx, int ny, int scale)
    {
        using var bitmap = new SKBitmap(nx * scale, ny * scale, SKColorType.Rgba8888, SKAlphaType.Opaque);
        for (var x = 0; x < nx; x++)
        {
            for (var y = 0; y < ny; y++)
            {
                var color = colors[(x * ny) + y];
                for (var px = 0; px < scale; px++)
                {
                    for (var py = 0; py < scale; py++)
                    {
                        bitmap.SetPixel((x * scale) + px, (y * scale) + py, color);
                    }
                }
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static void CheckShape(int length, int nx, int ny, int scale)
    {
        if (nx <= 0 || ny <= 0 || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(nx), $"grid {nx}x{ny} at {scale} px per element is empty");
        }

        if (length != nx * ny)
        {
            throw new ArgumentException($"{length} values do not fill a {nx}x{ny} grid", nameof(length));
        }
    }
}
