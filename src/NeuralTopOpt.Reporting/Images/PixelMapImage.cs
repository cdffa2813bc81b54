using System.Globalization;
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
    /// <summary>The largest image file read (a 2000 × 2000 cell compresses far below it).</summary>
    public const long MaxBytes = 256L << 20;

    /// <summary>
    /// Reads a PNG (or any image SkiaSharp decodes) as a square pixel map, one cell pixel per image pixel.
    /// The size in the header is checked before any pixel is allocated (a 200-byte file may claim
    /// 100000 × 100000 pixels), and the image must decode completely: a file cut short or with corrupt
    /// image data is an error, never a cell whose missing rows come out solid.
    /// </summary>
    /// <exception cref="MalformedFileException">Missing, a folder, not an image, truncated or corrupt.</exception>
    /// <exception cref="InvalidInputException">Not square, smaller than 2 × 2 or larger than <see cref="PeriodicCellMesh.MaxResolution"/> per side.</exception>
    public static PixelMap Read(string path)
    {
        TextFile.Check(path, MaxBytes);
        using var stream = File.OpenRead(path);
        using var codec = SKCodec.Create(stream, out var opened);
        if (codec is null)
        {
            throw new MalformedFileException(path, opened == SKCodecResult.IncompleteInput
                ? "the image is cut short (its header is incomplete)"
                : "not an image SkiaSharp can decode (PNG expected)");
        }

        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (width > PeriodicCellMesh.MaxResolution || height > PeriodicCellMesh.MaxResolution || width < 1 || height < 1)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: the image header says {width} x {height} pixels; a cell has 2 to {PeriodicCellMesh.MaxResolution} pixels per side"));
        }

        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var decoded = codec.GetPixels(info, bitmap.GetPixels());
        if (decoded != SKCodecResult.Success)
        {
            throw new MalformedFileException(path, decoded == SKCodecResult.IncompleteInput
                ? string.Create(CultureInfo.InvariantCulture, $"the image is cut short: its {width} x {height} pixels are not all in the file")
                : $"the image data is corrupt ({decoded})");
        }

        var rows = new double[height][];
        for (var y = 0; y < height; y++)
        {
            rows[y] = new double[width];
            for (var x = 0; x < width; x++)
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
