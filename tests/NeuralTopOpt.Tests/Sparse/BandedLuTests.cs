using MathNet.Numerics.LinearAlgebra;
using NeuralTopOpt.Sparse;
using NeuralTopOpt.Sparse.Factorization;
using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Tests.Sparse;

public class BandedLuTests
{
    [Theory]
    [InlineData(9, 7, 0.25)]    // positive definite: agrees with the Cholesky
    [InlineData(9, 7, -3.1)]    // indefinite: the Cholesky refuses it, the LU solves it
    [InlineData(5, 12, -7.7)]
    public void Solves_symmetric_band_matrices_definite_or_not_as_the_dense_LU(int nx, int ny, double shift)
    {
        var a = TestMatrices.Grid9(nx, ny, shift);
        var b = TestMatrices.RandomVector(a.ColumnCount, seed: 5);
        var lu = new BandedLu(a.ColumnCount, BandedLu.Bandwidth(a), BandedLu.Bandwidth(a));
        var x = new double[b.Length];

        lu.FactorizeSymmetric(a, a.Values);
        lu.Solve(b, x);

        var dense = TestMatrices.Dense(a).LU().Solve(Vector<double>.Build.DenseOfArray(b));
        Assert.Equal(ny + 1, BandedLu.Bandwidth(a));
        Assert.True(TestMatrices.RelativeResidual(a, x, b) < 1e-13, $"residual {TestMatrices.RelativeResidual(a, x, b):E2}");
        Assert.True((Vector<double>.Build.DenseOfArray(x) - dense).L2Norm() < 1e-11 * dense.L2Norm());
        var cholesky = SparseCholesky.Create(a, [.. Enumerable.Range(0, a.ColumnCount)]);
        if (shift > 0)
        {
            var y = new double[b.Length];
            cholesky.Factorize(a.Values);
            cholesky.Solve(b, y);
            Assert.True(x.Zip(y).Max(p => Math.Abs(p.First - p.Second)) < 1e-12 * y.Max(Math.Abs));
        }
        else
        {
            Assert.Equal(PivotFailure.Negative, Assert.Throws<NotPositiveDefiniteException>(() => cholesky.Factorize(a.Values)).Failure);
        }
    }

    [Fact]
    public void Exchanges_rows_where_the_diagonal_is_zero()
    {
        // [[0, 1, 0], [1, 0, 2], [0, 2, 1]]: no pivot-free elimination gets past the first column.
        var a = CompressedColumnMatrix.FromTriplets(3, 3, [0, 1, 1, 2, 2], [0, 0, 1, 1, 2], [0.0, 1, 0, 2, 1]);
        double[] b = [1, 2, 3];
        var lu = new BandedLu(3, 1, 1);
        var x = new double[3];

        lu.FactorizeSymmetric(a, a.Values);
        lu.Solve(b, x);

        // By hand: row 1 gives x₂ = 1, row 3 x₃ = 3 − 2x₂ = 1, row 2 x₁ = 2 − 2x₃ = 0.
        Assert.Equal([0.0, 1.0, 1.0], x.Select(v => Math.Round(v, 12)));
    }

    [Fact]
    public void A_singular_or_non_finite_matrix_is_refused_naming_the_column()
    {
        var singular = TestMatrices.Grid9(4, 3, 0);   // the graph Laplacian: constants are in its null space
        var lu = new BandedLu(singular.ColumnCount, 4, 4);

        var error = Assert.Throws<SingularMatrixException>(() => lu.FactorizeSymmetric(singular, singular.Values));
        Assert.Contains("singular", error.Message, StringComparison.Ordinal);
        Assert.False(lu.IsFactorized);
        Assert.Throws<InvalidOperationException>(() => lu.Solve(new double[12], new double[12]));

        var values = TestMatrices.Grid9(4, 3, 1).Values;
        values[5] = double.NaN;
        var nan = Assert.Throws<SingularMatrixException>(() => lu.FactorizeSymmetric(singular, values));
        Assert.Contains("not finite", nan.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Checks_its_sizes()
    {
        var a = TestMatrices.Grid9(4, 3, 1);
        Assert.Throws<ArgumentException>(() => new BandedLu(12, 1, 1).FactorizeSymmetric(a, a.Values));   // entries outside the band
        Assert.Throws<ArgumentException>(() => new BandedLu(11, 4, 4).FactorizeSymmetric(a, a.Values));
        var lu = new BandedLu(12, 4, 4);
        lu.FactorizeSymmetric(a, a.Values);
        Assert.Throws<ArgumentException>(() => lu.Solve(new double[11], new double[12]));
    }
}
