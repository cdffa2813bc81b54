using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Tests.Models;
using NeuralTopOpt.Tests.Optimization;

namespace NeuralTopOpt.Tests.Cells;

public class RotatedHoleCellTests
{
    private static readonly ICellFamily Rotated = CellFamilies.RotatedHole;

    [Fact]
    public void Unturned_it_rasterizes_as_the_hole_and_a_quarter_turn_swaps_width_and_height()
    {
        var (turned, hole) = (new double[30 * 30], new double[30 * 30]);

        Rotated.Rasterize([0.45, 0.25, 0], 30, turned);
        Assert.Equal(HoleCell.Rasterize(0.45, 0.25, 30), turned);

        Rotated.Rasterize([0.45, 0.25, Math.PI / 2], 30, turned);
        HoleCell.Rasterize(0.25, 0.45, 30, hole);
        Assert.Equal(hole, turned);
    }

    [Fact]
    public void A_quarter_turn_homogenizes_as_the_hole_with_width_and_height_swapped()
    {
        var homogenizer = new CellHomogenizer(24);
        var scratch = new double[24 * 24];

        var turned = Rotated.Homogenize(homogenizer, [0.6, 0.3, Math.PI / 2], scratch);
        var swapped = CellFamilies.Hole.Homogenize(homogenizer, [0.3, 0.6], scratch);

        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(swapped[i, j], turned[i, j], 12);
            }
        }
    }

    [Fact]
    public void The_rotation_of_the_material_matches_the_homogenized_turned_lattice()
    {
        // At tan φ = 3/4 the turned lattice is periodic on a square of 5 × 5 cells: homogenizing that supercell
        // (an independent computation) must agree with T(φ)·C⁰·T(φ)ᵀ, the sign of C13 and C23 included.
        const int PixelsPerCell = 20;
        var phi = Math.Atan2(3, 4);
        var (width, height) = (0.7, 0.3);
        var supercell = new double[25 * PixelsPerCell * PixelsPerCell];
        var r = 5 * PixelsPerCell;
        var (s, c) = Math.SinCos(phi);
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < r; j++)
            {
                // Pixel centre in cell units (one cell = side 2), y upwards, then lattice coordinates of the turned cells.
                var x = 10.0 * (i + 0.5) / r;
                var y = 10.0 - (10.0 * (j + 0.5) / r);
                var u = ((c * x) + (s * y)) / 2;
                var v = ((-s * x) + (c * y)) / 2;
                var (lu, lv) = (2 * (u - Math.Floor(u) - 0.5), 2 * (v - Math.Floor(v) - 0.5));
                supercell[(i * r) + j] = Math.Abs(lu) < width && Math.Abs(lv) < height ? 0 : 1;
            }
        }

        var lattice = new CellHomogenizer(r).HomogenizeDensities(supercell);
        var rotated = Rotated.Homogenize(new CellHomogenizer(PixelsPerCell), [width, height, phi], new double[PixelsPerCell * PixelsPerCell]);

        Assert.True(Math.Abs(rotated.C13) > 0.02, $"C13 = {rotated.C13}");
        foreach (var (i, j) in new[] { (0, 0), (0, 1), (1, 1), (2, 2), (0, 2), (1, 2) })
        {
            Assert.Equal(Math.Sign(rotated[i, j]), Math.Sign(lattice[i, j]));
            Assert.True(Math.Abs(rotated[i, j] - lattice[i, j]) < 0.03 * Math.Abs(lattice[0, 0]), $"C[{i},{j}]: {rotated[i, j]} vs {lattice[i, j]}");
        }
    }

    [Fact]
    public void Unturned_its_compliance_is_the_holes_to_the_last_digit()
    {
        var structure = StandardProblems.HalfMbb(12, 6);
        var hole = new ComplianceProblem(structure, new TwoFieldTestMaterial(), new ComplianceSettings(0.5, CellFamilies.Hole, FilterKind.None));
        var turned = new ComplianceProblem(structure, new RotatedMaterial(new TwoFieldTestMaterial()), new ComplianceSettings(0.5, Rotated, FilterKind.None));
        var x = ComplianceProblemTests.RandomDesign(hole.VariableCount, 0.2, 0.8, seed: 4);
        double[] y = [.. x, .. new double[hole.ElementCount]];
        var (g, h) = (new double[x.Length], new double[y.Length]);

        var phi = hole.Evaluate(x, g);
        var psi = turned.Evaluate(y, h);

        Assert.Equal(phi, psi);
        Assert.Equal(g, h[..x.Length]);
        Assert.Equal(6, turned.Analysis.CoefficientCount);
        Assert.Contains(h[x.Length..], v => v != 0);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.1)]
    public void The_material_derivatives_pass_a_taylor_check_angle_included(double phi)
    {
        // r(ε) = |C(θ + εd) − C(θ) − ε·∂C·d| must shrink as ε² for every entry.
        var material = new RotatedMaterial(new TwoFieldTestMaterial());
        double[] theta = [0.35, 0.55, phi, 0.7, 0.2, phi + 0.4];
        double[] direction = [0.3, -0.8, 1.0, -0.5, 0.6, -0.9];
        var (c, dc) = (new double[12], new double[36]);
        material.Evaluate(theta, c, dc);
        var slope = new double[12];
        for (var e = 0; e < 2; e++)
        {
            for (var t = 0; t < 6; t++)
            {
                for (var j = 0; j < 3; j++)
                {
                    slope[(6 * e) + t] += dc[(18 * e) + (3 * t) + j] * direction[(3 * e) + j];
                }
            }
        }

        double Remainder(double epsilon)
        {
            var moved = theta.Select((v, i) => v + (epsilon * direction[i])).ToArray();
            var shifted = new double[12];
            material.Stiffness(moved, shifted);
            return Enumerable.Range(0, 12).Max(i => Math.Abs(shifted[i] - c[i] - (epsilon * slope[i])));
        }

        var (r1, r2) = (Remainder(1e-3), Remainder(5e-4));
        Assert.Equal(2, Math.Log(r1 / r2) / Math.Log(2), 0.05);
        Assert.True(r1 < 1e-5, $"remainder {r1}");
    }

    [Fact]
    public void A_turned_tensor_is_positive_definite_with_the_invariants_of_the_unturned()
    {
        var material = new RotatedMaterial(new TwoFieldTestMaterial());
        var (c, dc) = (new double[12], new double[36]);
        material.Evaluate([0.4, 0.6, 0, 0.4, 0.6, 0.9], c, dc);

        // Invariants of a 2D stiffness under rotation: C11 + C22 + 2C12 and C11 + C22 − 2C12 + 4C33.
        Assert.Equal(c[0] + c[2] + (2 * c[1]), c[6] + c[8] + (2 * c[7]), 13);
        Assert.Equal(c[0] + c[2] - (2 * c[1]) + (4 * c[3]), c[6] + c[8] - (2 * c[7]) + (4 * c[9]), 13);
        Assert.Equal((0.0, 0.0), (c[4], c[5]));
        Assert.NotEqual(0, c[10]);
    }

    [Fact]
    public void The_whole_chain_passes_the_taylor_check_with_the_angle_as_a_design_field()
    {
        var problem = new ComplianceProblem(
            StandardProblems.HalfMbb(12, 6), new RotatedMaterial(new TwoFieldTestMaterial()), new ComplianceSettings(0.5, Rotated, FilterKind.None));

        var result = TaylorCheck.Run(problem, seed: 3);

        Assert.True(result.Passes(), $"observed order {result.ObservedOrder}");
        Assert.Equal(0, result.ClampedEntries);
    }

    [Fact]
    public void The_hole_network_turned_passes_the_taylor_check_of_the_whole_chain()
    {
        var setup = new TopologySetup
        {
            Problem = StandardProblems.HalfMbb(12, 6),
            Cell = Rotated,
            Material = MaterialSource.Network(TestModels.Hbto, "nnj"),
            Filter = FilterKind.None,
        };
        var problem = setup.Build().Problem;

        var result = TaylorCheck.Run(problem, seed: 1);

        Assert.IsType<RotatedMaterial>(problem.Material);
        Assert.Equal(3 * 72, problem.VariableCount);
        Assert.True(result.Passes(), $"observed order {result.ObservedOrder}");
    }

    [Fact]
    public void The_exact_material_turned_gives_the_turned_homogenized_cell()
    {
        var exact = Rotated.ExactMaterial(16)!;
        var (c, dc) = (new double[6], new double[18]);

        exact.Evaluate([0.5, 0.25, 0.6], c, dc);

        var expected = Rotated.Homogenize(new CellHomogenizer(16), [0.5, 0.25, 0.6], new double[256]);
        Assert.Equal(expected.C11, c[0], 3);
        Assert.Equal(expected.C13, c[4], 3);
        Assert.Equal(expected.C23, c[5], 3);
    }
}
