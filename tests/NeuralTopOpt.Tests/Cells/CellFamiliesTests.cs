using NeuralTopOpt.Cells;
using NeuralTopOpt.Datasets;
using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Tests.Cells;

public class CellFamiliesTests
{
    public static TheoryData<string> Names => [.. CellFamilies.Names];

    [Fact]
    public void The_registry_finds_every_family_by_name_and_names_the_known_ones_for_an_unknown()
    {
        Assert.Equal(["density", "hole", "rotated-hole"], CellFamilies.Names.Take(3));
        Assert.All(CellFamilies.All, c => Assert.Same(c, CellFamilies.Find(c.Name)));
        var error = Assert.Throws<InvalidInputException>(() => CellFamilies.Find("honeycomb"));
        Assert.Contains("rotated-hole", error.Message, StringComparison.Ordinal);
        Assert.Same(CellFamilies.Hole, CellFamilies.ByDatasetKind("hole"));
        Assert.Same(CellFamilies.Density, CellFamilies.ByDatasetKind("simp"));
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void Solid_is_full_void_is_empty_and_the_start_level_meets_the_volume(string name)
    {
        var cell = CellFamilies.Find(name);
        var theta = new double[cell.FieldCount];

        cell.Solid(theta);
        Assert.Equal(1, cell.SolidFraction(theta), 15);
        cell.Void(theta);
        Assert.Equal(0, cell.SolidFraction(theta), 15);
        foreach (var volume in new[] { 0.3, 0.5, 0.8 })
        {
            cell.Start(cell.StartLevel(volume), theta);
            Assert.Equal(volume, cell.SolidFraction(theta), 14);
            CellFamilies.CheckDesign(cell, theta);
        }
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void The_solid_fraction_gradient_matches_central_differences_and_the_mean_matches_the_elements(string name)
    {
        var cell = CellFamilies.Find(name);
        var k = cell.FieldCount;
        var random = new Random(11);
        var theta = cell.Parameters.Select(p => p.Lower + ((p.Upper - p.Lower) * (0.2 + (0.6 * random.NextDouble())))).ToArray();
        var gradient = new double[k];

        cell.SolidFractionGradient(theta, gradient);

        const double H = 1e-6;
        for (var j = 0; j < k; j++)
        {
            var (plus, minus) = ((double[])theta.Clone(), (double[])theta.Clone());
            plus[j] += H;
            minus[j] -= H;
            Assert.Equal((cell.SolidFraction(plus) - cell.SolidFraction(minus)) / (2 * H), gradient[j], 8);
        }

        // A field-major design of three elements: the mean of the elements' solid fractions.
        var design = new double[3 * k];
        var fractions = new double[3];
        for (var e = 0; e < 3; e++)
        {
            var element = cell.Parameters.Select(p => p.Lower + ((p.Upper - p.Lower) * random.NextDouble())).ToArray();
            fractions[e] = cell.SolidFraction(element);
            for (var f = 0; f < k; f++)
            {
                design[(f * 3) + e] = element[f];
            }
        }

        Assert.Equal(fractions.Average(), cell.MeanSolidFraction(design, 3), 14);
        Assert.Equal(fractions, cell.SolidFractions(design, 3));
    }

    [Fact]
    public void The_hole_rasterizes_as_the_papers_code_and_its_dataset_has_the_reference_columns()
    {
        var cell = CellFamilies.Hole;
        var pixels = new double[40 * 40];

        cell.Rasterize([0.43, 0.2], 40, pixels);

        Assert.Equal(HoleCell.Rasterize(0.43, 0.2, 40), pixels);
        Assert.Equal(["width", "height"], cell.Dataset.Inputs);
        Assert.Equal(["C11", "C12", "C22", "C13", "C23", "C33"], cell.Dataset.Outputs);
        Assert.Equal(DatasetSpec.Hole(10, 20, 1), DatasetSpec.For(cell, 10, 1, 20));
        Assert.True(cell.Dataset.UsesResolution);
        Assert.False(CellFamilies.Density.Dataset.UsesResolution);
        Assert.True(CellFamilies.Density.SolidFractionIsLinear);
        Assert.False(cell.SolidFractionIsLinear);
    }

    [Theory]
    [InlineData(-0.1, 0.5)]
    [InlineData(0.5, 1.5)]
    [InlineData(double.NaN, 0.5)]
    public void A_design_outside_the_bounds_is_refused_in_one_line(double width, double height)
    {
        var error = Assert.Throws<InvalidInputException>(() => CellFamilies.Hole.Rasterize([width, height], 10, new double[100]));

        Assert.Contains("must lie in [0, 1]", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => CellFamilies.CheckDesign(CellFamilies.Hole, [0.5]));
    }

    [Fact]
    public void The_density_cell_homogenizes_to_its_linear_interpolation_of_the_solid()
    {
        var cell = CellFamilies.Density;
        var homogenizer = new CellHomogenizer(8);

        var c = cell.Homogenize(homogenizer, [0.3], new double[64]);

        var solid = CellMaterial.Paper.Solid;
        var scale = 0.3 + (1e-9 * 0.7);
        Assert.Equal(scale * solid.C11, c.C11, 12);
        Assert.Equal(scale * solid.C12, c.C12, 12);
        Assert.Equal(scale * solid.C33, c.C33, 12);
        Assert.Equal(0, c.C13, 12);
    }
}
