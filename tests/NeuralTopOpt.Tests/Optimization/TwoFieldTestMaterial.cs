using NeuralTopOpt.Fem;
using NeuralTopOpt.Materials;

namespace NeuralTopOpt.Tests.Optimization;

/// <summary>
/// A smooth anisotropic stand-in for the hole-cell surrogate (k = 2): with u = 1 − θ₁, v = 1 − θ₂,
/// C11 = C°11(0.01 + u²(1 − ½(1 − v)²)), C22 = C°22(0.01 + v²(1 − ½(1 − u)²)), C12 = C°12(0.01 + uv),
/// C33 = C°33(0.01 + (1 − θ₁θ₂)³); positive definite on [0, 1]², every entry depending on both fields.
/// </summary>
internal sealed class TwoFieldTestMaterial : IMaterialModel
{
    private readonly StiffnessTensor _unit = StiffnessTensor.Isotropic(1, 0.3, PlaneCondition.Strain);

    public string Name => "two-field test";

    public int DesignVariablesPerElement => 2;

    public int StiffnessEntries => 4;

    public int Stiffness(ReadOnlySpan<double> designs, Span<double> stiffness)
    {
        for (var e = 0; e < designs.Length / 2; e++)
        {
            var (t1, t2) = (designs[2 * e], designs[(2 * e) + 1]);
            var (u, v) = (1 - t1, 1 - t2);
            var a = 1 - (t1 * t2);
            stiffness[4 * e] = _unit.C11 * (0.01 + (u * u * (1 - (0.5 * t2 * t2))));
            stiffness[(4 * e) + 1] = _unit.C12 * (0.01 + (u * v));
            stiffness[(4 * e) + 2] = _unit.C22 * (0.01 + (v * v * (1 - (0.5 * t1 * t1))));
            stiffness[(4 * e) + 3] = _unit.C33 * (0.01 + (a * a * a));
        }

        return 0;
    }

    public void Derivatives(ReadOnlySpan<double> designs, Span<double> derivatives)
    {
        for (var e = 0; e < designs.Length / 2; e++)
        {
            var (t1, t2) = (designs[2 * e], designs[(2 * e) + 1]);
            var (u, v) = (1 - t1, 1 - t2);
            var a = 1 - (t1 * t2);

            // ∂C_t/∂θ_j at 8e + 2t + j.
            var d = derivatives.Slice(8 * e, 8);
            d[0] = _unit.C11 * (-2 * u * (1 - (0.5 * t2 * t2)));
            d[1] = _unit.C11 * (u * u * -t2);
            d[2] = _unit.C12 * -v;
            d[3] = _unit.C12 * -u;
            d[4] = _unit.C22 * (v * v * -t1);
            d[5] = _unit.C22 * (-2 * v * (1 - (0.5 * t1 * t1)));
            d[6] = _unit.C33 * (3 * a * a * -t2);
            d[7] = _unit.C33 * (3 * a * a * -t1);
        }
    }
}
