using System.Globalization;
using System.Text;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Export;

/// <summary>
/// A <see cref="PixelGrid"/> as SVG: the solid as black rectangles, one per maximal horizontal run of solid pixels
/// in a row (so a solid row is one rectangle), on a white background, in the grid's units (viewBox
/// 0 0 W·h H·h, y downwards as in the picture).
/// </summary>
public static class SvgFile
{
    /// <summary>The SVG text of <paramref name="grid"/>.</summary>
    public static string Format(PixelGrid grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var f = CultureInfo.InvariantCulture;
        var h = grid.PixelSize;
        var (width, height) = (grid.Width * h, grid.Height * h);
        var text = new StringBuilder();
        text.Append(f, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width:R} {height:R}\" width=\"{Math.Min(2000, grid.Width * Math.Max(1, 2000 / grid.Width))}\" shape-rendering=\"crispEdges\">\n");
        text.Append(f, $"<rect x=\"0\" y=\"0\" width=\"{width:R}\" height=\"{height:R}\" fill=\"white\"/>\n");
        text.Append("<g fill=\"black\">\n");
        for (var y = 0; y < grid.Height; y++)
        {
            var x = 0;
            while (x < grid.Width)
            {
                if (!grid.IsSolid(x, y))
                {
                    x++;
                    continue;
                }

                var start = x;
                while (x < grid.Width && grid.IsSolid(x, y))
                {
                    x++;
                }

                text.Append(f, $"<rect x=\"{start * h:R}\" y=\"{y * h:R}\" width=\"{(x - start) * h:R}\" height=\"{h:R}\"/>\n");
            }
        }

        text.Append("</g>\n</svg>\n");
        return text.ToString();
    }

    /// <summary>Writes <see cref="Format"/> to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, PixelGrid grid) => AtomicFile.WriteAllText(path, Format(grid));
}
