using NeuralTopOpt.Fem.Filters;

namespace NeuralTopOpt.Tests.Fem;

public class ConvolutionFilterTests
{
    [Fact]
    public void Weights_are_the_cone_of_the_88_line_code()
    {
        // r = 1.5: interior element sees itself (1.5), 4 edge neighbours (0.5) and 4 corners (1.5 − √2).
        var filter = new ConvolutionFilter(5, 4, 1.5);

        Assert.Equal(1.5 + 2 + (4 * (1.5 - Math.Sqrt(2))), filter.RowSums[(2 * 4) + 1], 14);
        Assert.Equal(1.5 + 1 + (1.5 - Math.Sqrt(2)), filter.RowSums[0], 14);
    }

    [Fact]
    public void Density_filter_keeps_constants_and_its_transpose_is_its_adjoint()
    {
        var filter = new ConvolutionFilter(9, 7, 2.7);
        var random = new Random(1);
        var x = Enumerable.Range(0, 63).Select(_ => random.NextDouble()).ToArray();
        var g = Enumerable.Range(0, 63).Select(_ => random.NextDouble() - 0.5).ToArray();
        var constant = Enumerable.Repeat(0.37, 63).ToArray();
        var y = new double[63];

        filter.Smooth(constant, y);
        Assert.All(y, v => Assert.Equal(0.37, v, 14));

        // ⟨Hx/Hs, g⟩ = ⟨x, H(g/Hs)⟩.
        filter.Smooth(x, y);
        var back = new double[63];
        filter.SmoothTranspose(g, back);
        Assert.Equal(y.Zip(g, (a, b) => a * b).Sum(), x.Zip(back, (a, b) => a * b).Sum(), 13);
    }

    [Fact]
    public void Sensitivity_filter_follows_the_formula_by_brute_force()
    {
        const int Nx = 6;
        const int Ny = 5;
        const double R = 2.2;
        var filter = new ConvolutionFilter(Nx, Ny, R);
        var random = new Random(4);
        var theta = Enumerable.Range(0, Nx * Ny).Select(i => i == 3 ? 0 : random.NextDouble()).ToArray();
        var dc = Enumerable.Range(0, Nx * Ny).Select(_ => -random.NextDouble()).ToArray();
        var result = new double[Nx * Ny];

        filter.FilterSensitivities(theta, dc, result);

        for (var e = 0; e < Nx * Ny; e++)
        {
            double sum = 0, weights = 0;
            for (var f = 0; f < Nx * Ny; f++)
            {
                var d = Math.Sqrt(Math.Pow((e / Ny) - (f / Ny), 2) + Math.Pow((e % Ny) - (f % Ny), 2));
                var w = Math.Max(0, R - d);
                sum += w * theta[f] * dc[f];
                weights += w;
            }

            Assert.Equal(sum / weights / Math.Max(1e-3, theta[e]), result[e], 12);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(double.NaN)]
    public void Bad_radius_is_rejected(double radius) =>
        Assert.Throws<InvalidInputException>(() => new ConvolutionFilter(3, 3, radius));
}

public class FilterKindNamesTests
{
    [Theory]
    [InlineData(FilterKind.None, "none")]
    [InlineData(FilterKind.Sensitivity, "sensitivity")]
    [InlineData(FilterKind.SolidFractionSensitivity, "solid-sensitivity")]
    [InlineData(FilterKind.Density, "density")]
    public void Names_round_trip(FilterKind kind, string name)
    {
        Assert.Equal(name, kind.Name());
        Assert.Equal(kind, FilterKindNames.Parse(name));
    }

    [Fact]
    public void Unknown_name_lists_the_filters() =>
        Assert.Equal(
            "unknown filter 'blur'; expected none, sensitivity, solid-sensitivity, density",
            Assert.Throws<InvalidInputException>(() => FilterKindNames.Parse("blur")).Message);
}
