using MathNet.Numerics.LinearAlgebra;
using NeuralTopOpt.Sparse;
using NeuralTopOpt.Sparse.Factorization;
using NeuralTopOpt.Sparse.Ordering;
using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Tests.Sparse;

public class SparseCholeskyTests
{
    [Theory]
    [InlineData(1, 0, 1)]
    [InlineData(10, 2, 2)]
    [InlineData(80, 3, 3)]
    [InlineData(150, 8, 4)]
    [InlineData(260, 20, 5)]
    public void Factor_reproduces_the_permuted_matrix_and_solves_like_dense_cholesky(int n, int perColumn, int seed)
    {
        var a = TestMatrices.RandomSpd(n, perColumn, seed);
        var cholesky = SparseCholesky.Create(a, TestMatrices.RandomPermutation(n, seed));
        cholesky.Factorize(a.Values);

        // L·Lᵀ = P·A·Pᵀ entry by entry, and L equals the dense Cholesky factor of P·A·Pᵀ (it is unique).
        var l = DenseFactor(cholesky);
        var p = cholesky.Symbolic.Permutation;
        var dense = TestMatrices.Dense(a);
        var permuted = Matrix<double>.Build.Dense(n, n, (i, j) => dense[p[i], p[j]]);
        var reference = permuted.Cholesky().Factor;
        Assert.True((l - reference).InfinityNorm() <= 1e-12 * reference.InfinityNorm(), "L differs from the dense Cholesky factor");
        Assert.True((l * l.Transpose() - permuted).InfinityNorm() <= 1e-12 * permuted.InfinityNorm());

        var b = TestMatrices.RandomVector(n, seed + 1);
        var x = new double[n];
        cholesky.Solve(b, x);
        var expected = dense.Cholesky().Solve(Vector<double>.Build.DenseOfArray(b));
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(expected[i], x[i], 1e-10 * Math.Max(1, Math.Abs(expected[i])));
        }
    }

    [Theory]
    [InlineData(30, 20)]
    [InlineData(120, 90)]
    [InlineData(301, 151)]
    public void Grid_systems_solve_to_a_small_residual(int nx, int ny)
    {
        var a = TestMatrices.Grid9(nx, ny, 1e-3);
        var cholesky = SparseCholesky.Create(a, GridNestedDissection.Order(nx, ny));
        cholesky.Factorize(a.Values);
        var b = TestMatrices.RandomVector(nx * ny, 11);
        var x = new double[b.Length];

        cholesky.Solve(b, x);

        Assert.True(TestMatrices.RelativeResidual(a, x, b) < 1e-12, $"residual {TestMatrices.RelativeResidual(a, x, b)}");
    }

    [Fact]
    public void Several_right_hand_sides_give_the_same_answers_as_one_at_a_time()
    {
        var a = TestMatrices.Grid9(25, 17, 0.01);
        var n = a.ColumnCount;
        var cholesky = SparseCholesky.Create(a, GridNestedDissection.Order(25, 17));
        cholesky.Factorize(a.Values);
        var b = TestMatrices.RandomVector(3 * n, 5);
        var x = new double[3 * n];

        cholesky.Solve(b, x, 3);

        for (var r = 0; r < 3; r++)
        {
            var single = new double[n];
            cholesky.Solve(b.AsSpan(r * n, n), single);
            Assert.Equal(single, x.AsSpan(r * n, n).ToArray());
            Assert.True(TestMatrices.RelativeResidual(a, single, b.AsSpan(r * n, n)) < 1e-12);
        }
    }

    [Fact]
    public void Refactorizing_with_new_values_reuses_the_analysis()
    {
        var a = TestMatrices.Grid9(20, 20, 0.5);
        var cholesky = SparseCholesky.Create(a, GridNestedDissection.Order(20, 20));
        var b = TestMatrices.RandomVector(400, 1);
        var x = new double[400];
        for (var scale = 1; scale <= 3; scale++)
        {
            var values = a.Values.Select(v => v * scale).ToArray();
            cholesky.Factorize(values);
            cholesky.Solve(b, x);
            var scaled = new CompressedColumnMatrix(400, 400, a.ColumnPointers, a.RowIndices, values);
            Assert.True(TestMatrices.RelativeResidual(scaled, x, b) < 1e-13);
        }
    }

    [Fact]
    public void Threads_share_one_symbolic_analysis_with_a_factor_each()
    {
        var a = TestMatrices.Grid9(70, 50, 0.01);
        var symbolic = SymbolicAnalysis.Analyze(a, GridNestedDissection.Order(70, 50));
        var b = TestMatrices.RandomVector(a.ColumnCount, 2);
        var results = new double[4][];

        Parallel.For(0, 4, t =>
        {
            var values = a.Values.Select(v => v * (t + 1)).ToArray();
            var cholesky = new SparseCholesky(symbolic);
            cholesky.Factorize(values);
            results[t] = new double[b.Length];
            cholesky.Solve(b, results[t]);
        });

        for (var t = 0; t < 4; t++)
        {
            var scaled = new CompressedColumnMatrix(a.RowCount, a.ColumnCount, a.ColumnPointers, a.RowIndices, a.Values.Select(v => v * (t + 1)).ToArray());
            Assert.True(TestMatrices.RelativeResidual(scaled, results[t], b) < 1e-12);
        }
    }

    [Fact]
    public void Indefinite_matrix_is_reported_with_its_column()
    {
        var a = TestMatrices.Grid9(6, 6, 0.5);
        var values = (double[])a.Values.Clone();
        var diagonalOf14 = Enumerable.Range(a.ColumnPointers[14], a.ColumnPointers[15] - a.ColumnPointers[14]).First(p => a.RowIndices[p] == 14);
        values[diagonalOf14] = -3;
        var cholesky = SparseCholesky.Create(a, Permutation.Identity(36));

        var error = Assert.Throws<NotPositiveDefiniteException>(() => cholesky.Factorize(values));

        Assert.Equal(PivotFailure.Negative, error.Failure);
        Assert.Equal(14, error.Column);
        Assert.Contains("not positive definite", error.Message, StringComparison.Ordinal);
        Assert.False(cholesky.IsFactorized);
    }

    [Fact]
    public void Singular_matrix_is_reported_not_solved_into_nan()
    {
        // The pure Neumann Laplacian of a grid: constant vectors are in its null space.
        var a = TestMatrices.Grid9(15, 11, 0);
        var cholesky = SparseCholesky.Create(a, GridNestedDissection.Order(15, 11));

        var error = Assert.Throws<NotPositiveDefiniteException>(() => cholesky.Factorize(a.Values));

        Assert.Equal(PivotFailure.Singular, error.Failure);
        Assert.Contains("singular", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Throws<InvalidOperationException>(() => cholesky.Solve(new double[165], new double[165]));
    }

    [Fact]
    public void Nan_in_the_matrix_is_reported()
    {
        var a = TestMatrices.Grid9(5, 5, 1);
        var values = (double[])a.Values.Clone();
        values[3] = double.NaN;
        var cholesky = SparseCholesky.Create(a, GridNestedDissection.Order(5, 5));

        var error = Assert.Throws<NotPositiveDefiniteException>(() => cholesky.Factorize(values));

        Assert.Equal(PivotFailure.NotFinite, error.Failure);
    }

    [Fact]
    public void Ill_conditioned_system_with_tiny_stiffness_regions_still_solves_accurately()
    {
        // Half of the cells scaled by 1e-9, like void elements next to solid ones.
        const int Nx = 40;
        const int Ny = 30;
        var scaled = TestMatrices.GridByCells(Nx, Ny, 1e-3, (cx, _) => cx >= Nx / 2 ? 1e-9 : 1);
        var values = scaled.Values;
        var cholesky = SparseCholesky.Create(scaled, GridNestedDissection.Order(Nx, Ny));
        cholesky.Factorize(values);
        var xTrue = TestMatrices.RandomVector(Nx * Ny, 3);
        var b = new double[xTrue.Length];
        scaled.MultiplySymmetric(xTrue, b);
        var x = new double[b.Length];

        cholesky.Solve(b, x);

        Assert.True(TestMatrices.RelativeResidual(scaled, x, b) < 1e-12);
        var dense = TestMatrices.Dense(scaled).Cholesky().Solve(Vector<double>.Build.DenseOfArray(b));
        var difference = (dense - Vector<double>.Build.DenseOfArray(x)).InfinityNorm() / dense.InfinityNorm();
        Assert.True(difference < 1e-6, $"sparse and dense solutions differ by {difference}");
    }

    [Fact]
    public void Wrong_lengths_are_rejected()
    {
        var a = TestMatrices.Grid9(4, 4, 1);
        var cholesky = SparseCholesky.Create(a, Permutation.Identity(16));

        Assert.Throws<ArgumentException>(() => cholesky.Factorize(new double[3]));
        Assert.Throws<ArgumentException>(() => SparseCholesky.Create(a, Permutation.Identity(15)));
        var upper = CompressedColumnMatrix.FromTriplets(2, 2, [0, 1], [1, 1], [1.0, 1.0]);
        Assert.Throws<ArgumentException>(() => SparseCholesky.Create(upper, Permutation.Identity(2)));
    }

    /// <summary>L as a dense matrix in factor numbering, read from the supernodal blocks.</summary>
    private static Matrix<double> DenseFactor(SparseCholesky cholesky)
    {
        var symbolic = cholesky.Symbolic;
        var l = Matrix<double>.Build.Dense(symbolic.Size, symbolic.Size);
        for (var s = 0; s < symbolic.SupernodeCount; s++)
        {
            var block = cholesky.Block(s);
            var rows = symbolic.RowIndices.AsSpan(symbolic.RowPointers[s], symbolic.RowCount(s));
            for (var c = 0; c < symbolic.Width(s); c++)
            {
                for (var q = c; q < rows.Length; q++)
                {
                    l[rows[q], symbolic.SupernodeStart[s] + c] = block[q + (c * rows.Length)];
                }
            }
        }

        return l;
    }
}
