using NeuralTopOpt.Homogenization;
using NeuralTopOpt.IO;
using SkiaSharp;

namespace NeuralTopOpt.Reporting.Images;

/// <summary>
/// Unit cells as pictures (Fig. 3A): the pixel map of a cell drawn black where solid and white where
/// void, and such a picture read back as a cell. Grey is intermediate density: ρ = 1 − L/255 with L the
/// luminance (299R + 587G + 114B)/1000 of the pixel (composited over white when transparent), so black
/// is exactly 1 and white exactly 0.
/// </summary>
public static class PixelMapImage
{
    /// <summary>Reads a PNG (or any image SkiaSharp decodes) as a square pixel map, one cell pixel per image pixel.</summary>
    /// <exception cref="MalformedFileException">Missing or undecodable file.</exception>
    /// <exception cref="InvalidInputException">Not square, or smaller than 2 × 2.</exception>
    public static PixelMap Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new MalformedFileException(path, "file not found");
        }

        using var bitmap = SKBitmap.Decode(path) ?? throw new MalformedFileException(path, "not an image SkiaSharp can decode (PNG expected)");
        var rows = new double[bitmap.Height][];
        for (var y = 0; y < bitmap.Height; y++)
        {
            rows[y] = new double[bitmap.Width];
            for (var x = 0; x < bitmap.Width; x++)
            {
                var c = bitmap.GetPixel(x, y);
                var alpha = c.Alpha / 255.0;
                var luminance = (alpha * ((299 * c.Red) + (587 * c.Green) + (114 * c.Blue)) / 1000) + ((1 - alpha) * 255);
                rows[y][x] = Math.Clamp(1 - (luminance / 255), 0, 1);
            }
        }

        return PixelMap.FromRows(rows, path);
    }

    /// <summary>The cell as a PNG, <paramref name="scale"/> image pixels per cell pixel, solid black and void white.</summary>
    public static byte[] Encode(PixelMap map, int scale = 4)
    {
        ArgumentNullException.ThrowIfNull(map);
        return FieldImage.EncodeGrey(map.Densities, map.Resolution, map.Resolution, scale);
    }

    /// <summary>Writes <see cref="Encode"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, PixelMap map, int scale = 4) => AtomicFile.WriteAllBytes(path, Encode(map, scale));
}
