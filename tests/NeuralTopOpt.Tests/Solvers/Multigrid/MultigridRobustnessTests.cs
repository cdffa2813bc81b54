using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Solvers.Multigrid;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Solvers.Multigrid;

/// <summary>
/// High contrast, the case in which plain geometric multigrid is reported to fail: SIMP fields of a real
/// topology at E_min/E₀ = 10⁻³ … 10⁻⁹, hole-cell tensor maps, and fine-scale solid/void pixel structures.
/// Each solve is checked against the sparse Cholesky, and the CG iterations must not grow with the contrast.
/// </summary>
public class MultigridRobustnessTests(ITestOutputHelper output)
{
    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    private static (double Compliance, SolveStatistics Statistics) Solve(StructuralProblem problem, double[] coefficients, int terms, MultigridOptions options)
    {
        var force = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, force);
        var solver = new MultigridCgSolver(problem.Mesh, Q4Element.UnitSquare, terms, problem.FixedDofs, options);
        solver.Update(coefficients);
        var u = new double[force.Length];
        var statistics = solver.Solve(force, u);
        return (Dot(force, u), statistics);
    }

    [Theory]
    [InlineData(CoarseOperatorKind.Galerkin, 4)]
    [InlineData(CoarseOperatorKind.Rediscretized, 8)]
    public void Iterations_do_not_grow_with_the_SIMP_contrast_of_a_real_topology(CoarseOperatorKind coarse, int allowedGrowth)
    {
        // The MBB beam after 25 OC iterations (60×30), on a 240×120 grid of four levels.
        var problem = StandardProblems.HalfMbb(240, 120);
        var theta = MultigridDesigns.OcMbb(240, 120);
        var options = new MultigridOptions { CoarseOperator = coarse, CoarsestMaxUnknowns = 2000, RelativeTolerance = 1e-8 };
        var force = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, force);
        var iterations = new List<int>();
        foreach (var contrast in new[] { 1e-3, 1e-6, 1e-9 })
        {
            var stiffness = MultigridDesigns.Simp(theta, contrast);
            var (compliance, statistics) = Solve(problem, stiffness, 4, options);
            var expected = new LinearElasticAnalysis(problem).Solve(stiffness, new double[problem.Mesh.DofCount]);
            output.WriteLine($"{coarse}, E_min {contrast:E0}: {statistics.Iterations} iterations, compliance {compliance:R} vs {expected:R}");

            Assert.True(statistics.Converged);
            Assert.Equal(1, compliance / expected, 8);
            iterations.Add(statistics.Iterations);
        }

        Assert.InRange(iterations[2], 1, iterations[0] + allowedGrowth);
        Assert.InRange(iterations.Max(), 1, 40);
    }

    [Fact]
    public void Hole_cell_maps_with_rotated_tensors_solve_with_six_coefficients()
    {
        // Every element its own homogenized cell (rotated: C13, C23 ≠ 0), drawn from the reference data.
        var problem = StandardProblems.Cantilever(96, 48);
        var coefficients = MultigridDesigns.HoleCellMap(problem.Mesh.ElementCount, seed: 3);
        var force = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, force);
        var expected = MultigridDesigns.CholeskyCompliance(problem.Mesh, problem.FixedDofs, coefficients, 6, force);

        var (compliance, statistics) = Solve(problem, coefficients, 6, new MultigridOptions { CoarsestMaxUnknowns = 500, RelativeTolerance = 1e-8 });
        output.WriteLine($"hole-cell map: {statistics.Iterations} iterations, compliance {compliance:R} vs {expected:R}");

        Assert.True(statistics.Converged);
        Assert.Equal(1, compliance / expected, 8);
        Assert.InRange(statistics.Iterations, 1, 40);
    }

    [Theory]
    [InlineData(1e-3)]
    [InlineData(1e-9)]
    public void Fine_scale_solid_and_void_pixel_structures_solve(double voidModulus)
    {
        // 20 × 10 hole cells of 8 × 8 pixels: thin solid walls around voids, as a fine-scale check of an HBTO design.
        var problem = StandardProblems.HalfMbb(160, 80);
        var coefficients = MultigridDesigns.PixelMap(20, 10, 8, voidModulus);
        var force = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, force);
        var expected = MultigridDesigns.CholeskyCompliance(problem.Mesh, problem.FixedDofs, coefficients, 4, force);

        var (compliance, statistics) = Solve(problem, coefficients, 4, new MultigridOptions { CoarsestMaxUnknowns = 1000, RelativeTolerance = 1e-8 });
        output.WriteLine($"pixel map, void {voidModulus:E0}: {statistics.Iterations} iterations, compliance {compliance:R} vs {expected:R}");

        Assert.True(statistics.Converged);
        Assert.Equal(1, compliance / expected, 7);
        Assert.InRange(statistics.Iterations, 1, 120);
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void The_600x300_half_MBB_beam_at_contrast_1e_9_gives_the_compliance_of_the_cholesky_to_1e_6()
    {
        var problem = StandardProblems.HalfMbb(600, 300);
        var stiffness = MultigridDesigns.Simp(MultigridDesigns.OcMbb(600, 300), 1e-9);
        var expected = new LinearElasticAnalysis(problem).Solve(stiffness, new double[problem.Mesh.DofCount]);

        var (compliance, statistics) = Solve(problem, stiffness, 4, new MultigridOptions());
        output.WriteLine($"600x300: {statistics.Iterations} iterations, residual {statistics.RelativeResidual:E2}, compliance {compliance:R} vs {expected:R}");

        Assert.True(statistics.Converged);
        Assert.InRange(Math.Abs((compliance / expected) - 1), 0, 1e-6);
    }
}
