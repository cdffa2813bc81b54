using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Tests.Homogenization;

public class HoleCellGradientTests
{
    [Fact]
    public void Coverage_equals_the_binary_map_when_edges_lie_on_pixel_boundaries()
    {
        // R = 10: pixel boundaries at multiples of 0.2 on [-1, 1].
        Assert.Equal(HoleCell.Rasterize(0.4, 0.6, 10), HoleCellCoverage.Rasterize(0.4, 0.6, 10));
    }

    [Fact]
    public void Coverage_density_of_an_edge_pixel_is_its_solid_area_fraction()
    {
        // R = 4 (pixel side 0.5): width 0.3 covers 0.3/0.5 of the two middle x-columns; height 1 covers every row.
        var densities = HoleCellCoverage.Rasterize(0.3, 1.0, 4);

        Assert.Equal([1, 1, 1, 1], densities.AsSpan(0, 4).ToArray());
        Assert.Equal(1 - 0.6, densities[4], 14);
        Assert.Equal(1 - 0.6, densities[(2 * 4) + 3], 14);
        Assert.Equal(1.0 - (0.3 * 0.3), HoleCell.SolidFraction(0.3, 0.3), 14);
        Assert.Equal(1.0 - (0.3 * 0.3), HoleCellCoverage.Rasterize(0.3, 0.3, 4).Average(), 14);
    }

    [Fact]
    public void Density_derivatives_match_central_differences()
    {
        const int R = 12;
        const double W = 0.437, H = 0.281, Step = 1e-7;
        var (rho, dw, dh) = (new double[R * R], new double[R * R], new double[R * R]);
        HoleCellCoverage.Rasterize(W, H, R, rho, dw, dh);

        var plusW = HoleCellCoverage.Rasterize(W + Step, H, R);
        var minusW = HoleCellCoverage.Rasterize(W - Step, H, R);
        var plusH = HoleCellCoverage.Rasterize(W, H + Step, R);
        var minusH = HoleCellCoverage.Rasterize(W, H - Step, R);
        for (var p = 0; p < R * R; p++)
        {
            Assert.Equal((plusW[p] - minusW[p]) / (2 * Step), dw[p], 6);
            Assert.Equal((plusH[p] - minusH[p]) / (2 * Step), dh[p], 6);
        }

        Assert.Contains(dw, v => v != 0);
    }

    [Theory]
    [InlineData(0.37, 0.53)]
    [InlineData(0.707, 0.707)]
    [InlineData(0.12, 0.91)]
    public void Exact_gradient_matches_central_differences_of_the_homogenization(double width, double height)
    {
        const int R = 24;
        const double Step = 1e-5; // stays within the edge pixels: the function is smooth there
        var mesh = PeriodicCellMesh.Create(R);
        var gradient = new HoleCellGradient(mesh).Compute(width, height);
        var homogenizer = new CellHomogenizer(mesh);
        double[] At(double w, double h) => homogenizer.HomogenizeDensities(HoleCellCoverage.Rasterize(w, h, R)).ToArray();

        var (wp, wm, hp, hm) = (At(width + Step, height), At(width - Step, height), At(width, height + Step), At(width, height - Step));
        var byWidth = gradient.ByWidth.ToArray();
        var byHeight = gradient.ByHeight.ToArray();
        var scale = byWidth.Concat(byHeight).Max(Math.Abs);
        for (var k = 0; k < 9; k++)
        {
            Assert.True(Math.Abs(((wp[k] - wm[k]) / (2 * Step)) - byWidth[k]) < 1e-6 * scale, $"dC[{k}]/dθ₁: FD {(wp[k] - wm[k]) / (2 * Step)} vs exact {byWidth[k]}");
            Assert.True(Math.Abs(((hp[k] - hm[k]) / (2 * Step)) - byHeight[k]) < 1e-6 * scale, $"dC[{k}]/dθ₂: FD {(hp[k] - hm[k]) / (2 * Step)} vs exact {byHeight[k]}");
        }

        Assert.Equal(homogenizer.HomogenizeDensities(HoleCellCoverage.Rasterize(width, height, R)).C11, gradient.Stiffness.C11, 12);
    }

    [Fact]
    public void A_square_hole_has_mirrored_derivatives_and_a_growing_hole_softens_the_cell()
    {
        var gradient = new HoleCellGradient(PeriodicCellMesh.Create(30)).Compute(0.55, 0.55);

        Assert.Equal(gradient.ByWidth.C11, gradient.ByHeight.C22, 9);
        Assert.Equal(gradient.ByWidth.C22, gradient.ByHeight.C11, 9);
        Assert.Equal(gradient.ByWidth.C33, gradient.ByHeight.C33, 9);
        Assert.True(gradient.ByWidth.C11 < 0 && gradient.ByWidth.C22 < 0 && gradient.ByWidth.C33 < 0);
    }
}
