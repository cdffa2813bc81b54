using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Solvers;
using NeuralTopOpt.Solvers.Multigrid;
using NeuralTopOpt.Verification;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Verification;

/// <summary>
/// The multigrid on fine-scale structures: coarse grids much coarser than the cells' walls and holes lose the
/// structure's low-energy modes, so the verification caps the levels (<see cref="FineScaleLimits.MultigridLevels"/>).
/// </summary>
public class FineScaleMultigridTests(ITestOutputHelper output)
{
    [Fact]
    public void Capped_levels_solve_a_design_like_structure_that_a_deep_hierarchy_solves_slowly()
    {
        // A 24 × 12 hole design as optimized ones look: void cells, solid cells and holes of every size, M = 10.
        var coarse = StandardProblems.HalfMbb(24, 12);
        var random = new Random(13);
        var n = coarse.Mesh.ElementCount;
        var design = new double[2 * n];
        for (var e = 0; e < n; e++)
        {
            var kind = random.NextDouble();
            (design[e], design[n + e]) = kind < 0.15 ? (1.0, 1.0) : kind < 0.3 ? (0.0, 0.0) : (0.95 * random.NextDouble(), 0.95 * random.NextDouble());
        }

        const int M = 10;
        var structure = FineStructure.Build(CellFamilies.Hole, design, coarse.Mesh, M, 1);
        var fine = FineProblem.Map(coarse, structure.Subdivision);
        var coefficients = structure.Coefficients(CellMaterial.Paper);
        var expected = Compliance(fine, coefficients, system => new CholeskySolver(system), out _);

        var deep = new MultigridOptions { CoarsestMaxUnknowns = 500, RelativeTolerance = 1e-8 };
        var capped = deep with { MaxLevels = FineScaleLimits.MultigridLevels(M) };
        var deepIterations = int.MaxValue;
        try
        {
            Compliance(fine, coefficients, system => new MultigridSolver(system, deep), out deepIterations);
        }
        catch (SolverNotConvergedException)
        {
        }

        var compliance = Compliance(fine, coefficients, system => new MultigridSolver(system, capped), out var cappedIterations);
        output.WriteLine($"{fine.Mesh.ElementsX}x{fine.Mesh.ElementsY} pixels: deep {deepIterations} iterations, {capped.MaxLevels} levels {cappedIterations}; compliance {compliance:R} vs the Cholesky's {expected:R}");

        Assert.Equal(2, capped.MaxLevels);
        Assert.Equal(1, compliance / expected, 7);
        Assert.InRange(cappedIterations, 1, 60);
        Assert.True(deepIterations > 2 * cappedIterations, $"deep hierarchy {deepIterations} iterations, capped {cappedIterations}");
    }

    [Fact]
    public void Coefficients_are_the_solid_tensor_scaled_by_each_pixels_stiffness()
    {
        // one element, θ = (0.5, 0.5) at M = 4: a 2 × 2 hole in the middle of a 4 × 4 cell
        var structure = FineStructure.Build(CellFamilies.Hole, [0.5, 0.5], new GridMesh(1, 1), 4, 1);
        var material = CellMaterial.Paper;
        var c = structure.Coefficients(material);

        Assert.Equal(4 * 16, c.Length);
        Assert.Equal([material.Solid.C11, material.Solid.C12, material.Solid.C22, material.Solid.C33], c[..4]);   // corner pixel: solid
        var centre = 4 * ((1 * 4) + 1);                                                                            // pixel (1, 1): void
        Assert.Equal(1e-9 * material.Solid.C11, c[centre], 1e-24);
        Assert.Equal(1e-9 * material.Solid.C33, c[centre + 3], 1e-24);
        Assert.Equal(12, Enumerable.Range(0, 16).Count(p => c[4 * p] == material.Solid.C11));
    }

    [Theory]
    [InlineData(4, 2)]
    [InlineData(10, 2)]
    [InlineData(19, 2)]
    [InlineData(20, 3)]
    [InlineData(40, 4)]
    [InlineData(80, 5)]
    public void Levels_keep_the_coarsest_spacing_within_a_fifth_of_a_cell(int pixelsPerCell, int levels) =>
        Assert.Equal(levels, FineScaleLimits.MultigridLevels(pixelsPerCell));

    private static double Compliance(StructuralProblem problem, double[] coefficients, Func<ElasticSystem, ILinearElasticSolver> solver, out int iterations)
    {
        ILinearElasticSolver? made = null;
        var analysis = new LinearElasticAnalysis(problem, null, 4, system => made = solver(system));
        var u = new double[problem.Mesh.DofCount];
        var compliance = analysis.Solve(coefficients, u);
        iterations = made is MultigridSolver mg ? (int)mg.TotalIterations : 0;
        return compliance;
    }
}
