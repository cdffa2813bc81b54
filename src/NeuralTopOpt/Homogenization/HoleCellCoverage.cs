namespace NeuralTopOpt.Homogenization;

/// <summary>
/// An area-weighted ("anti-aliased") rasterization of the hole cell: each pixel's density is the
/// fraction of its area outside the hole, ρ = 1 − f_x·f_y with f_x = |[a, b] ∩ [−θ₁, θ₁]| / Δ the
/// fraction of the pixel's x-interval [a, b] (Δ = 2/R on the cell [−1, 1]²) inside the hole, and
/// f_y likewise with θ₂. Unlike the binary rule of <see cref="HoleCell.Rasterize(double, double, int)"/>,
/// which the paper's data uses and which makes C^H a staircase in θ, this density — and so C^H —
/// is a continuous, piecewise-smooth function of (θ₁, θ₂) with the analytic derivative
/// ∂ρ/∂θ₁ = −f_y·∂f_x/∂θ₁, where ∂f_x/∂θ₁ = (number of hole edges ±θ₁ inside [a, b]) / Δ.
/// Where a hole edge falls on pixel boundaries both maps coincide.
/// </summary>
public static class HoleCellCoverage
{
    /// <summary>
    /// Writes ρ and its derivatives ∂ρ/∂θ₁, ∂ρ/∂θ₂ for every pixel (column-major like
    /// <see cref="HoleCell.Rasterize(double, double, int, Span{double})"/>).
    /// </summary>
    public static void Rasterize(
        double width, double height, int resolution, Span<double> densities, Span<double> byWidth, Span<double> byHeight)
    {
        HoleCell.Validate(width, height, resolution);
        var count = resolution * resolution;
        if (densities.Length != count || byWidth.Length != count || byHeight.Length != count)
        {
            throw new ArgumentException($"each output needs {count} pixels for a {resolution}x{resolution} cell");
        }

        var fx = new double[resolution];
        var dfx = new double[resolution];
        var fy = new double[resolution];
        var dfy = new double[resolution];
        Fractions(width, resolution, fx, dfx);
        Fractions(height, resolution, fy, dfy);
        for (var i = 0; i < resolution; i++)
        {
            for (var j = 0; j < resolution; j++)
            {
                var p = (i * resolution) + j;
                densities[p] = 1 - (fx[i] * fy[j]);
                byWidth[p] = -dfx[i] * fy[j];
                byHeight[p] = -fx[i] * dfy[j];
            }
        }
    }

    /// <summary>The coverage densities alone.</summary>
    public static double[] Rasterize(double width, double height, int resolution)
    {
        HoleCell.Validate(width, height, resolution);
        var count = resolution * resolution;
        var densities = new double[count];
        Rasterize(width, height, resolution, densities, new double[count], new double[count]);
        return densities;
    }

    /// <summary>
    /// f = |[a, b] ∩ [−t, t]| / Δ per pixel interval, and df/dt = (#{±t strictly inside (a, b)}) / Δ.
    /// A hole edge exactly on a pixel boundary takes the one-sided derivative of the growing hole
    /// (the edge counts for the pixel it is about to enter).
    /// </summary>
    private static void Fractions(double t, int resolution, Span<double> fraction, Span<double> derivative)
    {
        var delta = 2.0 / resolution;
        for (var i = 0; i < resolution; i++)
        {
            // Pixel edges as (2i − R)/R: exact wherever a decimal hole edge such as 0.4 should meet them.
            var a = ((2.0 * i) - resolution) / resolution;
            var b = ((2.0 * (i + 1)) - resolution) / resolution;
            fraction[i] = t >= b && -t <= a ? 1.0 : Math.Clamp((Math.Min(b, t) - Math.Max(a, -t)) / delta, 0, 1);
            var edges = 0;
            if (t >= a && t < b && t < 1)
            {
                edges++; // right edge moves right, into this pixel
            }

            if (-t > a && -t <= b && t < 1)
            {
                edges++; // left edge moves left, into this pixel
            }

            derivative[i] = edges / delta;
        }
    }
}
