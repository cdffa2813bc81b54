using NeuralTopOpt.Sparse.Factorization;
using NeuralTopOpt.Sparse.Ordering;
using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Tests.Sparse;

public class SymbolicAnalysisTests
{
    [Theory]
    [InlineData(40, 2, 1)]
    [InlineData(120, 3, 2)]
    [InlineData(200, 1, 3)]
    [InlineData(150, 6, 4)]
    public void Etree_and_column_counts_match_a_dense_symbolic_elimination(int n, int perColumn, int seed)
    {
        var a = TestMatrices.RandomSpd(n, perColumn, seed);
        var analysis = SymbolicAnalysis.Analyze(a, TestMatrices.RandomPermutation(n, seed + 100));
        var (parent, counts) = BruteForce(a, analysis.Permutation);

        var lower = Permuted(a, analysis.Permutation, upper: false);
        var upper = Permuted(a, analysis.Permutation, upper: true);
        Assert.Equal(parent, EliminationTree.Compute(n, upper.ColumnPointers, upper.RowIndices));
        Assert.Equal(parent, analysis.Parent);
        Assert.Equal(counts, ColumnCounts.Compute(parent, lower.ColumnPointers, lower.RowIndices));
        Assert.True(analysis.FactorNonzeros >= counts.Sum(), "relaxed supernodes only add entries");
        Assert.True(analysis.FactorNonzeros <= 1.6 * counts.Sum(), $"relaxed supernodes added too many zeros: {analysis.FactorNonzeros} vs {counts.Sum()}");
    }

    [Fact]
    public void Postorder_puts_children_before_parents_and_keeps_subtrees_contiguous()
    {
        var a = TestMatrices.RandomSpd(300, 2, 7);
        var analysis = SymbolicAnalysis.Analyze(a, TestMatrices.RandomPermutation(300, 8));
        var parent = analysis.Parent;

        var size = new int[parent.Length];
        for (var j = 0; j < parent.Length; j++)
        {
            size[j]++;
            if (parent[j] >= 0)
            {
                Assert.True(parent[j] > j);
                size[parent[j]] += size[j];
            }
        }

        // In a postorder the subtree of j is exactly the range [j − size + 1, j].
        for (var j = 0; j < parent.Length; j++)
        {
            for (var d = j - size[j] + 1; d < j; d++)
            {
                var ancestor = d;
                while (ancestor != -1 && ancestor < j)
                {
                    ancestor = parent[ancestor];
                }

                Assert.Equal(j, ancestor);
            }
        }
    }

    [Fact]
    public void Supernode_row_lists_start_with_their_columns_and_contain_every_factor_row()
    {
        var a = TestMatrices.Grid9(12, 9, 0.1);
        var order = GridNestedDissection.Order(12, 9);
        var analysis = SymbolicAnalysis.Analyze(a, order);
        var (parent, _) = BruteForce(a, analysis.Permutation, out var pattern);
        _ = parent;

        for (var s = 0; s < analysis.SupernodeCount; s++)
        {
            var rows = analysis.RowIndices.AsSpan(analysis.RowPointers[s], analysis.RowCount(s)).ToArray();
            var first = analysis.SupernodeStart[s];
            for (var c = 0; c < analysis.Width(s); c++)
            {
                Assert.Equal(first + c, rows[c]);
            }

            Assert.Equal(rows.OrderBy(r => r).ToArray(), rows);
            for (var j = first; j < analysis.SupernodeStart[s + 1]; j++)
            {
                for (var i = j; i < a.ColumnCount; i++)
                {
                    if (pattern[i, j])
                    {
                        Assert.Contains(i, rows);
                    }
                }
            }
        }
    }

    [Fact]
    public void Nested_dissection_of_a_grid_needs_far_less_fill_than_the_natural_order()
    {
        const int Nx = 60;
        const int Ny = 60;
        var a = TestMatrices.Grid9(Nx, Ny, 0.1);

        var natural = SymbolicAnalysis.Analyze(a, Permutation.Identity(Nx * Ny));
        var dissected = SymbolicAnalysis.Analyze(a, GridNestedDissection.Order(Nx, Ny));

        // Banded: about n·(ny + 1) entries (plus the zeros of relaxed supernodes); nested dissection: O(n log n), here well under half of it.
        Assert.InRange(natural.FactorNonzeros, Nx * Ny * Ny * 0.9, Nx * Ny * (Ny + 2) * 1.25);
        Assert.True(dissected.FactorNonzeros < 0.5 * natural.FactorNonzeros, $"{dissected.FactorNonzeros} vs {natural.FactorNonzeros}");
        Assert.True(dissected.FactorOperations < 0.3 * natural.FactorOperations, $"{dissected.FactorOperations} vs {natural.FactorOperations}");
    }

    [Fact]
    public void Nested_dissection_work_grows_like_k_cubed_and_the_banded_one_like_k_to_the_fourth()
    {
        double Operations(int k, bool dissect) => SymbolicAnalysis.Analyze(
            TestMatrices.Grid9(k, k, 0.1), dissect ? GridNestedDissection.Order(k, k) : Permutation.Identity(k * k)).FactorOperations;

        var dissected = Operations(80, true) / Operations(40, true);
        var banded = Operations(80, false) / Operations(40, false);

        Assert.InRange(dissected, 6, 10);
        Assert.InRange(banded, 12, 17);
    }

    [Theory]
    [InlineData(7, 5, false, false)]
    [InlineData(16, 16, true, true)]
    [InlineData(9, 30, true, false)]
    [InlineData(1, 1, false, false)]
    [InlineData(2, 9, false, true)]
    public void Grid_nested_dissection_is_a_permutation(int nx, int ny, bool periodicX, bool periodicY)
    {
        var order = GridNestedDissection.Order(nx, ny, periodicX, periodicY);

        Assert.Equal(nx * ny, order.Length);
        Assert.Equal(Enumerable.Range(0, nx * ny), order.OrderBy(i => i));
    }

    [Fact]
    public void Permutation_helpers_expand_restrict_and_reject_non_permutations()
    {
        Assert.Equal([4, 5, 0, 1, 2, 3], Permutation.ExpandBlocks([2, 0, 1], 2));
        Assert.Equal([1, 0, 2], Permutation.Restrict([3, 0, 1, 2], [0, -1, 2, 1]));
        Assert.Throws<ArgumentException>(() => Permutation.Invert([0, 2, 2]));
        Assert.Throws<ArgumentException>(() => Permutation.Invert([0, 3, 1]));
    }

    internal static (int[] Parent, int[] Counts) BruteForce(CompressedColumnMatrix a, int[] permutation) =>
        BruteForce(a, permutation, out _);

    /// <summary>Symbolic elimination on a dense boolean matrix: L[i, j] for i ≥ j in factor numbering.</summary>
    internal static (int[] Parent, int[] Counts) BruteForce(CompressedColumnMatrix a, int[] permutation, out bool[,] pattern)
    {
        var n = a.ColumnCount;
        var inverse = Permutation.Invert(permutation);
        var l = new bool[n, n];
        for (var j = 0; j < n; j++)
        {
            for (var p = a.ColumnPointers[j]; p < a.ColumnPointers[j + 1]; p++)
            {
                var x = inverse[a.RowIndices[p]];
                var y = inverse[j];
                l[Math.Max(x, y), Math.Min(x, y)] = true;
            }
        }

        for (var k = 0; k < n; k++)
        {
            for (var i = k + 1; i < n; i++)
            {
                if (!l[i, k])
                {
                    continue;
                }

                for (var j = k + 1; j <= i; j++)
                {
                    if (l[j, k])
                    {
                        l[i, j] = true;
                    }
                }
            }
        }

        var parent = new int[n];
        var counts = new int[n];
        for (var j = 0; j < n; j++)
        {
            parent[j] = -1;
            for (var i = j; i < n; i++)
            {
                if (l[i, j] || i == j)
                {
                    counts[j]++;
                    if (i > j && parent[j] == -1)
                    {
                        parent[j] = i;
                    }
                }
            }
        }

        pattern = l;
        return (parent, counts);
    }

    private static (int[] ColumnPointers, int[] RowIndices) Permuted(CompressedColumnMatrix a, int[] permutation, bool upper)
    {
        var inverse = Permutation.Invert(permutation);
        var rows = new List<int>();
        var columns = new List<int>();
        for (var j = 0; j < a.ColumnCount; j++)
        {
            for (var p = a.ColumnPointers[j]; p < a.ColumnPointers[j + 1]; p++)
            {
                var x = inverse[a.RowIndices[p]];
                var y = inverse[j];
                rows.Add(upper ? Math.Min(x, y) : Math.Max(x, y));
                columns.Add(upper ? Math.Max(x, y) : Math.Min(x, y));
            }
        }

        var m = CompressedColumnMatrix.FromTriplets(a.ColumnCount, a.ColumnCount, rows.ToArray(), columns.ToArray(), new double[rows.Count]);
        return (m.ColumnPointers, m.RowIndices);
    }
}
