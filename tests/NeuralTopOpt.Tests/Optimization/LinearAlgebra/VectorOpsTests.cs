using NeuralTopOpt.Optimization.LinearAlgebra;

namespace NeuralTopOpt.Tests.Optimization.LinearAlgebra;

public class VectorOpsTests
{
    public static TheoryData<int> Lengths => [0, 1, 3, 4, 7, 16, 33];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Fused_dot_and_axpy_equal_the_two_loops(int n)
    {
        var (a, x, y) = (Random(n, 1), Random(n, 2), Random(n, 3));
        var expectedY = y.Select((v, i) => v + (0.7 * a[i])).ToArray();
        var expectedDot = a.Select((v, i) => v * x[i]).Sum();

        var dot = VectorOps.DotAndAxpy(a, x, 0.7, y);

        Assert.Equal(expectedDot, dot, 12);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(expectedY[i], y[i], 14);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Double_axpy_adds_both_scaled_vectors(int n)
    {
        var (x, y, z) = (Random(n, 4), Random(n, 5), Random(n, 6));
        var expected = z.Select((v, i) => v + (2.5 * x[i]) - (0.25 * y[i])).ToArray();

        VectorOps.Axpy2(2.5, x, -0.25, y, z);

        for (var i = 0; i < n; i++)
        {
            Assert.Equal(expected[i], z[i], 14);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Two_and_four_dots_in_one_pass_are_the_single_dots_bit_for_bit(int n)
    {
        var (a, b, c, d, v) = (Random(n, 7), Random(n, 8), Random(n, 9), Random(n, 10), Random(n, 11));

        var two = VectorOps.Dot2(a, b, v);
        var four = VectorOps.Dot4(a, b, c, d, v);

        Assert.Equal(BitConverter.DoubleToInt64Bits(VectorOps.Dot(a, v)), BitConverter.DoubleToInt64Bits(two.X));
        Assert.Equal(BitConverter.DoubleToInt64Bits(VectorOps.Dot(b, v)), BitConverter.DoubleToInt64Bits(two.Y));
        double[] expected = [VectorOps.Dot(a, v), VectorOps.Dot(b, v), VectorOps.Dot(c, v), VectorOps.Dot(d, v)];
        double[] actual = [four.A, four.B, four.C, four.D];
        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), actual.Select(BitConverter.DoubleToInt64Bits));
        if (n > 0)
        {
            Assert.Equal(a.Select((x, i) => x * v[i]).Sum(), four.A, 12);
        }
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Quadruple_axpy_is_two_double_axpys_bit_for_bit(int n)
    {
        var (x, y, p, q) = (Random(n, 12), Random(n, 13), Random(n, 14), Random(n, 15));
        var expected = Random(n, 16);
        var z = expected.ToArray();

        VectorOps.Axpy2(0.3, x, -1.7, y, expected);
        VectorOps.Axpy2(2.1, p, -0.9, q, expected);
        VectorOps.Axpy4(0.3, x, -1.7, y, 2.1, p, -0.9, q, z);

        Assert.Equal(expected.Select(BitConverter.DoubleToInt64Bits), z.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Lengths_are_checked() =>
        Assert.Throws<ArgumentException>(() => VectorOps.DotAndAxpy(new double[3], new double[3], 1, new double[2]));

    private static double[] Random(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
    }
}
