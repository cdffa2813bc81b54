using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Materials;

/// <summary>
/// The HBTO material with the exact derivative of the homogenized cell, ∂C^H/∂θ₁ and ∂C^H/∂θ₂
/// (<see cref="HoleCellGradient"/>, area-weighted rasterization), and C either from another material
/// model (a network: then only the derivative differs from a network run, the error of the method's
/// ∂C/∂θ alone) or from the homogenized cell itself (the sensitivities of the true material model).
/// One cell is homogenized per distinct (θ₁, θ₂) and remembered: for the uniform initial design of
/// Fig. 4C that is one cell for the whole beam. Not thread-safe.
/// </summary>
/// <remarks>
/// <paramref name="cells"/> gives C^H and ∂C^H/∂θ of one cell: <see cref="HoleCellGradient.Compute"/>
/// (the exact derivative at θ) or <see cref="HoleCellSweep.Average"/> (averaged over the pixel sweep
/// that contains θ: the trend a network trained on binary cells can learn, where the exact derivative
/// at a point swings within every pixel).
/// </remarks>
public sealed class ExactHoleCellMaterial(Func<double, double, HoleCellDerivative> cells, IMaterialModel? model) : IMaterialModel
{
    private readonly Dictionary<(double, double), HoleCellDerivative> _cells = [];

    /// <inheritdoc/>
    public string Name => model is null ? "homogenized" : "nn+exact";

    /// <inheritdoc/>
    public int DesignVariablesPerElement => 2;

    /// <inheritdoc/>
    public int StiffnessEntries => 4;

    /// <summary>E_ref = 1: the cells are homogenized from the E = 1 solid, as the paper's data (the network's, if any, agrees).</summary>
    public double ReferenceModulus => model?.ReferenceModulus ?? 1.0;

    /// <summary>Distinct cells homogenized so far.</summary>
    public int CellCount => _cells.Count;

    /// <inheritdoc/>
    public int Stiffness(ReadOnlySpan<double> designs, Span<double> stiffness)
    {
        var n = this.CheckLengths(designs.Length, stiffness.Length);
        if (model is not null)
        {
            return model.Stiffness(designs, stiffness);
        }

        for (var e = 0; e < n; e++)
        {
            Entries(Cell(designs[2 * e], designs[(2 * e) + 1]).Stiffness, stiffness.Slice(4 * e, 4));
        }

        return 0;
    }

    /// <inheritdoc/>
    public void Derivatives(ReadOnlySpan<double> designs, Span<double> derivatives)
    {
        var n = this.CheckLengths(designs.Length, 4 * (designs.Length / 2), derivatives.Length);
        for (var e = 0; e < n; e++)
        {
            Derivatives(Cell(designs[2 * e], designs[(2 * e) + 1]), derivatives.Slice(8 * e, 8));
        }
    }

    /// <summary>∂C_t/∂θ_k of a cell at 2t + k (t = C11, C12, C22, C33; k = width, height), the layout of the material models.</summary>
    public static void Derivatives(HoleCellDerivative cell, Span<double> derivatives)
    {
        ArgumentNullException.ThrowIfNull(cell);
        Span<double> byWidth = stackalloc double[4];
        Span<double> byHeight = stackalloc double[4];
        Entries(cell.ByWidth, byWidth);
        Entries(cell.ByHeight, byHeight);
        for (var t = 0; t < 4; t++)
        {
            derivatives[2 * t] = byWidth[t];
            derivatives[(2 * t) + 1] = byHeight[t];
        }
    }

    /// <summary>(C11, C12, C22, C33) of a homogenized matrix, the order of the material models.</summary>
    public static void Entries(HomogenizedStiffness c, Span<double> entries)
    {
        ArgumentNullException.ThrowIfNull(c);
        entries[0] = c.C11;
        entries[1] = c.C12;
        entries[2] = c.C22;
        entries[3] = c.C33;
    }

    private HoleCellDerivative Cell(double width, double height)
    {
        if (!_cells.TryGetValue((width, height), out var cell))
        {
            cell = cells(width, height);
            _cells[(width, height)] = cell;
        }

        return cell;
    }
}
