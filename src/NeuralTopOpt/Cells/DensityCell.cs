using NeuralTopOpt.Datasets;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Materials;

namespace NeuralTopOpt.Cells;

/// <summary>
/// DBTO (Sec. 4.2): one density θ ∈ [0, 1] per element (k = 1), solid fraction ρ = θ (Eq. 12), solid
/// θ = 1, void θ = 0, start θ = V_t (Fig. 4B). Its material is the SIMP law (Eq. 14) or a network
/// θ → E trained on it; its dataset is E(θ) of Eq. (14); it is drawn as a grey square of its density.
/// </summary>
public sealed class DensityCell : ICellFamily
{
    private static readonly CellParameter[] Fields = [new("theta", "θ", "density: 0 void, 1 solid")];

    /// <inheritdoc/>
    public string Name => "density";

    /// <inheritdoc/>
    public string Description => "an element of density theta (DBTO, Eq. 12)";

    /// <inheritdoc/>
    public IReadOnlyList<CellParameter> Parameters => Fields;

    /// <inheritdoc/>
    public bool SolidFractionIsLinear => true;

    /// <inheritdoc/>
    public CellDataset Dataset { get; } = new(
        "simp", "ntopo dataset simp: E = 1e-9 + (1 - 1e-9) theta^3 (Eq. 14)", ["theta"], ["E"], UsesResolution: false, _ => () => new SimpEvaluator());

    /// <inheritdoc/>
    public void Solid(Span<double> theta) => theta[0] = 1;

    /// <inheritdoc/>
    public void Void(Span<double> theta) => theta[0] = 0;

    /// <inheritdoc/>
    public void Start(double level, Span<double> theta) => theta[0] = level;

    /// <inheritdoc/>
    public double StartLevel(double volumeFraction) => volumeFraction;

    /// <inheritdoc/>
    public double SolidFraction(ReadOnlySpan<double> theta) => theta[0];

    /// <inheritdoc/>
    public void SolidFractionGradient(ReadOnlySpan<double> theta, Span<double> gradient) => gradient[0] = 1;

    /// <summary>A uniform map of the density θ (homogenizing it gives (θ + 10⁻⁹(1 − θ))·C_solid).</summary>
    public void Rasterize(ReadOnlySpan<double> theta, int resolution, Span<double> densities)
    {
        CellFamilies.Check(this, theta, resolution, densities.Length);
        densities.Fill(theta[0]);
    }

    /// <summary>SIMP (Eq. 14, penalty p) or a network θ → E; C = E·C_solid either way.</summary>
    public IMaterialModel CreateMaterial(MaterialSource source, PlaneCondition plane = PlaneCondition.Strain)
    {
        ArgumentNullException.ThrowIfNull(source);
        return source switch
        {
            SimpSource simp => new SimpMaterial(simp.Penalty, plane: plane, unit: simp.SolidTensor.Solid(plane)),
            NetworkSource network => CellMaterials.Network(this, network, NetworkOutputs.Modulus, plane),
            ModelSource model => CellMaterials.Custom(this, model),
            _ => throw new InvalidInputException($"unknown material source '{source.Name}'"),
        };
    }
}
