using NeuralTopOpt.Datasets;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Materials;

namespace NeuralTopOpt.Cells;

/// <summary>
/// The rectangular hole turned by an angle φ, the classic cell of homogenization-based design (Bendsøe
/// and Kikuchi 1988): fields θ₁ (width), θ₂ (height) and φ ∈ [−π/2, π/2] (counter-clockwise), k = 3,
/// <code>
///   C(θ₁, θ₂, φ) = T(φ)·C⁰(θ₁, θ₂)·T(φ)ᵀ     (<see cref="RotatedMaterial"/>; ∂C/∂φ exact),
/// </code>
/// with C⁰ the paper's hole cell (<see cref="RectangularHoleCell"/>): the network learns only C⁰, so the
/// hole's dataset and network serve unchanged. Solid fraction 1 − θ₁θ₂ whatever φ; solid (0, 0, 0), void
/// (1, 1, 0); start √(1 − V_t) × √(1 − V_t) unturned. The sensitivity filter weights φ by the solid
/// fraction (an angle is no amount of material). Drawn as the periodic lattice of holes turned by φ.
/// </summary>
public sealed class RotatedHoleCell : ICellFamily
{
    /// <summary>The family of <paramref name="hole"/> (the paper's rectangular hole) turned.</summary>
    public RotatedHoleCell(ICellFamily hole)
    {
        ArgumentNullException.ThrowIfNull(hole);
        _hole = hole;
    }

    /// <inheritdoc/>
    public string Name => "rotated-hole";

    /// <inheritdoc/>
    public string Description => "the hole cell turned by an angle phi: C = T(phi) C0(theta1, theta2) T(phi)^T";

    /// <inheritdoc/>
    public IReadOnlyList<CellParameter> Parameters => Fields;

    private static readonly CellParameter[] Fields =
    [
        new("width", "θ₁", "hole width along the cell's own x axis, a fraction of the cell side"),
        new("height", "θ₂", "hole height along the cell's own y axis, a fraction of the cell side"),
        new("angle", "φ", "turn of the cell, counter-clockwise, in radians", -Math.PI / 2, Math.PI / 2, SensitivityWeight.SolidFraction),
    ];

    private readonly ICellFamily _hole;

    /// <summary>The unturned hole's data: the network learns C⁰ only.</summary>
    public CellDataset Dataset => _hole.Dataset;

    /// <inheritdoc/>
    public void Solid(Span<double> theta) => theta[..3].Clear();

    /// <inheritdoc/>
    public void Void(Span<double> theta) => (theta[0], theta[1], theta[2]) = (1, 1, 0);

    /// <inheritdoc/>
    public void Start(double level, Span<double> theta) => (theta[0], theta[1], theta[2]) = (level, level, 0);

    /// <inheritdoc/>
    public double StartLevel(double volumeFraction) => Math.Sqrt(1 - volumeFraction);

    /// <inheritdoc/>
    public double SolidFraction(ReadOnlySpan<double> theta) => HoleCell.SolidFraction(theta[0], theta[1]);

    /// <inheritdoc/>
    public void SolidFractionGradient(ReadOnlySpan<double> theta, Span<double> gradient) => (gradient[0], gradient[1], gradient[2]) = (-theta[1], -theta[0], 0);

    /// <summary>
    /// The periodic lattice of holes turned by φ, clipped to the square: pixel centre (x, y) on [−1, 1]² (y up) is
    /// turned by −φ into the cell's axes, brought into the period [−1, 1)², and void when |x′| &lt; θ₁ and |y′| &lt; θ₂
    /// (at φ = 0 exactly <see cref="HoleCell.Rasterize(double, double, int, Span{double})"/>).
    /// </summary>
    public void Rasterize(ReadOnlySpan<double> theta, int resolution, Span<double> densities)
    {
        CellFamilies.Check(this, theta, resolution, densities.Length);
        Turned(theta[0], theta[1], theta[2], resolution, densities);
    }

    /// <summary>As <see cref="Rasterize"/>, the sizes snapped as the paper draws its holes (<see cref="RectangularHoleCell.PaperSnap"/>).</summary>
    public void Draw(ReadOnlySpan<double> theta, int pixels, Span<double> densities) =>
        Turned(RectangularHoleCell.Snap(theta[0], RectangularHoleCell.PaperSnap), RectangularHoleCell.Snap(theta[1], RectangularHoleCell.PaperSnap), theta[2], pixels, densities);

    /// <summary>T(φ)·C^H(θ₁, θ₂)·T(φ)ᵀ of the unturned hole cell homogenized (the turned lattice is not periodic on the square).</summary>
    public HomogenizedStiffness Homogenize(CellHomogenizer homogenizer, ReadOnlySpan<double> theta, Span<double> densities)
    {
        CellFamilies.CheckDesign(this, theta);
        var c0 = _hole.Homogenize(homogenizer, theta[..2], densities);
        Span<double> t = stackalloc double[9];
        RotatedMaterial.Transformation(theta[2], t, derivative: false);
        Span<double> c = stackalloc double[9];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                double sum = 0;
                for (var a = 0; a < 3; a++)
                {
                    for (var b = 0; b < 3; b++)
                    {
                        sum += t[(3 * i) + a] * c0[a, b] * t[(3 * j) + b];
                    }
                }

                c[(3 * i) + j] = sum;
            }
        }

        return new HomogenizedStiffness(c);
    }

    /// <summary>A network of the hole's (θ₁, θ₂) → C⁰ turned by φ (<see cref="RotatedMaterial"/>), or a model of the caller's with three fields.</summary>
    public IMaterialModel CreateMaterial(MaterialSource source, PlaneCondition plane = PlaneCondition.Strain)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source switch
        {
            NetworkSource network => new RotatedMaterial(CellMaterials.Network(this, network, NetworkOutputs.Orthotropic, plane, inputs: 2)),
            _ => CellMaterials.Create(this, source, plane),
        };
    }

    /// <summary>The hole's exact material (C^H and ∂C^H/∂θ₁,₂ of the area-weighted cell) turned by φ.</summary>
    public IMaterialModel? ExactMaterial(int resolution, IMaterialModel? stiffness = null) =>
        _hole.ExactMaterial(resolution, (stiffness as RotatedMaterial)?.Inner) is { } exact ? new RotatedMaterial(exact) : null;

    private static void Turned(double width, double height, double phi, int resolution, Span<double> densities)
    {
        var (s, c) = Math.SinCos(phi);
        for (var i = 0; i < resolution; i++)
        {
            var x = -1.0 + (((2.0 * i) + 1.0) / resolution);
            for (var j = 0; j < resolution; j++)
            {
                var y = 1.0 - (((2.0 * j) + 1.0) / resolution);
                var u = Wrap((c * x) + (s * y));
                var v = Wrap((-s * x) + (c * y));
                densities[(i * resolution) + j] = Math.Abs(u) < width && Math.Abs(v) < height ? 0.0 : 1.0;
            }
        }
    }

    /// <summary>z brought into the period [−1, 1).</summary>
    private static double Wrap(double z) => z - (2 * Math.Floor((z + 1) / 2));
}
