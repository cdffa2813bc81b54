using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Tests.Homogenization;

public class HoleCellTests
{
    [Fact]
    public void Hole_of_half_the_side_voids_the_central_quarter()
    {
        // 4x4 pixels, centres at -0.75, -0.25, 0.25, 0.75: |c| < 0.5 selects the middle two.
        var pixels = HoleCell.Rasterize(0.5, 0.5, 4);

        double[] expected =
        [
            1, 1, 1, 1,
            1, 0, 0, 1,
            1, 0, 0, 1,
            1, 1, 1, 1,
        ];
        Assert.Equal(expected, pixels);
    }

    [Fact]
    public void Width_runs_along_x_which_is_the_outer_index()
    {
        // Wide, flat hole: all four x-columns, only the middle two y-rows.
        var pixels = HoleCell.Rasterize(1.0, 0.5, 4);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal([1.0, 0.0, 0.0, 1.0], pixels.AsSpan(i * 4, 4).ToArray());
        }
    }

    [Theory]
    [InlineData(0.0, 0.7, 1.0)]
    [InlineData(1.0, 1.0, 0.0)]
    [InlineData(0.3, 0.6, 0.82)]
    public void Pixel_solid_fraction_converges_to_one_minus_width_times_height(double w, double h, double expected)
    {
        var pixels = HoleCell.Rasterize(w, h, 1000);

        Assert.Equal(expected, pixels.Average(), 3);
        Assert.Equal(expected, HoleCell.SolidFraction(w, h), 12);
    }

    [Fact]
    public void Pixel_centre_on_the_hole_edge_stays_solid()
    {
        // 10 pixels: centres at ±0.1, ±0.3, ...; width 0.3 puts an edge exactly on a centre (strict <).
        var pixels = HoleCell.Rasterize(0.3, 1.0, 10);

        var column = Enumerable.Range(0, 10).Select(i => pixels[(i * 10) + 5]).ToArray();
        Assert.Equal([1.0, 1, 1, 1, 0, 0, 1, 1, 1, 1], column);
    }

    [Theory]
    [InlineData(-0.1, 0.5, 10, "width")]
    [InlineData(0.5, 1.5, 10, "height")]
    [InlineData(double.NaN, 0.5, 10, "width")]
    [InlineData(0.5, 0.5, 1, "resolution")]
    public void Bad_geometry_is_refused_with_a_message_naming_it(double w, double h, int resolution, string word)
    {
        var error = Assert.Throws<InvalidInputException>(() => HoleCell.Rasterize(w, h, resolution));

        Assert.Contains(word, error.Message, StringComparison.Ordinal);
    }
}
