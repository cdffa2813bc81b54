namespace NeuralTopOpt.Tests.AutoDiff;

/// <summary>Central differences, the independent check of every gradient in these tests.</summary>
internal static class FiniteDifference
{
    /// <summary>∂f/∂x_i ≈ (f(x + h·e_i) − f(x − h·e_i)) / 2h, with h scaled by max(1, |x_i|).</summary>
    public static double[] Gradient(Func<double[], double> f, double[] x, double h = 1e-6)
    {
        var gradient = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            var step = h * Math.Max(1, Math.Abs(x[i]));
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[i] += step;
            minus[i] -= step;
            gradient[i] = (f(plus) - f(minus)) / (plus[i] - minus[i]);
        }

        return gradient;
    }

    /// <summary>Asserts |actual − expected| ≤ tolerance·max(1, |expected|) entry by entry.</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var bound = tolerance * Math.Max(1, Math.Abs(expected[i]));
            Assert.True(Math.Abs(actual[i] - expected[i]) <= bound, $"entry {i}: expected {expected[i]:R}, got {actual[i]:R} (tolerance {bound:G3})");
        }
    }
}
