using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Tests.Homogenization;

public class HoleCellSweepTests
{
    private static readonly PeriodicCellMesh Mesh = PeriodicCellMesh.Create(20);

    [Theory]
    [InlineData(0.1, 100, 0.08, 0.12)]     // edges on pixel boundaries: one pixel of travel either side
    [InlineData(0.105, 100, 0.1, 0.12)]    // inside a sweep: that sweep
    [InlineData(0.99, 100, 0.98, 1.0)]     // clipped at the full-width hole
    [InlineData(0.0, 100, 0.0, 0.02)]      // and at no hole
    [InlineData(0.5, 41, 19.0 / 41, 21.0 / 41)]  // odd resolution: the hole's centre is mid-pixel, (1 − θ)·R/2 = 10.25
    public void The_window_is_the_pixel_sweep_around_theta(double theta, int resolution, double low, double high)
    {
        var (a, b) = HoleCellSweep.Window(theta, resolution);

        Assert.Equal(low, a, 12);
        Assert.Equal(high, b, 12);
    }

    [Fact]
    public void Aligned_grid_values_are_the_decimals_themselves_so_the_point_derivative_is_one_sided_as_documented()
    {
        for (var i = 1; i <= 9; i++)
        {
            Assert.Equal(i / 10.0, HoleCellSweep.Aligned(i / 10.0, 100));
        }

        // Just past a boundary and exactly on it the point derivative is the same (the growing hole's);
        // a hair before it, it is the previous pixel's, far larger.
        var gradient = new HoleCellGradient(Mesh);
        var on = gradient.Compute(0.3, 0.45).ByWidth.C11;
        Assert.Equal(on, gradient.Compute(0.3 + 1e-9, 0.45).ByWidth.C11, 6);
        Assert.True(Math.Abs(gradient.Compute(0.3 - 1e-9, 0.45).ByWidth.C11) > 1.5 * Math.Abs(on));
    }

    [Theory]
    [InlineData(0.1, 100, 0.1)]
    [InlineData(1.0 / 6, 40, 0.15)]
    [InlineData(0.999, 40, 0.95)]          // at least one pixel from the full-width hole
    [InlineData(0.001, 40, 0.05)]          // and from no hole
    public void Aligned_theta_puts_the_edges_on_pixel_boundaries(double theta, int resolution, double aligned) =>
        Assert.Equal(aligned, HoleCellSweep.Aligned(theta, resolution)); // exactly: a hair below a boundary is the other pixel's derivative

    [Fact]
    public void The_average_is_the_mean_of_the_exact_derivative_over_the_window()
    {
        // θ = (0.3, 0.45) at R = 20: the width's edges lie on pixel boundaries ([0.2, 0.4], two sweeps),
        // the height's inside one ([0.4, 0.5]). Integrate the exact point derivative by the midpoint rule.
        var gradient = new HoleCellGradient(Mesh);
        var average = HoleCellSweep.Average(gradient, 0.3, 0.45);

        Assert.Equal(gradient.Compute(0.3, 0.45).Stiffness.C11, average.Stiffness.C11, 14);
        var (byWidth, byHeight) = (MeanDerivative(0.2, 0.4, w => gradient.Compute(w, 0.45).ByWidth), MeanDerivative(0.4, 0.5, h => gradient.Compute(0.3, h).ByHeight));
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                Assert.True(Math.Abs(byWidth[i, j] - average.ByWidth[i, j]) <= 2e-3 * (Math.Abs(average.ByWidth[i, j]) + 1e-3), $"width {i}{j}: {byWidth[i, j]} vs {average.ByWidth[i, j]}");
                Assert.True(Math.Abs(byHeight[i, j] - average.ByHeight[i, j]) <= 2e-3 * (Math.Abs(average.ByHeight[i, j]) + 1e-3), $"height {i}{j}: {byHeight[i, j]} vs {average.ByHeight[i, j]}");
            }
        }

        // The point derivative swings within a pixel: just past a boundary it is far from the average.
        var point = gradient.Compute(0.3, 0.45).ByWidth.C11;
        var late = gradient.Compute(0.3 + 0.099, 0.45).ByWidth.C11;
        Assert.True(Math.Abs(late - point) > 0.2 * Math.Abs(average.ByWidth.C11), $"{point} and {late} around {average.ByWidth.C11}");
    }

    [Fact]
    public void At_aligned_theta_the_difference_quotient_is_that_of_the_binary_cells()
    {
        var gradient = new HoleCellGradient(Mesh);
        var binary = new CellHomogenizer(Mesh);
        var average = HoleCellSweep.Average(gradient, 0.6, 0.3);
        Assert.Equal(average.ByWidth.C22, HoleCellSweep.Average(gradient, 0.6, 0.3, binary.HomogenizeHole(0.6, 0.3)).ByWidth.C22, 12);

        var quotient = (binary.HomogenizeHole(0.7, 0.3).C22 - binary.HomogenizeHole(0.5, 0.3).C22) / 0.2;
        Assert.Equal(quotient, average.ByWidth.C22, 10);
    }

    private static double[,] MeanDerivative(double low, double high, Func<double, HomogenizedStiffness> derivative)
    {
        const int Samples = 256;
        var mean = new double[3, 3];
        for (var s = 0; s < Samples; s++)
        {
            var d = derivative(low + ((s + 0.5) * (high - low) / Samples));
            for (var i = 0; i < 3; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    mean[i, j] += d[i, j] / Samples;
                }
            }
        }

        return mean;
    }
}
