using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Mma;
using NeuralTopOpt.Optimization.OptimalityCriteria;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Tests.Optimization.Topology;

/// <summary>
/// The load-size defects of issue 11 on P(fy), the 20×10 half MBB beam with one load fy at the
/// top-left node: MMA broke its volume constraint for large loads, the trust region stopped at the
/// start for small ones, OC returned volume 0 for tiny ones, and cancelling loads ran on a zero compliance.
/// </summary>
public class LoadSizeTests
{
    [Theory]
    [InlineData(-30)]
    [InlineData(-100)]
    [InlineData(-300)]
    [InlineData(-1e6)]
    public void Mma_keeps_the_volume_constraint_under_a_large_load(double fy)
    {
        var problem = Problem(fy, ConstraintForm.Inequality);

        var run = TopologyRun.Execute(problem, new MmaOptimizer(), new StoppingCriteria(20, 0.01));

        Assert.NotEqual(ExitReason.Stalled, run.ExitReason);
        Assert.True(run.Iterations >= 10, $"{run.Iterations} iterations ({run.ExitReason})");
        Assert.True(run.Volume <= 0.5 + 1e-6, $"volume {run.Volume}");
        Assert.All(run.History, h => Assert.True(h.Volume <= 0.5 + 1e-3, $"volume {h.Volume} at iteration {h.Iteration}"));
    }

    [Fact]
    public void Mma_raises_its_constraint_cost_when_the_objective_is_large()
    {
        // Without the nondimensional wrapper: the raw compliance of P(-100) is ~1e6, its volume
        // multiplier far above c = 1e5; MMA must still not buy volume with the artificial variable.
        var problem = Problem(-100, ConstraintForm.Inequality);

        var result = new MmaOptimizer().Minimize(problem, problem.InitialDesign(), new StoppingCriteria(20, 0.01));

        Assert.True(result.Iterations >= 10, $"{result.Iterations} iterations ({result.ExitReason})");
        Assert.True(problem.Volume(problem.PhysicalDesign(result.X.ToArray())) <= 0.5 + 1e-6);
    }

    [Fact]
    public void Trust_region_iterates_under_a_small_load_to_the_unit_load_design()
    {
        var small = TopologyRun.Execute(Problem(-0.01), TopologyOptimizers.Create("trust-region", 200), TopologyOptimizers.Stopping("trust-region"));
        var unit = TopologyRun.Execute(Problem(-1), TopologyOptimizers.Create("trust-region", 200), TopologyOptimizers.Stopping("trust-region"));

        Assert.True(small.Iterations > 20, $"{small.Iterations} iterations ({small.ExitReason})");
        Assert.Equal(unit.Iterations, small.Iterations);
        Assert.Equal(unit.ExitReason, small.ExitReason);
        Assert.True(MaxDifference(unit.Final.X, small.Final.X) <= 1e-6);
        Assert.Equal(1e-4 * unit.Compliance, small.Compliance, 1e-8 * unit.Compliance);
        Assert.True(small.Compliance < 0.6 * small.Initial.Compliance);
    }

    [Fact]
    public void Oc_keeps_the_volume_under_a_tiny_load()
    {
        var tiny = TopologyRun.Execute(Problem(-1e-100), new OptimalityCriteria(), new StoppingCriteria(300, 0.01));
        var unit = TopologyRun.Execute(Problem(-1), new OptimalityCriteria(), new StoppingCriteria(300, 0.01));

        Assert.Equal(0.5, tiny.Volume, 9);
        Assert.Equal(unit.Iterations, tiny.Iterations);
        Assert.True(MaxDifference(unit.Final.X, tiny.Final.X) <= 1e-6);

        // OC alone, on the raw compliance of order 1e-198: its multiplier search is relative.
        var raw = Problem(-1e-100);
        var direct = new OptimalityCriteria().Minimize(raw, raw.InitialDesign(), new StoppingCriteria(300, 0.01));
        Assert.Equal(unit.Iterations, direct.Iterations);
        Assert.Equal(0.5, raw.Volume(raw.PhysicalDesign(direct.X.ToArray())), 9);
        Assert.True(MaxDifference(unit.Final.X, direct.X) <= 1e-6);
    }

    [Fact]
    public void Loads_that_cancel_on_one_node_are_refused()
    {
        var error = Assert.Throws<InvalidInputException>(() => PointLoadProblems.HalfMbb(20, 10, 1, -1));

        Assert.Contains("loads cancel", error.Message, StringComparison.Ordinal);
        Assert.Contains("compliance is 0 for every design", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1e-130)]
    [InlineData(1e130)]
    public void Loads_beyond_double_precision_are_refused_before_the_run(double size)
    {
        var problem = Problem(-size);

        var error = Assert.Throws<InvalidInputException>(() => TopologyRun.Execute(problem, new OptimalityCriteria(), new StoppingCriteria(3, 0.01)));

        Assert.Contains("express loads and modulus in other units", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_papers_problem_is_seen_unscaled()
    {
        var structure = StandardProblems.HalfMbb(60, 30);

        Assert.Equal(1.0, ComplianceScale.Factor(structure, new SimpMaterial()));
        Assert.Equal(0.25, ComplianceScale.Factor(StandardProblems.FullMbb(60, 30), new SimpMaterial()));
        Assert.Equal(2.0 / 9, ComplianceScale.Factor(PointLoadProblems.HalfMbb(20, 10, -3), new SimpMaterial(minimumModulus: 2e-9, maximumModulus: 2)), 15);
    }

    [Theory]
    [InlineData(-2.3182152868445146E-05)]
    [InlineData(-7.0)]
    [InlineData(-123456.789)]
    public void Loads_divided_by_their_size_are_the_unit_loads_to_the_last_bit(double fy)
    {
        var structure = PointLoadProblems.HalfMbb(20, 10, fy);
        var size = ComplianceScale.LoadSize(structure);
        var unit = structure.WithLoadsDividedBy(size);

        Assert.Equal(Math.Abs(fy), size);
        Assert.Equal(-1.0, Assert.Single(Assert.Single(unit.LoadCases).Loads).Value);
        Assert.Equal(1.0, ComplianceScale.Factor(unit, new SimpMaterial()));
    }

    [Fact]
    public void A_problem_with_loads_divided_by_c_has_the_compliance_over_c_squared_and_shares_the_solver()
    {
        // Two load cases of different sizes: no exact unit form, the compliance scales by 1/c² to roundoff.
        var mesh = new GridMesh(24, 12);
        var clamped = Enumerable.Range(0, 13).SelectMany(j => new[] { 2 * mesh.NodeAt(0, j), (2 * mesh.NodeAt(0, j)) + 1 });
        LoadCase[] cases =
        [
            new("tip down", [new PointLoad((2 * mesh.NodeAt(24, 0)) + 1, -3)]),
            new("top pull", [new PointLoad(2 * mesh.NodeAt(24, 12), 1.5), new PointLoad((2 * mesh.NodeAt(12, 12)) + 1, 0.25)]),
        ];
        var structure = new StructuralProblem("cantilever, two cases", mesh, clamped, cases);
        var problem = new ComplianceProblem(structure, new SimpMaterial(), new ComplianceSettings(0.5, CellFamilies.Density, FilterKind.Sensitivity, 1.5));
        var c = ComplianceScale.LoadSize(problem.Structure);
        var unit = problem.WithLoadsDividedBy(c);
        var x = problem.InitialDesign();

        var phi = problem.Analyze(x).Compliance;
        var phiUnit = unit.Analyze(x).Compliance;

        Assert.Equal(Math.Sqrt((3.0 * 3.0) + Math.Pow(1.5 + 0.25, 2)), c, 14);
        Assert.Equal(phi / (c * c), phiUnit, 12);
        Assert.Same(problem.Analysis.Solver, unit.Analysis.Solver);
        Assert.Throws<ArgumentOutOfRangeException>(() => problem.Structure.WithLoadsDividedBy(0));
    }

    private static ComplianceProblem Problem(double fy, ConstraintForm constraint = ConstraintForm.Equality) =>
        new(PointLoadProblems.HalfMbb(20, 10, fy), new SimpMaterial(), new ComplianceSettings(0.5, CellFamilies.Density, FilterKind.Sensitivity, 2.7, constraint));

    private static double MaxDifference(IReadOnlyList<double> a, IReadOnlyList<double> b) => a.Zip(b, (p, q) => Math.Abs(p - q)).Max();
}
