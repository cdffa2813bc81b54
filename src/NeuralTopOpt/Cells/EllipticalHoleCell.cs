using NeuralTopOpt.Datasets;

namespace NeuralTopOpt.Cells;

/// <summary>
/// A square cell with a centred elliptical hole (beyond the paper): semi-axes A = √2·θ₁ along x and
/// B = √2·θ₂ along y, in units of the half side, so that θ = (1, 1) is a circle through the corners (void)
/// and θ = (0, 0) the solid; a hole wider than the cell is clipped by it (a slot across the cell). With
/// the quarter area Q(A, B) = ∫₀^min(1, A) min(1, B√(1 − x²/A²)) dx of the hole in the quarter cell,
/// <code>
///   ρ = 1 − Q,   Q = A·t* + A·B·[G(tₐ) − G(t*)],   ∂Q/∂A = B·[H(tₐ) − H(t*)],   ∂Q/∂B = A·[G(tₐ) − G(t*)],
///   tₐ = min(1, 1/A),  t* = √(1 − 1/B²) for B &gt; 1 else 0 (Q = 1 when t* ≥ tₐ),
///   G(t) = ½(t√(1 − t²) + asin t),  H(t) = ½(asin t − t√(1 − t²)).
/// </code>
/// A pixel is void when its centre lies inside the ellipse. Everything else (dataset of homogenized cells,
/// network material of (C11, C12, C22, C33), drawing) is the interface's default.
/// </summary>
public sealed class EllipticalHoleCell : ICellFamily
{
    private static readonly CellParameter[] Fields =
    [
        new("rx", "θ₁", "semi-axis of the hole along x, a fraction of the half diagonal (1: the circle through the corners)"),
        new("ry", "θ₂", "semi-axis of the hole along y, a fraction of the half diagonal"),
    ];

    /// <summary>The family; its dataset is built once.</summary>
    public EllipticalHoleCell() => Dataset = CellDataset.Homogenized(this);

    /// <inheritdoc/>
    public string Name => "ellipse";

    /// <inheritdoc/>
    public string Description => "the square cell with a centred elliptical hole";

    /// <inheritdoc/>
    public IReadOnlyList<CellParameter> Parameters => Fields;

    /// <inheritdoc/>
    public CellDataset Dataset { get; }

    /// <inheritdoc/>
    public void Solid(Span<double> theta) => theta[..2].Clear();

    /// <inheritdoc/>
    public void Void(Span<double> theta) => theta[..2].Fill(1);

    /// <inheritdoc/>
    public void Start(double level, Span<double> theta) => theta[..2].Fill(level);

    /// <summary>The circle whose solid fraction is V_t, by bisection (ρ falls monotonically along the circles).</summary>
    public double StartLevel(double volumeFraction)
    {
        double low = 0, high = 1;
        for (var step = 0; step < 60; step++)
        {
            var middle = 0.5 * (low + high);
            (low, high) = 1 - Quarter(Math.Sqrt(2) * middle, Math.Sqrt(2) * middle).Area > volumeFraction ? (middle, high) : (low, middle);
        }

        return 0.5 * (low + high);
    }

    /// <inheritdoc/>
    public double SolidFraction(ReadOnlySpan<double> theta) => 1 - Quarter(Math.Sqrt(2) * theta[0], Math.Sqrt(2) * theta[1]).Area;

    /// <inheritdoc/>
    public void SolidFractionGradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        var q = Quarter(Math.Sqrt(2) * theta[0], Math.Sqrt(2) * theta[1]);
        (gradient[0], gradient[1]) = (-Math.Sqrt(2) * q.ByA, -Math.Sqrt(2) * q.ByB);
    }

    /// <inheritdoc/>
    public void Rasterize(ReadOnlySpan<double> theta, int resolution, Span<double> densities)
    {
        CellFamilies.Check(this, theta, resolution, densities.Length);
        var (a, b) = (Math.Sqrt(2) * theta[0], Math.Sqrt(2) * theta[1]);
        for (var i = 0; i < resolution; i++)
        {
            var x = -1.0 + (((2.0 * i) + 1.0) / resolution);
            for (var j = 0; j < resolution; j++)
            {
                var y = -1.0 + (((2.0 * j) + 1.0) / resolution);
                var inside = a > 0 && b > 0 && ((x / a) * (x / a)) + ((y / b) * (y / b)) < 1;
                densities[(i * resolution) + j] = inside ? 0.0 : 1.0;
            }
        }
    }

    /// <summary>Q(A, B), the hole's area in the quarter cell [0, 1]², and its derivatives.</summary>
    internal static (double Area, double ByA, double ByB) Quarter(double a, double b)
    {
        var ta = a <= 1 ? 1 : 1 / a;
        var tStar = b > 1 ? Math.Sqrt(1 - (1 / (b * b))) : 0;
        if (tStar >= ta)
        {
            return (1, 0, 0);
        }

        var (g, h) = (G(ta) - G(tStar), H(ta) - H(tStar));
        return ((a * tStar) + (a * b * g), b * h, a * g);
    }

    private static double G(double t) => 0.5 * ((t * Math.Sqrt(1 - (t * t))) + Math.Asin(t));

    private static double H(double t) => 0.5 * (Math.Asin(t) - (t * Math.Sqrt(1 - (t * t))));
}
