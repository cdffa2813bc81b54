namespace NeuralTopOpt.Homogenization;

/// <summary>
/// The derivative of the homogenized hole cell averaged over whole pixels of edge travel.
/// </summary>
/// <remarks>
/// <para>
/// At a finite resolution R, C^H(θ) of the area-weighted cell (<see cref="HoleCellCoverage"/>) is
/// smooth only while the hole's edges cross one pixel: it has a kink wherever an edge meets a pixel
/// boundary, and its exact derivative (<see cref="HoleCellGradient"/>) swings within every pixel
/// (for C11 by width at θ = (0.1, 0.1), R = 100, from −0.10 just past a boundary to −0.68 just
/// before the next). A network trained on binary cells, whose C^H is a staircase that meets the
/// area-weighted C^H at every boundary, can only learn the trend of those steps.
/// </para>
/// <para>
/// The trend is the mean of the exact derivative over whole pixels of edge travel, which is a
/// difference quotient of C^H at pixel-aligned θ (where area-weighted and binary cells are the same):
/// ∂C/∂θ ≈ [C^H(θ_hi) − C^H(θ_lo)] / (θ_hi − θ_lo), with [θ_lo, θ_hi] the pixel sweep that contains θ,
/// or one pixel on either side when θ lies on a boundary. Edges sit on pixel boundaries where
/// (1 − θ)·R/2 is an integer; one pixel of edge travel is Δθ = 2/R.
/// </para>
/// </remarks>
public static class HoleCellSweep
{
    /// <summary>
    /// The interval [θ_lo, θ_hi] whose difference quotient is the pixel-averaged derivative at
    /// <paramref name="theta"/>: the pixel sweep containing it, or one pixel on each side when it is
    /// on a boundary; clipped to [0, 1].
    /// </summary>
    public static (double Low, double High) Window(double theta, int resolution)
    {
        HoleCell.Validate(theta, theta, resolution);
        var pixels = (1 - theta) * resolution / 2;                // pixels between the cell's edge and the hole's edge
        var nearest = Math.Round(pixels);
        var (near, far) = Math.Abs(pixels - nearest) < 1e-9 ? (nearest - 1, nearest + 1) : (Math.Floor(pixels), Math.Ceiling(pixels));
        near = Math.Max(near, 0);
        far = Math.Min(far, Math.Floor(resolution / 2.0));
        return (Theta(far, resolution), Theta(near, resolution));
    }

    /// <summary>The nearest θ to <paramref name="theta"/> at which the hole's edges lie on pixel boundaries, at least one pixel from either end.</summary>
    public static double Aligned(double theta, int resolution)
    {
        HoleCell.Validate(theta, theta, resolution);
        var pixels = Math.Clamp(Math.Round((1 - theta) * resolution / 2), 1, Math.Max(1, Math.Floor(resolution / 2.0) - 1));
        return Theta(pixels, resolution);
    }

    /// <summary>
    /// θ whose hole edges lie <paramref name="pixels"/> pixels from the cell's edges, as (R − 2·pixels)/R:
    /// the form of the pixel boundaries in <see cref="HoleCellCoverage"/>, so that 0.1 at R = 100 is
    /// exactly 0.1 (1 − 90/100 is 0.09999999999999998, just before the boundary, where the one-sided
    /// derivative is that of the next pixel).
    /// </summary>
    private static double Theta(double pixels, int resolution) => (resolution - (2 * pixels)) / resolution;

    /// <summary>
    /// C^H at (<paramref name="width"/>, <paramref name="height"/>) (area-weighted) and ∂C^H/∂θ averaged
    /// over the pixel sweeps of <see cref="Window"/>: five homogenized cells, or four when the caller
    /// already has C^H at θ (<paramref name="centre"/>).
    /// </summary>
    public static HoleCellDerivative Average(HoleCellGradient gradient, double width, double height, HomogenizedStiffness? centre = null)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        var resolution = gradient.Resolution;
        var (w0, w1) = Window(width, resolution);
        var (h0, h1) = Window(height, resolution);
        centre ??= gradient.Compute(width, height).Stiffness;
        var byWidth = Quotient(gradient.Compute(w1, height).Stiffness, gradient.Compute(w0, height).Stiffness, w1 - w0);
        var byHeight = Quotient(gradient.Compute(width, h1).Stiffness, gradient.Compute(width, h0).Stiffness, h1 - h0);
        return new HoleCellDerivative(centre, byWidth, byHeight);
    }

    private static HomogenizedStiffness Quotient(HomogenizedStiffness high, HomogenizedStiffness low, double step)
    {
        Span<double> entries = stackalloc double[9];
        for (var k = 0; k < 9; k++)
        {
            entries[k] = (high[k / 3, k % 3] - low[k / 3, k % 3]) / step;
        }

        return new HomogenizedStiffness(entries);
    }
}
