using System.Diagnostics;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Materials;

namespace NeuralTopOpt.Studies;

/// <summary>
/// The HBTO material with the exact derivative of the homogenized cell, ∂C^H/∂θ₁ and ∂C^H/∂θ₂
/// (<see cref="HoleCellGradient"/>, area-weighted rasterization), and C either from a network
/// material (so that only the derivative differs from a network run: the error of the method's
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
internal sealed class ExactHoleCellMaterial(Func<double, double, HoleCellDerivative> cells, IMaterialModel? stiffness) : IMaterialModel
{
    private readonly Dictionary<(double, double), HoleCellDerivative> _cells = [];
    private double[] _scratch = [];

    public string Name => stiffness is null ? "homogenized" : "nn+exact";

    public int DesignVariablesPerElement => 2;

    /// <summary>Distinct cells homogenized so far.</summary>
    public int CellCount => _cells.Count;

    public MaterialEvaluation Evaluate(ReadOnlySpan<double> designs, Span<double> stiffnessOut, Span<double> derivatives)
    {
        var n = designs.Length / 2;
        var start = Stopwatch.GetTimestamp();
        var clamped = 0;
        if (stiffness is not null)
        {
            if (_scratch.Length != derivatives.Length)
            {
                _scratch = new double[derivatives.Length];
            }

            clamped = stiffness.Evaluate(designs, stiffnessOut, _scratch).ClampedEntries;
        }

        var modelTime = Stopwatch.GetElapsedTime(start);
        start = Stopwatch.GetTimestamp();
        for (var e = 0; e < n; e++)
        {
            var key = (designs[2 * e], designs[(2 * e) + 1]);
            if (!_cells.TryGetValue(key, out var cell))
            {
                cell = cells(key.Item1, key.Item2);
                _cells[key] = cell;
            }

            if (stiffness is null)
            {
                Entries(cell.Stiffness, stiffnessOut.Slice(4 * e, 4));
            }

            Derivatives(cell, derivatives.Slice(8 * e, 8));
        }

        return new MaterialEvaluation(clamped, modelTime, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>∂C_t/∂θ_k of a cell at 2t + k (t = C11, C12, C22, C33; k = width, height), the layout of the material models.</summary>
    public static void Derivatives(HoleCellDerivative cell, Span<double> derivatives)
    {
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
        entries[0] = c.C11;
        entries[1] = c.C12;
        entries[2] = c.C22;
        entries[3] = c.C33;
    }
}
