using NeuralTopOpt.Fem;
using NeuralTopOpt.Materials;

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

    /// <summary>SIMP stiffness (p = 3, E_min = 1e-9) of seeded θ ∈ [0, 1): solid, void and grey elements mixed.</summary>
    public static double[] RandomSimp(int elements, int seed, PlaneCondition plane = PlaneCondition.Strain)
    {
        var random = new Random(seed);
        var theta = Enumerable.Range(0, elements).Select(_ => random.NextDouble()).ToArray();
        var values = new double[4 * elements];
        new SimpMaterial(plane: plane).Evaluate(theta, values, new double[4 * elements]);
        return values;
    }
}
