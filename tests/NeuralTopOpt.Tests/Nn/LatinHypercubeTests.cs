using NeuralTopOpt.Nn.Sampling;

namespace NeuralTopOpt.Tests.Nn;

public class LatinHypercubeTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 2)]
    [InlineData(257, 3)]
    public void Every_stratum_of_every_dimension_holds_exactly_one_sample(int count, int dimensions)
    {
        var points = LatinHypercube.Sample(count, dimensions, seed: 4);

        Assert.Equal(count * dimensions, points.Length);
        for (var d = 0; d < dimensions; d++)
        {
            var strata = Enumerable.Range(0, count).Select(i => (int)Math.Floor(points[(i * dimensions) + d] * count)).OrderBy(s => s);
            Assert.Equal(Enumerable.Range(0, count), strata);
        }
    }

    [Fact]
    public void Box_samples_are_scaled_and_seeded()
    {
        var a = LatinHypercube.Sample(100, [-3.0, 1.0], [3.0, 2.0], seed: 9);
        var b = LatinHypercube.Sample(100, [-3.0, 1.0], [3.0, 2.0], seed: 9);
        var c = LatinHypercube.Sample(100, [-3.0, 1.0], [3.0, 2.0], seed: 10);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.All(Enumerable.Range(0, 100), i => Assert.InRange(a[2 * i], -3.0, 3.0));
        Assert.All(Enumerable.Range(0, 100), i => Assert.InRange(a[(2 * i) + 1], 1.0, 2.0));
        // One sample per stratum of width 6/100 in the first dimension.
        Assert.Equal(100, Enumerable.Range(0, 100).Select(i => (int)Math.Floor((a[2 * i] + 3) / 0.06)).Distinct().Count());
    }

    [Fact]
    public void Bad_boxes_are_refused()
    {
        Assert.Throws<InvalidInputException>(() => LatinHypercube.Sample(0, 1, 1));
        Assert.Throws<InvalidInputException>(() => LatinHypercube.Sample(5, [1.0], [1.0], 1));
        Assert.Throws<InvalidInputException>(() => LatinHypercube.Sample(5, [0.0, 0.0], [1.0], 1));
        Assert.Throws<InvalidInputException>(() => LatinHypercube.Sample(5, [double.NaN], [1.0], 1));
    }
}
