using NeuralTopOpt.IO;
using SkiaSharp;

namespace NeuralTopOpt.Reporting.Images;

/// <summary>
/// The matrix of topology differences of the paper's Fig. 8 and Fig. 11: for N methods, a lower
/// triangle of N − 1 rows and columns; the panel in row i (method i + 1, named on the left) and
/// column j (method j, named at the bottom) shows field_j − field_{i+1} on a diverging scale (red
/// where the column's design has more material, blue where the row's has), with annotation lines
/// (θ_MSE, ∂φ₀/∂θ MSE …) printed under it.
/// </summary>
public static class DifferenceMatrixImage
{
    private const int Margin = 12;
    private const int LabelWidth = 90;
    private const int LabelHeight = 34;
    private const float FontSize = 15f;
    private const float SmallFontSize = 12.5f;

    /// <summary>
    /// Encodes the matrix as PNG. <paramref name="fields"/> holds one field per method, each
    /// <paramref name="nx"/> × <paramref name="ny"/> values stored column by column (index x·ny + y);
    /// <paramref name="annotations"/>(row method, column method) gives the text lines under a panel;
    /// <paramref name="limit"/> is the difference drawn at full colour.
    /// </summary>
    public static byte[] Encode(
        IReadOnlyList<string> names,
        IReadOnlyList<double[]> fields,
        int nx,
        int ny,
        Func<int, int, IReadOnlyList<string>> annotations,
        double limit = 1.0,
        int pixelsPerElement = 4)
    {
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(annotations);
        if (names.Count < 2 || names.Count != fields.Count)
        {
            throw new ArgumentException($"{names.Count} names and {fields.Count} fields: need at least two of each, as many names as fields", nameof(names));
        }

        if (fields.Any(f => f.Length != nx * ny))
        {
            throw new ArgumentException($"every field must hold {nx}x{ny} values", nameof(fields));
        }

        var size = names.Count - 1;
        var panelWidth = nx * pixelsPerElement;
        var panelHeight = ny * pixelsPerElement;
        var lines = Enumerable.Range(1, size).SelectMany(i => Enumerable.Range(0, i).Select(j => annotations(i, j).Count)).DefaultIfEmpty(0).Max();
        var cellHeight = panelHeight + 6 + (int)Math.Ceiling(lines * SmallFontSize * 1.35) + Margin;
        var cellWidth = panelWidth + Margin;
        var width = LabelWidth + (size * cellWidth) + Margin;
        var height = Margin + (size * cellHeight) + LabelHeight;

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var typeface = SKTypeface.FromFamilyName("DejaVu Sans") ?? SKTypeface.Default;
        using var font = new SKFont(typeface, FontSize);
        using var small = new SKFont(typeface, SmallFontSize);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var frame = new SKPaint { Color = new SKColor(160, 160, 160), Style = SKPaintStyle.Stroke, StrokeWidth = 1 };

        for (var row = 1; row <= size; row++)
        {
            var top = Margin + ((row - 1) * cellHeight);
            canvas.DrawText(names[row], Margin, top + (panelHeight / 2f) + (FontSize / 2f), SKTextAlign.Left, font, ink);
            for (var column = 0; column < row; column++)
            {
                var left = LabelWidth + (column * cellWidth);
                var difference = new double[nx * ny];
                for (var e = 0; e < difference.Length; e++)
                {
                    difference[e] = fields[column][e] - fields[row][e];
                }

                using var panel = SKBitmap.Decode(FieldImage.EncodeDiverging(difference, nx, ny, limit, pixelsPerElement));
                canvas.DrawBitmap(panel, left, top);
                canvas.DrawRect(left, top, panelWidth, panelHeight, frame);
                var y = top + panelHeight + 4 + SmallFontSize;
                foreach (var text in annotations(row, column))
                {
                    canvas.DrawText(text, left + (panelWidth / 2f), y, SKTextAlign.Center, small, ink);
                    y += SmallFontSize * 1.35f;
                }
            }
        }

        for (var column = 0; column < size; column++)
        {
            var centre = LabelWidth + (column * cellWidth) + (panelWidth / 2f);
            canvas.DrawText(names[column], centre, height - (LabelHeight / 2f) + (FontSize / 2f), SKTextAlign.Center, font, ink);
        }

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    /// <summary>Writes <see cref="Encode"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(
        string path,
        IReadOnlyList<string> names,
        IReadOnlyList<double[]> fields,
        int nx,
        int ny,
        Func<int, int, IReadOnlyList<string>> annotations,
        double limit = 1.0,
        int pixelsPerElement = 4) =>
        AtomicFile.WriteAllBytes(path, Encode(names, fields, nx, ny, annotations, limit, pixelsPerElement));
}
