using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Materials;

/// <summary>
/// The admissible range of predicted stiffness entries, [E_min·C_unit, E_max·C_unit] entry by entry,
/// and the clamp the paper's code applies to every model output (C11, C12, C22, C33). Derivatives are
/// not touched: a clamped entry keeps the model's own derivative, as in the paper's code.
/// </summary>
public sealed record StiffnessBounds(StiffnessTensor Lower, StiffnessTensor Upper)
{
    /// <summary>The paper's range: [10⁻⁹·C_solid, C_solid] for the given solid tensor.</summary>
    public static StiffnessBounds Paper(StiffnessTensor solid) => new(solid.Scale(1e-9), solid);

    /// <summary>
    /// Clamps n × 4 entries (C11, C12, C22, C33 per element) in place into [Lower, Upper] and returns
    /// how many were outside. NaN entries are left as they are (the FE solve reports them).
    /// </summary>
    public int Clamp(Span<double> stiffness)
    {
        if (stiffness.Length % 4 != 0)
        {
            throw new ArgumentException("stiffness holds 4 entries per element", nameof(stiffness));
        }

        ReadOnlySpan<double> lower = [Lower.C11, Lower.C12, Lower.C22, Lower.C33];
        ReadOnlySpan<double> upper = [Upper.C11, Upper.C12, Upper.C22, Upper.C33];
        var clamped = 0;
        for (var i = 0; i < stiffness.Length; i++)
        {
            var t = i & 3;
            if (stiffness[i] < lower[t])
            {
                stiffness[i] = lower[t];
                clamped++;
            }
            else if (stiffness[i] > upper[t])
            {
                stiffness[i] = upper[t];
                clamped++;
            }
        }

        return clamped;
    }
}
