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

    [Fact]
    public void Lengths_are_checked() =>
        Assert.Throws<ArgumentException>(() => VectorOps.DotAndAxpy(new double[3], new double[3], 1, new double[2]));

    private static double[] Random(int n, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();
    }
}
