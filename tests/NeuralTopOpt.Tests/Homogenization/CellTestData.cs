using MathNet.Numerics.LinearAlgebra;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Tests.Homogenization;

/// <summary>Pixel maps and 3×3 matrix helpers for the homogenization tests.</summary>
internal static class CellTestData
{
    /// <summary>The paper's solid: plane strain, E = 1, ν = 0.3.</summary>
    public static StiffnessTensor Solid => CellMaterial.Paper.Solid;

    /// <summary>A fully anisotropic, positive-definite tensor (C13, C23 ≠ 0).</summary>
    public static StiffnessTensor Anisotropic => new(1.8, 0.5, 1.1, 0.45, 0.2, -0.15);

    /// <summary>6 entries per pixel, in the basis order C11, C12, C22, C33, C13, C23.</summary>
    public static double[] PixelTensors(IReadOnlyList<StiffnessTensor> pixels)
    {
        var values = new double[6 * pixels.Count];
        for (var p = 0; p < pixels.Count; p++)
        {
            pixels[p].CopyTo(values.AsSpan(6 * p, 6));
        }

        return values;
    }

    /// <summary>Seeded densities in [0, 1]: a third void, a third solid, a third grey.</summary>
    public static double[] RandomDensities(int resolution, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, resolution * resolution).Select(_ => random.Next(3) switch
        {
            0 => 0.0,
            1 => 1.0,
            _ => random.NextDouble(),
        }).ToArray();
    }

    public static Matrix<double> ToMatrix(StiffnessTensor c) => Matrix<double>.Build.DenseOfArray(new[,]
    {
        { c.C11, c.C12, c.C13 },
        { c.C12, c.C22, c.C23 },
        { c.C13, c.C23, c.C33 },
    });

    public static Matrix<double> ToMatrix(HomogenizedStiffness c) => Matrix<double>.Build.Dense(3, 3, (i, j) => c[i, j]);

    /// <summary>The smallest eigenvalue of the symmetric part of <paramref name="m"/>.</summary>
    public static double MinEigenvalue(Matrix<double> m) => ((m + m.Transpose()) / 2).Evd(Symmetricity.Symmetric).EigenValues.Min(e => e.Real);
}
