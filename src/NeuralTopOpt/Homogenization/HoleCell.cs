using System.Globalization;

namespace NeuralTopOpt.Homogenization;

/// <summary>
/// The microstructure of the paper's HBTO material model (Sec. 3.3, Fig. 3A): a square unit cell of
/// solid material with a centred rectangular hole of width θ₁ (along x) and height θ₂ (along y),
/// both fractions of the cell side in [0, 1]. Its solid fraction is 1 − θ₁θ₂ (Eq. 13, per element).
/// </summary>
public static class HoleCell
{
    /// <summary>
    /// Rasterizes the cell on a <paramref name="resolution"/> × <paramref name="resolution"/> pixel
    /// grid: with the cell mapped to [−1, 1]², a pixel is void (0) when its centre (x_c, y_c)
    /// satisfies |x_c| &lt; θ₁ and |y_c| &lt; θ₂, and solid (1) otherwise — the rule of the paper's
    /// code and of the reference data. Pixels are stored column by column, pixel (i, j) at
    /// i·resolution + j with i along x and j along y, the element order of the FE mesh.
    /// </summary>
    public static void Rasterize(double width, double height, int resolution, Span<double> densities)
    {
        Validate(width, height, resolution);
        if (densities.Length != resolution * resolution)
        {
            throw new ArgumentException($"{densities.Length} pixels given for a {resolution}x{resolution} cell", nameof(densities));
        }

        Span<bool> insideAlongY = resolution <= 1024 ? stackalloc bool[resolution] : new bool[resolution];
        for (var j = 0; j < resolution; j++)
        {
            insideAlongY[j] = Math.Abs(PixelCentre(j, resolution)) < height;
        }

        for (var i = 0; i < resolution; i++)
        {
            var insideAlongX = Math.Abs(PixelCentre(i, resolution)) < width;
            var column = densities.Slice(i * resolution, resolution);
            for (var j = 0; j < resolution; j++)
            {
                column[j] = insideAlongX && insideAlongY[j] ? 0.0 : 1.0;
            }
        }
    }

    /// <summary>Allocating form of <see cref="Rasterize(double, double, int, Span{double})"/>.</summary>
    public static double[] Rasterize(double width, double height, int resolution)
    {
        Validate(width, height, resolution);
        var densities = new double[resolution * resolution];
        Rasterize(width, height, resolution, densities);
        return densities;
    }

    /// <summary>Solid fraction of the continuous cell, 1 − θ₁θ₂.</summary>
    public static double SolidFraction(double width, double height) => 1 - (width * height);

    /// <summary>
    /// Throws <see cref="InvalidInputException"/> unless θ₁ and θ₂ lie in [0, 1] and the resolution is at least 2.
    /// </summary>
    public static void Validate(double width, double height, int resolution)
    {
        CheckFraction("width", width);
        CheckFraction("height", height);
        if (resolution < 2)
        {
            throw new InvalidInputException($"the cell resolution must be at least 2 pixels, not {resolution}");
        }
    }

    /// <summary>Centre of pixel <paramref name="index"/> on [−1, 1]: −1 + (2·index + 1)/resolution.</summary>
    private static double PixelCentre(int index, int resolution) => -1.0 + (((2.0 * index) + 1.0) / resolution);

    private static void CheckFraction(string name, double value)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new InvalidInputException(
                $"the hole {name} must be a fraction of the cell side in [0, 1], not {value.ToString(CultureInfo.InvariantCulture)}");
        }
    }
}
