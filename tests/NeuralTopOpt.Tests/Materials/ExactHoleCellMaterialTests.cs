using NeuralTopOpt.Cells;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Tests.Models;

namespace NeuralTopOpt.Tests.Materials;

public class ExactHoleCellMaterialTests
{
    private static readonly PeriodicCellMesh Mesh = PeriodicCellMesh.Create(20);

    [Fact]
    public void A_uniform_design_takes_one_cell_and_every_element_gets_its_exact_derivative()
    {
        var material = new ExactHoleCellMaterial(new HoleCellGradient(Mesh).Compute, null);
        double[] designs = [0.55, 0.45, 0.55, 0.45, 0.55, 0.45];
        var (stiffness, derivatives) = (new double[12], new double[24]);

        material.Evaluate(designs, stiffness, derivatives);

        var cell = new HoleCellGradient(Mesh).Compute(0.55, 0.45);
        Assert.Equal(1, material.CellCount);
        for (var e = 0; e < 3; e++)
        {
            Assert.Equal(new[] { cell.Stiffness.C11, cell.Stiffness.C12, cell.Stiffness.C22, cell.Stiffness.C33 }, stiffness[(4 * e)..((4 * e) + 4)]);
            Assert.Equal(
                new[] { cell.ByWidth.C11, cell.ByHeight.C11, cell.ByWidth.C12, cell.ByHeight.C12, cell.ByWidth.C22, cell.ByHeight.C22, cell.ByWidth.C33, cell.ByHeight.C33 },
                derivatives[(8 * e)..((8 * e) + 8)]);
        }

        // Widening the hole softens the cell along x.
        Assert.True(cell.ByWidth.C11 < 0);
    }

    [Fact]
    public void With_a_network_the_stiffness_is_the_network_s_and_only_the_derivative_is_exact()
    {
        var network = CellFamilies.Hole.CreateMaterial(MaterialSource.Network(TestModels.Hbto, "nnj"));
        var material = new ExactHoleCellMaterial(new HoleCellGradient(Mesh).Compute, CellFamilies.Hole.CreateMaterial(MaterialSource.Network(TestModels.Hbto, "nnj")));
        double[] designs = [0.3, 0.6, 0.7, 0.2];
        var (stiffness, derivatives) = (new double[8], new double[16]);
        var (expected, networkDerivatives) = (new double[8], new double[16]);

        material.Evaluate(designs, stiffness, derivatives);
        network.Evaluate(designs, expected, networkDerivatives);

        Assert.Equal(expected, stiffness);
        Assert.Equal(2, material.CellCount);
        var cell = new HoleCellGradient(Mesh).Compute(0.7, 0.2);
        Assert.Equal(cell.ByHeight.C33, derivatives[8 + 7]);
        Assert.NotEqual(networkDerivatives[8 + 7], derivatives[8 + 7]);
    }

    [Fact]
    public void Pixel_averaged_it_takes_the_derivative_averaged_over_the_sweep()
    {
        var gradient = new HoleCellGradient(Mesh);
        var material = new ExactHoleCellMaterial((w, h) => HoleCellSweep.Average(gradient, w, h), null);
        double[] designs = [0.45, 0.3];
        var (stiffness, derivatives) = (new double[4], new double[8]);

        material.Evaluate(designs, stiffness, derivatives);

        var average = HoleCellSweep.Average(new HoleCellGradient(Mesh), 0.45, 0.3);
        Assert.Equal(average.Stiffness.C11, stiffness[0]);
        Assert.Equal(new[] { average.ByWidth.C11, average.ByHeight.C11, average.ByWidth.C12, average.ByHeight.C12 }, derivatives[..4]);
        Assert.NotEqual(new HoleCellGradient(Mesh).Compute(0.45, 0.3).ByWidth.C11, derivatives[0]);
    }
}
