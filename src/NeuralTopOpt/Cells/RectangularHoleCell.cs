using NeuralTopOpt.Datasets;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Materials;

namespace NeuralTopOpt.Cells;

/// <summary>
/// HBTO (Sec. 4.3, Fig. 3A): a square cell of solid with a centred rectangular hole of width θ₁ and
/// height θ₂ (fractions of the side, k = 2), solid fraction ρ = 1 − θ₁θ₂ (Eq. 13), solid θ = (0, 0),
/// void θ = (1, 1), start θ₁ = θ₂ = √(1 − V_t) (Fig. 4C). Rasterized as the paper's code does
/// (<see cref="HoleCell"/>); drawn as in Fig. 9 with θ within 7.5% of a bound snapped to it; its exact
/// ∂C^H/∂θ is known (<see cref="HoleCellGradient"/>).
/// </summary>
public sealed class RectangularHoleCell : ICellFamily
{
    /// <summary>The paper's plotting convention: θ within 7.5% of a bound is drawn at the bound (no tiny holes, no hairline members).</summary>
    public const double PaperSnap = 0.075;

    private static readonly CellParameter[] Fields =
    [
        new("width", "θ₁", "hole width along x, a fraction of the cell side"),
        new("height", "θ₂", "hole height along y, a fraction of the cell side"),
    ];

    private CellDataset? _dataset;

    /// <inheritdoc/>
    public string Name => "hole";

    /// <inheritdoc/>
    public string Description => "the square cell with a centred rectangular hole";

    /// <inheritdoc/>
    public IReadOnlyList<CellParameter> Parameters => Fields;

    /// <summary>C^H of the rasterized cell at Latin hypercube samples of (θ₁, θ₂), the columns of the paper's reference data (built on first use).</summary>
    public CellDataset Dataset => _dataset ??= CellDataset.Homogenized(this);

    /// <inheritdoc/>
    public double SolidFraction(ReadOnlySpan<double> theta) => HoleCell.SolidFraction(theta[0], theta[1]);

    /// <inheritdoc/>
    public void SolidFractionGradient(ReadOnlySpan<double> theta, Span<double> gradient) => (gradient[0], gradient[1]) = (-theta[1], -theta[0]);

    /// <summary>v(θ̃) = 1 − mean(θ̃₁θ̃₂) (Eq. 13), summed as the paper's code does.</summary>
    public double MeanSolidFraction(ReadOnlySpan<double> physical, int elementCount)
    {
        double sum = 0;
        for (var e = 0; e < elementCount; e++)
        {
            sum += physical[e] * physical[elementCount + e];
        }

        return 1 - (sum / elementCount);
    }

    /// <inheritdoc/>
    public void Solid(Span<double> theta) => theta[..2].Clear();

    /// <inheritdoc/>
    public void Void(Span<double> theta) => theta[..2].Fill(1);

    /// <inheritdoc/>
    public void Start(double level, Span<double> theta) => theta[..2].Fill(level);

    /// <inheritdoc/>
    public double StartLevel(double volumeFraction) => Math.Sqrt(1 - volumeFraction);

    /// <inheritdoc/>
    public void Rasterize(ReadOnlySpan<double> theta, int resolution, Span<double> densities)
    {
        CellFamilies.Check(this, theta, resolution, densities.Length);
        HoleCell.Rasterize(theta[0], theta[1], resolution, densities);
    }

    /// <summary>As Fig. 9: θ within <see cref="PaperSnap"/> of a bound is drawn at the bound.</summary>
    public void Draw(ReadOnlySpan<double> theta, int pixels, Span<double> densities) =>
        HoleCell.Rasterize(Snap(theta[0], PaperSnap), Snap(theta[1], PaperSnap), pixels, densities);

    /// <summary>The area-weighted cell with its exact ∂C^H/∂θ₁, ∂C^H/∂θ₂ (<see cref="HoleCellGradient"/>), C from <paramref name="stiffness"/> when given.</summary>
    public IMaterialModel? ExactMaterial(int resolution, IMaterialModel? stiffness = null) =>
        new ExactHoleCellMaterial(new HoleCellGradient(PeriodicCellMesh.Create(resolution)).Compute, stiffness);

    /// <summary>θ moved to the nearer bound when within <paramref name="snap"/> of it, clamped to [0, 1].</summary>
    public static double Snap(double theta, double snap)
    {
        var t = Math.Clamp(theta, 0, 1);
        return t < snap ? 0 : t > 1 - snap ? 1 : t;
    }
}
