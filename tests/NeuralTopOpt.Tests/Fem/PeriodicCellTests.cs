using MathNet.Numerics.LinearAlgebra;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Sparse.Factorization;
using NeuralTopOpt.Sparse.Ordering;

namespace NeuralTopOpt.Tests.Fem;

/// <summary>
/// The building blocks as periodic homogenization uses them: a periodic element table (the right and
/// bottom node lines wrapped onto the left and top ones), one node fixed, periodic nested dissection.
/// </summary>
public class PeriodicCellTests
{
    [Fact]
    public void Periodic_cell_assembles_orders_and_solves_like_a_dense_reference()
    {
        const int N = 8;
        var (table, unknowns, unknownOf) = PeriodicTable(N);
        var c = FemTestData.RandomSimp(N * N, 12);
        var assembler = new StiffnessAssembler(unknowns, table);
        assembler.Assemble(c, Q4Element.UnitSquare);
        var ordering = Permutation.Restrict(Permutation.ExpandBlocks(GridNestedDissection.Order(N, N, periodicX: true, periodicY: true), 2), unknownOf);
        var cholesky = SparseCholesky.Create(assembler.Matrix, ordering);
        cholesky.Factorize(assembler.Matrix.Values);
        var b = Sparse.TestMatrices.RandomVector(3 * unknowns, 4);
        var x = new double[b.Length];

        cholesky.Solve(b, x, 3);

        var dense = Sparse.TestMatrices.Dense(assembler.Matrix);
        for (var r = 0; r < 3; r++)
        {
            var expected = dense.Cholesky().Solve(Vector<double>.Build.DenseOfArray(b[(r * unknowns)..((r + 1) * unknowns)]));
            for (var i = 0; i < unknowns; i++)
            {
                Assert.Equal(expected[i], x[(r * unknowns) + i], 1e-8 * expected.AbsoluteMaximum());
            }
        }
    }

    [Fact]
    public void Periodic_nested_dissection_keeps_the_fill_of_a_100x100_cell_small()
    {
        const int N = 100;
        var (table, unknowns, unknownOf) = PeriodicTable(N);
        var assembler = new StiffnessAssembler(unknowns, table);
        var ordering = Permutation.Restrict(Permutation.ExpandBlocks(GridNestedDissection.Order(N, N, periodicX: true, periodicY: true), 2), unknownOf);

        var dissected = SymbolicAnalysis.Analyze(assembler.Matrix, ordering);
        var natural = SymbolicAnalysis.Analyze(assembler.Matrix, Permutation.Identity(unknowns));

        Assert.Equal(2 * ((N * N) - 1), unknowns);
        Assert.True(dissected.FactorOperations < 0.15 * natural.FactorOperations, $"{dissected.FactorOperations:E3} vs {natural.FactorOperations:E3}");
        Assert.True(dissected.FactorNonzeros < 0.3 * natural.FactorNonzeros, $"{dissected.FactorNonzeros} vs {natural.FactorNonzeros}");
    }

    /// <summary>Element table of an N×N periodic cell, node (ix mod N, iy mod N), node 0 fixed.</summary>
    private static (int[] Table, int Unknowns, int[] UnknownOf) PeriodicTable(int n)
    {
        int Node(int ix, int iy) => ((ix % n) * n) + (iy % n);
        var unknownOf = new int[2 * n * n];
        unknownOf[0] = unknownOf[1] = -1;
        var count = 0;
        for (var d = 2; d < unknownOf.Length; d++)
        {
            unknownOf[d] = count++;
        }

        var table = new int[8 * n * n];
        for (var ex = 0; ex < n; ex++)
        {
            for (var ey = 0; ey < n; ey++)
            {
                // Bottom-left, bottom-right, top-right, top-left, with row ey + 1 below row ey.
                int[] nodes = [Node(ex, ey + 1), Node(ex + 1, ey + 1), Node(ex + 1, ey), Node(ex, ey)];
                for (var a = 0; a < 4; a++)
                {
                    table[(8 * ((ex * n) + ey)) + (2 * a)] = unknownOf[2 * nodes[a]];
                    table[(8 * ((ex * n) + ey)) + (2 * a) + 1] = unknownOf[(2 * nodes[a]) + 1];
                }
            }
        }

        return (table, count, unknownOf);
    }
}
