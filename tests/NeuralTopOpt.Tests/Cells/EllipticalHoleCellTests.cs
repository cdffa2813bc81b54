using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Tests.Models;

namespace NeuralTopOpt.Tests.Cells;

public class EllipticalHoleCellTests
{
    private static readonly ICellFamily Ellipse = CellFamilies.Find("ellipse");

    [Fact]
    public void An_inscribed_ellipse_takes_pi_a_b_over_4_of_the_quarter()
    {
        foreach (var (rx, ry) in new[] { (0.3, 0.5), (0.6, 0.6), (0.7, 0.1) })
        {
            var (a, b) = (Math.Sqrt(2) * rx, Math.Sqrt(2) * ry);
            Assert.Equal(1 - (Math.PI * a * b / 4), Ellipse.SolidFraction([rx, ry]), 14);
        }
    }

    /// <summary>Inscribed, clipped in x, clipped in y, clipped in both, nearly a full slot.</summary>
    public static TheoryData<double, double> Regimes => new() { { 0.5, 0.5 }, { 0.9, 0.2 }, { 0.2, 0.95 }, { 0.85, 0.8 }, { 0.99, 0.75 }, { 1.0, 0.05 } };

    [Theory]
    [MemberData(nameof(Regimes))]
    public void The_solid_fraction_is_the_share_of_solid_pixels_clipped_holes_included(double rx, double ry)
    {
        const int R = 600;
        var pixels = new double[R * R];

        Ellipse.Rasterize([rx, ry], R, pixels);

        Assert.Equal(Ellipse.SolidFraction([rx, ry]), pixels.Average(), 2.5e-3);
    }

    [Theory]
    [MemberData(nameof(Regimes))]
    public void The_gradient_matches_central_differences_in_every_clipping_regime(double rx, double ry)
    {
        var gradient = new double[2];
        Ellipse.SolidFractionGradient([rx, ry], gradient);

        const double H = 1e-7;
        Assert.Equal((Ellipse.SolidFraction([rx + H, ry]) - Ellipse.SolidFraction([rx - H, ry])) / (2 * H), gradient[0], 6);
        Assert.Equal((Ellipse.SolidFraction([rx, ry + H]) - Ellipse.SolidFraction([rx, ry - H])) / (2 * H), gradient[1], 6);
    }

    [Fact]
    public void The_circle_through_the_corners_is_void_and_the_start_meets_the_volume()
    {
        var pixels = new double[50 * 50];
        Ellipse.Rasterize([1, 1], 50, pixels);

        Assert.All(pixels, p => Assert.Equal(0, p));
        Assert.Equal(0.5, Ellipse.SolidFraction([Ellipse.StartLevel(0.5), Ellipse.StartLevel(0.5)]), 12);
        Assert.Equal(["rx", "ry"], Ellipse.Dataset.Inputs);
        Assert.Equal("ellipse", Ellipse.Dataset.Kind);
    }

    [Fact]
    public void Its_homogenized_cell_is_orthotropic_and_softer_across_the_longer_axis()
    {
        var c = Ellipse.Homogenize(new CellHomogenizer(40), [0.6, 0.25], new double[1600]);

        // A hole long in x leaves thin columns beside it: the cell is softer along y than along x.
        Assert.True(c.C22 < c.C11, $"C11 {c.C11}, C22 {c.C22}");
        Assert.Equal(0, c.C13, 10);
        Assert.Equal(0, c.C23, 10);
    }

    [Fact]
    public void Its_network_learned_its_homogenized_cells()
    {
        // The committed network against cells homogenized now (100×100, as its dataset): within its test error.
        var homogenizer = new CellHomogenizer(100);
        var scratch = new double[100 * 100];
        double[] designs = [0.2, 0.3, 0.45, 0.45, 0.6, 0.25];
        var predicted = TestModels.Ellipse.Network.Predict(designs);
        for (var e = 0; e < 3; e++)
        {
            var c = Ellipse.Homogenize(homogenizer, designs.AsSpan(2 * e, 2), scratch);
            double[] truth = [c.C11, c.C12, c.C22, c.C33];
            for (var t = 0; t < 4; t++)
            {
                Assert.True(Math.Abs(predicted[(4 * e) + t] - truth[t]) < 0.03, $"cell {e}, entry {t}: {predicted[(4 * e) + t]} vs {truth[t]}");
            }
        }
    }

    [Fact]
    public void With_its_network_the_whole_chain_passes_the_taylor_check_where_nothing_is_clamped()
    {
        // Below θ ≈ 0.7 the ellipse stays inside the cell; beyond, cut-through cells have C22 → 0, where the
        // network's predictions are clamped and its derivative (kept there, as the paper's code) is not that of the clamp.
        var setup = new TopologySetup { Problem = StandardProblems.HalfMbb(12, 6), Cell = Ellipse, Material = MaterialSource.Network(TestModels.Ellipse, "nnj"), Filter = FilterKind.None };

        var result = TaylorCheck.Run(setup.Build().Problem, seed: 2, low: 0.15, high: 0.5);

        Assert.Equal(0, result.ClampedEntries);
        Assert.True(result.Passes(), $"observed order {result.ObservedOrder}");
    }

    [Fact]
    public void Hbto_with_its_network_lowers_the_compliance_at_the_target_volume()
    {
        var setup = new TopologySetup
        {
            Problem = StandardProblems.HalfMbb(24, 12),
            Cell = Ellipse,
            Material = MaterialSource.Network(TestModels.Ellipse, "nnj"),
            Filter = FilterKind.SolidFractionSensitivity,
            MaxIterations = 60,
        };

        var run = TopologyRun.Execute(setup.Build());

        Assert.InRange(run.Volume, 0.5 - 1e-4, 0.5 + 1e-4);
        Assert.True(run.Compliance < 0.8 * run.Initial.Compliance, $"{run.Initial.Compliance} -> {run.Compliance}");
        Assert.Contains(run.ExitReason, new[] { ExitReason.MaxIterations, ExitReason.TrustRadiusBelowTolerance });
        Assert.Throws<IncompatibleChoicesException>(() => (setup with { Optimizer = "oc" }).Validate());
    }
}
