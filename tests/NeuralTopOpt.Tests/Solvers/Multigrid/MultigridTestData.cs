using NeuralTopOpt.Fem;
using NeuralTopOpt.Solvers.Multigrid;
using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Tests.Solvers.Multigrid;

/// <summary>Helpers for the multigrid tests: dense matrices of padded-layout operators, reference matrices, designs.</summary>
internal static class MultigridTestData
{
    /// <summary>Padded positions of the real DOFs in mesh order (2·(ix·nodesY + iy) + c).</summary>
    public static int[] MeshPositions(GridLayout layout)
    {
        var positions = new int[layout.DofCount];
        for (var dof = 0; dof < positions.Length; dof++)
        {
            positions[dof] = layout.FromMeshDof(dof);
        }

        return positions;
    }

    /// <summary>The dense matrix (rows: mesh DOFs of <paramref name="output"/>, columns: of <paramref name="input"/>) of a padded-layout linear map.</summary>
    public static double[,] Dense(GridLayout input, GridLayout output, Action<double[], double[]> map)
    {
        var inPositions = MeshPositions(input);
        var outPositions = MeshPositions(output);
        var dense = new double[outPositions.Length, inPositions.Length];
        var x = new double[input.Length];
        var y = new double[output.Length];
        for (var j = 0; j < inPositions.Length; j++)
        {
            Array.Clear(x);
            Array.Clear(y);
            x[inPositions[j]] = 1;
            map(x, y);
            for (var i = 0; i < outPositions.Length; i++)
            {
                dense[i, j] = y[outPositions[i]];
            }
        }

        return dense;
    }

    /// <summary>The full stiffness matrix (all DOFs, no supports) assembled by the FE code, as a dense matrix.</summary>
    public static double[,] AssembledStiffness(GridMesh mesh, ReadOnlySpan<double> packedElementMatrices)
    {
        var table = mesh.ElementDofs.ToArray();
        var assembler = new StiffnessAssembler(mesh.DofCount, table);
        assembler.AssemblePacked(packedElementMatrices);
        return DenseSymmetric(assembler.Matrix);
    }

    /// <summary>Packed element matrices Σ_t c_{e,t} K_t of every element (36 each).</summary>
    public static double[] PackedElementMatrices(Q4Basis basis, ReadOnlySpan<double> coefficients, int terms)
    {
        var elements = coefficients.Length / terms;
        var packed = new double[elements * Q4Element.PackedCount];
        for (var e = 0; e < elements; e++)
        {
            for (var t = 0; t < terms; t++)
            {
                for (var k = 0; k < Q4Element.PackedCount; k++)
                {
                    packed[(e * Q4Element.PackedCount) + k] += coefficients[(e * terms) + t] * basis.Packed[(t * Q4Element.PackedCount) + k];
                }
            }
        }

        return packed;
    }

    /// <summary>A symmetric matrix stored as its lower triangle, expanded.</summary>
    public static double[,] DenseSymmetric(CompressedColumnMatrix lower)
    {
        var n = lower.ColumnCount;
        var dense = new double[n, n];
        for (var j = 0; j < n; j++)
        {
            for (var p = lower.ColumnPointers[j]; p < lower.ColumnPointers[j + 1]; p++)
            {
                dense[lower.RowIndices[p], j] = lower.Values[p];
                dense[j, lower.RowIndices[p]] = lower.Values[p];
            }
        }

        return dense;
    }

    /// <summary>Seeded random coefficients: T per element, a positive-definite tensor scaled by a random modulus in [contrast, 1].</summary>
    public static double[] RandomCoefficients(int elements, int terms, int seed, double contrast = 1e-3)
    {
        var random = new Random(seed);
        var values = new double[elements * terms];
        Span<double> entries = stackalloc double[6];
        for (var e = 0; e < elements; e++)
        {
            var modulus = Math.Pow(contrast, random.NextDouble());
            var tensor = new StiffnessTensor(
                1.2 + (0.4 * random.NextDouble()),
                0.3 + (0.3 * random.NextDouble()),
                1.0 + (0.5 * random.NextDouble()),
                0.3 + (0.1 * random.NextDouble()),
                terms > 4 ? 0.1 * (random.NextDouble() - 0.5) : 0,
                terms > 4 ? 0.1 * (random.NextDouble() - 0.5) : 0).Scale(modulus);
            tensor.CopyTo(entries);
            entries[..terms].CopyTo(values.AsSpan(e * terms, terms));
        }

        return values;
    }

    /// <summary>max |a − b| / max |b|.</summary>
    public static double RelativeDifference(double[,] a, double[,] b)
    {
        double diff = 0, scale = 0;
        for (var i = 0; i < a.GetLength(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                diff = Math.Max(diff, Math.Abs(a[i, j] - b[i, j]));
                scale = Math.Max(scale, Math.Abs(b[i, j]));
            }
        }

        return diff / scale;
    }
}
