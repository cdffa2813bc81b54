using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Mma;
using NeuralTopOpt.Optimization.QuasiNewton;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Optimization.TrustRegion;
using NeuralTopOpt.Tests.Models;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Optimization.Topology;

/// <summary>
/// The paper's runs on the 60×30 half MBB beam (V_t = 0.5, r = 2.7, sensitivity filter, tol = 1e-3):
/// a representative subset, the rest is run through <c>ntopo optimize</c> for the report.
/// </summary>
[Trait("Category", "Slow")]
public class PaperRunTests(ITestOutputHelper output)
{
    [Fact]
    public void Dbto_simp_with_trust_region_lands_within_3_percent_of_82()
    {
        var run = Run(new SimpMaterial(), CellFamilies.Density, new TrustRegionOptimizer());

        Assert.InRange(run.Compliance, 0.97 * 82.0, 1.03 * 82.0);
        Assert.Equal(0.5, run.Volume, 6);
    }

    [Fact]
    public void Dbto_network_with_nnj_and_trust_region_lands_within_3_percent_of_81_5()
    {
        var run = Run(CellFamilies.Density.CreateMaterial(MaterialSource.Network(TestModels.Dbto, "nnj")), CellFamilies.Density, new TrustRegionOptimizer());

        Assert.InRange(run.Compliance, 0.97 * 81.5, 1.03 * 81.5);
        Assert.Equal(0.5, run.Volume, 6);
    }

    /// <summary>
    /// With SciPy's Hessian strategy (dense BFGS, updates skipped when the curvature test fails), as
    /// the paper ran it. The default limited-memory approximation stops earlier on this problem (the
    /// trust radius falls below 1e-3 at about 1,080 iterations, compliance about 80.7). Then beyond the
    /// paper: the same network, filter and optimizer with the holes turned (the angle a third design
    /// field) take at least 5 % off the compliance.
    /// </summary>
    [Fact]
    public void Hbto_network_with_nnj_lands_within_3_percent_of_76_and_turning_the_holes_takes_at_least_5_percent_off()
    {
        var network = MaterialSource.Network(TestModels.Hbto, "nnj");
        var run = Run(CellFamilies.Hole.CreateMaterial(network), CellFamilies.Hole, ScipyStyle());

        Assert.InRange(run.Compliance, 0.97 * 76.0, 1.03 * 76.0);
        Assert.Equal(0.5, run.Volume, 6);
        Assert.InRange(run.Iterations, 1000, 3000);

        var turned = Run(CellFamilies.RotatedHole.CreateMaterial(network), CellFamilies.RotatedHole, ScipyStyle());

        Assert.True(turned.Compliance <= 0.95 * run.Compliance, $"turned {turned.Compliance} vs unturned {run.Compliance}");
        Assert.Equal(0.5, turned.Volume, 6);
        Assert.Equal(TopologyOptimizers.Create("trust-region", 3 * 1800).Name, ScipyStyle().Name);
        Assert.Equal("bfgs", TopologyOptimizers.ResolveHessian("auto", 3 * 1800));
    }

    private static TrustRegionOptimizer ScipyStyle() =>
        new(new TrustRegionOptions { Hessian = HessianApproximation.DenseBfgs, Safeguard = CurvatureSafeguard.Skip });

    [Fact]
    public void Dbto_mma_is_no_worse_than_1_percent_above_trust_region_in_fewer_iterations_than_the_paper()
    {
        var trust = Run(new SimpMaterial(), CellFamilies.Density, new TrustRegionOptimizer());
        var mma = Run(new SimpMaterial(), CellFamilies.Density, new MmaOptimizer());

        Assert.True(mma.Compliance <= 1.01 * trust.Compliance, $"MMA {mma.Compliance} vs trust-region {trust.Compliance}");
        Assert.True(mma.Volume <= 0.5 + 1e-9);
        Assert.True(mma.Iterations < 370, $"MMA took {mma.Iterations} iterations; the paper's trust-region run 370");
    }

    /// <summary>
    /// With the paper's sensitivity filter MMA fails on HBTO (compliance about 145): the filter's
    /// weights θ/max(10⁻³, θ) are meant for densities, whose void end is 0, but a hole size of 0 is
    /// solid, and MMA drives many θ there, where the floor magnifies the neighbours' sensitivities up
    /// to a thousandfold. With the density filter (consistent gradients) MMA does what it should.
    /// </summary>
    [Fact]
    public void Hbto_mma_with_the_density_filter_is_no_worse_than_1_percent_above_trust_region_in_fewer_iterations()
    {
        var trust = Run(CellFamilies.Hole.CreateMaterial(MaterialSource.Network(TestModels.Hbto, "nnj")), CellFamilies.Hole, new TrustRegionOptimizer());
        var mma = Run(CellFamilies.Hole.CreateMaterial(MaterialSource.Network(TestModels.Hbto, "nnj")), CellFamilies.Hole, new MmaOptimizer(), FilterKind.Density);

        Assert.True(mma.Compliance <= 1.01 * trust.Compliance, $"MMA {mma.Compliance} vs trust-region {trust.Compliance}");
        Assert.True(mma.Volume <= 0.5 + 1e-9);
        Assert.True(mma.Iterations < trust.Iterations / 3, $"MMA took {mma.Iterations} iterations, trust-region {trust.Iterations}");
    }

    private TopologyRunResult Run(IMaterialModel material, ICellFamily measure, IOptimizer optimizer, FilterKind filter = FilterKind.Sensitivity)
    {
        var mma = optimizer is MmaOptimizer;
        var problem = new ComplianceProblem(StandardProblems.HalfMbb(60, 30), material,
            new ComplianceSettings(0.5, measure, filter, constraint: mma ? ConstraintForm.Inequality : ConstraintForm.Equality));
        var stopping = mma ? new StoppingCriteria(3000, 0.01) : new StoppingCriteria(3000, 1e-3, 1e-3);
        var run = TopologyRun.Execute(problem, optimizer, stopping);
        output.WriteLine($"{measure.Name} {material.Name} {optimizer.Name} {filter}: compliance {run.Compliance:G6}, {run.Iterations} iterations ({run.ExitReason}), {run.Wall.TotalSeconds:F1} s");
        return run;
    }
}
