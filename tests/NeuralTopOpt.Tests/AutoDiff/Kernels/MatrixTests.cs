using NeuralTopOpt.AutoDiff.Kernels;

namespace NeuralTopOpt.Tests.AutoDiff.Kernels;

/// <summary>
/// The register-blocked matrix kernels of the tape against their definitions as sequences of
/// axpys and dot products (<see cref="SpanMath"/>), bit for bit: training and the ad method give
/// the same numbers as before the kernels were blocked. Shapes cover the blocks of 16 and 4 and the
/// scalar tails; a naive triple loop anchors the values.
/// </summary>
public class MatrixTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 32, 2, 64 }, { 32, 4, 64 }, { 32, 64, 4 }, { 7, 3, 21 }, { 5, 17, 1 }, { 1, 1, 1 }, { 3, 6, 19 }, { 32, 64, 64 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Gathered_rows_are_the_axpys_of_the_rows_of_B(int n, int k, int m)
    {
        var (a, b, c) = (Random(n * k, 1), Random(k * m, 2), Random(n * m, 3));
        var expected = c.ToArray();
        for (var i = 0; i < n; i++)
        {
            for (var p = 0; p < k; p++)
            {
                SpanMath.Axpy(a[(i * k) + p], b.AsSpan(p * m, m), expected.AsSpan(i * m, m));
            }
        }

        var naive = Naive(c, (i, p) => a[(i * k) + p], (p, j) => b[(p * m) + j], n, k, m);
        Matrix.GatherRows(a, b, c, n, k, m);

        AssertBits(expected, c);
        AssertClose(naive, c);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Dot_rows_are_the_dot_products_of_rows(int n, int k, int m)
    {
        var (a, b, c) = (Random(n * k, 4), Random(m * k, 5), Random(n * m, 6));
        var expected = c.ToArray();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                expected[(i * m) + j] += SpanMath.Dot(a.AsSpan(i * k, k), b.AsSpan(j * k, k));
            }
        }

        var naive = Naive(c, (i, p) => a[(i * k) + p], (p, j) => b[(j * k) + p], n, k, m);
        Matrix.DotRows(a, b, c, n, k, m);

        AssertBits(expected, c);
        AssertClose(naive, c);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Transposed_gathers_are_the_axpys_over_rows(int n, int k, int m)
    {
        // C (k × m) += Aᵀ·B with A n × k, B n × m
        var (a, b, c) = (Random(n * k, 7), Random(n * m, 8), Random(k * m, 9));
        var expected = c.ToArray();
        for (var i = 0; i < n; i++)
        {
            for (var p = 0; p < k; p++)
            {
                SpanMath.Axpy(a[(i * k) + p], b.AsSpan(i * m, m), expected.AsSpan(p * m, m));
            }
        }

        var naive = Naive(c, (p, i) => a[(i * k) + p], (i, j) => b[(i * m) + j], k, n, m);
        Matrix.GatherTransposed(a, b, c, n, k, m);

        AssertBits(expected, c);
        AssertClose(naive, c);

        // Cᵀ (m × k) += Bᵀ·A
        var ct = Random(m * k, 10);
        var expectedT = ct.ToArray();
        for (var i = 0; i < n; i++)
        {
            for (var q = 0; q < m; q++)
            {
                SpanMath.Axpy(b[(i * m) + q], a.AsSpan(i * k, k), expectedT.AsSpan(q * k, k));
            }
        }

        Matrix.GatherTransposedInto(a, b, ct, n, k, m);
        AssertBits(expectedT, ct);
    }

    [Fact]
    public void Shapes_that_do_not_match_the_spans_are_refused() =>
        Assert.Throws<ArgumentException>(() => Matrix.GatherRows(new double[6], new double[6], new double[5], 2, 3, 2));

    // C₀ + L·R with L r × s and R s × t given entry by entry, summed in plain order.
    private static double[] Naive(double[] c0, Func<int, int, double> left, Func<int, int, double> right, int r, int s, int t)
    {
        var c = c0.ToArray();
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < t; j++)
            {
                for (var p = 0; p < s; p++)
                {
                    c[(i * t) + j] += left(i, p) * right(p, j);
                }
            }
        }

        return c;
    }

    private static void AssertBits(double[] expected, double[] actual) =>
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));

    private static void AssertClose(double[] expected, double[] actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-12 * (1 + Math.Abs(expected[i])));
        }
    }

    private static double[] Random(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
    }
}
