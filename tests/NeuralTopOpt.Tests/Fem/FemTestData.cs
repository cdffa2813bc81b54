using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Tests.Fem;

/// <summary>Per-element stiffness arrays for FE tests.</summary>
internal static class FemTestData
{
    /// <summary>Every element with the same tensor.</summary>
    public static double[] Uniform(int elements, StiffnessTensor c)
    {
        var values = new double[4 * elements];
        for (var e = 0; e < elements; e++)
        {
            values[4 * e] = c.C11;
            values[(4 * e) + 1] = c.C12;
            values[(4 * e) + 2] = c.C22;
            values[(4 * e) + 3] = c.C33;
        }

        return values;
    }

    /// <summary>SIMP-like random design: C = (1e-9 + θ³)·C_unit with seeded θ ∈ [0, 1).</summary>
    public static double[] RandomSimp(int elements, int seed, PlaneCondition plane = PlaneCondition.Strain)
    {
        var random = new Random(seed);
        var unit = StiffnessTensor.Isotropic(1, 0.3, plane);
        var values = new double[4 * elements];
        for (var e = 0; e < elements; e++)
        {
            var s = 1e-9 + Math.Pow(random.NextDouble(), 3);
            values[4 * e] = s * unit.C11;
            values[(4 * e) + 1] = s * unit.C12;
            values[(4 * e) + 2] = s * unit.C22;
            values[(4 * e) + 3] = s * unit.C33;
        }

        return values;
    }
}
