using NeuralTopOpt.Cells;
using NeuralTopOpt.IO;
using SkiaSharp;

namespace NeuralTopOpt.Reporting.Images;

/// <summary>
/// Renders a design as the multiscale picture of the paper's Fig. 9: every macro element is drawn as
/// its cell by the cell family's drawing hook (<see cref="ICellFamily.Draw"/>: the rectangular hole with
/// the paper's 7.5% snap, the rotated hole turned, the density as a grey square), black solid, white void.
/// </summary>
public static class MicrostructureImage
{
    /// <summary>
    /// Encodes the design as PNG. <paramref name="physical"/> holds the k fields of the family, field-major
    /// (θ₁ of every element, then θ₂ …), elements column by column (index x·ny + y, y = 0 at the top). Each
    /// element becomes <paramref name="cellPixels"/>² pixels, grey 255·(1 − density).
    /// </summary>
    public static byte[] Encode(ICellFamily cell, IReadOnlyList<double> physical, int nx, int ny, int cellPixels = 20)
    {
        var field = Field(cell, physical, nx, ny, cellPixels);
        var (width, height) = (nx * cellPixels, ny * cellPixels);
        using var bitmap = new SKBitmap(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        var pixels = bitmap.GetPixelSpan();
        var stride = bitmap.RowBytes;
        for (var column = 0; column < width; column++)
        {
            for (var row = 0; row < height; row++)
            {
                pixels[(row * stride) + column] = (byte)Math.Round(255 * (1 - Math.Clamp(field[(column * height) + row], 0, 1)));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>
    /// The assembled multiscale topology as a density field (1 solid, 0 void), (nx·c) × (ny·c) values stored
    /// column by column (index X·(ny·c) + Y, Y = 0 at the top) like the element fields of
    /// <see cref="FieldImage"/>: the fields that Fig. 11 subtracts.
    /// </summary>
    public static double[] Field(ICellFamily cell, IReadOnlyList<double> physical, int nx, int ny, int cellPixels = 20)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(physical);
        if (nx <= 0 || ny <= 0 || cellPixels < 2)
        {
            throw new ArgumentOutOfRangeException(nameof(nx), $"grid {nx}x{ny} with {cellPixels} px cells cannot be drawn");
        }

        var (n, k) = (nx * ny, cell.FieldCount);
        if (physical.Count != k * n)
        {
            throw new ArgumentException($"{physical.Count} values for a {nx}x{ny} grid of {cell.Name} cells ({k} per element)", nameof(physical));
        }

        var height = ny * cellPixels;
        var field = new double[nx * cellPixels * height];
        var pixels = new double[cellPixels * cellPixels];
        var theta = new double[k];
        for (var x = 0; x < nx; x++)
        {
            for (var y = 0; y < ny; y++)
            {
                var e = (x * ny) + y;
                for (var f = 0; f < k; f++)
                {
                    theta[f] = physical[(f * n) + e];
                }

                cell.Draw(theta, cellPixels, pixels);
                for (var i = 0; i < cellPixels; i++)
                {
                    for (var j = 0; j < cellPixels; j++)
                    {
                        field[(((x * cellPixels) + i) * height) + (y * cellPixels) + j] = pixels[(i * cellPixels) + j];
                    }
                }
            }
        }

        return field;
    }

    /// <summary>Writes <see cref="Encode"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(string path, ICellFamily cell, IReadOnlyList<double> physical, int nx, int ny, int cellPixels = 20) =>
        AtomicFile.WriteAllBytes(path, Encode(cell, physical, nx, ny, cellPixels));
}
