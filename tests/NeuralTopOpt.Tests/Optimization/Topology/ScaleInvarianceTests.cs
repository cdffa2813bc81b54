using CsCheck;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Tests.Models;
using NeuralTopOpt.Tests.Properties;

namespace NeuralTopOpt.Tests.Optimization.Topology;

/// <summary>
/// Scale invariance of every optimizer on the topology problems: loads s·f (s ∈ [1e-6, 1e6], log-uniform,
/// both ends always included) give the same iterations, exit and design as s = 1 (max |Δθ| ≤ 1e-6) and
/// the compliance s²·φ; a SIMP modulus s·E gives φ/s. On a 20×10 half MBB beam (P(fy) of issue 11),
/// DBTO with SIMP and HBTO with the committed hole-cell network. The trust region runs in both of its
/// modes: <c>bfgs</c> (<c>TrustRegionOptions.SciPy</c>, the paper mode, which <c>auto</c> picks at these
/// sizes) and <c>lbfgs</c> (<c>TrustRegionOptions.Default</c>). Neither is scale-invariant on its own
/// (SciPy's gtol, xtol and initial radius are absolute); both are through the nondimensional compliance.
/// Both modes skip the quasi-Newton update from a roundoff-sized step (a second-order correction of the
/// linear volume), whose y is noise and would turn last-bit differences into another run; every optimizer
/// takes any scale.
/// </summary>
public class ScaleInvarianceTests
{
    private const int Cases = 4; // random scales per property, besides 1e-6 and 1e6

    private static readonly Gen<double> Scales = Gen.Frequency((1, Gen.Const(1e-6)), (1, Gen.Const(1e6)), (4, SeededProperty.LogUniform(-6, 6)));

    [Theory]
    [InlineData("oc")]
    [InlineData("mma")]
    [InlineData("trust-region")]
    [InlineData("trust-region", "lbfgs")]
    public void Dbto_designs_and_iterations_do_not_depend_on_the_load_scale(string optimizer, string hessian = "auto")
    {
        var reference = Run(optimizer, Dbto(1), FilterKind.Sensitivity, hessian);
        Assert.True(reference.Iterations > 5, $"{optimizer} made {reference.Iterations} iterations at s = 1");

        SeededProperty.Check(Scales, seed: 11, Cases + 2, s => AssertSameRun(reference, Run(optimizer, Dbto(s), FilterKind.Sensitivity, hessian), s * s), s => $"s = {s:R}");
    }

    [Theory]
    [InlineData("mma")]
    [InlineData("trust-region")]
    [InlineData("trust-region", "lbfgs")]
    public void Hbto_designs_and_iterations_do_not_depend_on_the_load_scale(string optimizer, string hessian = "auto")
    {
        var filter = optimizer == "mma" ? FilterKind.Density : FilterKind.Sensitivity;
        var reference = Run(optimizer, Hbto(1), filter, hessian);
        Assert.True(reference.Iterations > 5, $"{optimizer} made {reference.Iterations} iterations at s = 1");

        SeededProperty.Check(Scales, seed: 12, Cases, s => AssertSameRun(reference, Run(optimizer, Hbto(s), filter, hessian), s * s), s => $"s = {s:R}");
    }

    [Theory]
    [InlineData("oc")]
    [InlineData("mma")]
    [InlineData("trust-region")]
    [InlineData("trust-region", "lbfgs")]
    public void Simp_designs_do_not_depend_on_the_modulus(string optimizer, string hessian = "auto")
    {
        var reference = Run(optimizer, Dbto(1), FilterKind.Sensitivity, hessian);

        SeededProperty.Check(Scales, seed: 13, 2, s => AssertSameRun(reference, Run(optimizer, Dbto(1, modulus: s), FilterKind.Sensitivity, hessian), 1 / s), s => $"E = {s:R}");
    }

    private static void AssertSameRun(TopologyRunResult reference, TopologyRunResult run, double complianceFactor)
    {
        Assert.Equal(reference.ExitReason, run.ExitReason);
        Assert.Equal(reference.Iterations, run.Iterations);
        var change = reference.Final.X.Zip(run.Final.X, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(change <= 1e-6, $"max |dtheta| = {change:E3}");
        // The designs agree to rounding amplified over the run; φ is stationary there, so it agrees closer.
        var final = Math.Abs((run.Compliance / (complianceFactor * reference.Compliance)) - 1);
        Assert.True(final <= 1e-8, $"compliance off the scaled one by {final:E2} (relative)");
        var initial = Math.Abs((run.Initial.Compliance / (complianceFactor * reference.Initial.Compliance)) - 1);
        Assert.True(initial <= 1e-11, $"initial compliance off the scaled one by {initial:E2} (relative)");
        Assert.Equal(reference.Volume, run.Volume, 9);
    }

    private static TopologyRunResult Run(string optimizer, (StructuralProblem Structure, IMaterialModel Material, ICellFamily Measure) setup, FilterKind filter, string hessian = "auto")
    {
        var constraint = optimizer == "mma" ? ConstraintForm.Inequality : ConstraintForm.Equality;
        var problem = new ComplianceProblem(setup.Structure, setup.Material, new ComplianceSettings(0.5, setup.Measure, filter, 2.7, constraint));
        var stopping = TopologyOptimizers.Stopping(optimizer, maxIterations: 300);
        return TopologyRun.Execute(problem, TopologyOptimizers.Create(optimizer, problem.VariableCount, hessian), stopping);
    }

    private static (StructuralProblem, IMaterialModel, ICellFamily) Dbto(double load, double modulus = 1) =>
        (PointLoadProblems.HalfMbb(20, 10, -load), new SimpMaterial(minimumModulus: 1e-9 * modulus, maximumModulus: modulus), CellFamilies.Density);

    private static (StructuralProblem, IMaterialModel, ICellFamily) Hbto(double load) =>
        (PointLoadProblems.HalfMbb(20, 10, -load), CellFamilies.Hole.CreateMaterial(MaterialSource.Network(TestModels.Hbto, "nnj")), CellFamilies.Hole);
}

/// <summary>P(fy) of issue 11: the half MBB beam's supports with loads of any size on the top-left node.</summary>
internal static class PointLoadProblems
{
    /// <summary>The half MBB beam nelx × nely with <paramref name="loads"/> (fy values, added) at the top-left node.</summary>
    public static StructuralProblem HalfMbb(int nelx, int nely, params double[] loads)
    {
        var beam = StandardProblems.HalfMbb(nelx, nely);
        var dof = (2 * beam.Mesh.NodeAt(0, nely)) + 1;
        return new StructuralProblem($"P({string.Join(", ", loads)})", beam.Mesh, beam.FixedDofs.ToArray(), [new LoadCase("top-left", [.. loads.Select(f => new PointLoad(dof, f))])]);
    }
}
