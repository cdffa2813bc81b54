using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Tests.Optimization.Topology;

/// <summary>Passive regions must leave the volume target reachable (issue 11: OC ended at 0.7 with compliance 3e9).</summary>
public class PassiveRegionTests
{
    [Theory]
    [InlineData(ConstraintForm.Equality)]
    [InlineData(ConstraintForm.Inequality)]
    public void Passive_solid_larger_than_the_volume_fraction_is_refused(ConstraintForm form)
    {
        var structure = WithPassive(20, 10, e => e < 140 ? PassiveKind.Solid : PassiveKind.Active); // 70 % solid

        var error = Assert.Throws<InvalidInputException>(() => new ComplianceProblem(structure, new SimpMaterial(), new ComplianceSettings { VolumeFraction = 0.5, Constraint = form }));

        Assert.Contains("passive solid regions fill 70.0", error.Message, StringComparison.Ordinal);
        Assert.Contains("more than the volume fraction 0.5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Passive_void_that_leaves_too_little_room_is_refused_for_an_equality_only()
    {
        var structure = WithPassive(20, 10, e => e < 120 ? PassiveKind.Void : PassiveKind.Active); // 40 % left

        var error = Assert.Throws<InvalidInputException>(() => new ComplianceProblem(structure, new SimpMaterial(), new ComplianceSettings { VolumeFraction = 0.5 }));
        Assert.Contains("passive void regions leave 40.0", error.Message, StringComparison.Ordinal);

        var inequality = new ComplianceProblem(structure, new SimpMaterial(), new ComplianceSettings { VolumeFraction = 0.5, Constraint = ConstraintForm.Inequality });
        Assert.Equal(200, inequality.ElementCount);
    }

    [Fact]
    public void Passive_regions_that_fit_start_at_the_target_volume()
    {
        var structure = WithPassive(20, 10, e => e < 40 ? PassiveKind.Solid : e >= 180 ? PassiveKind.Void : PassiveKind.Active);

        var problem = new ComplianceProblem(structure, new SimpMaterial(), new ComplianceSettings { VolumeFraction = 0.5 });

        Assert.Equal(0.5, problem.Volume(problem.PhysicalDesign(problem.InitialDesign())), 12);
    }

    private static StructuralProblem WithPassive(int nelx, int nely, Func<int, PassiveKind> kind)
    {
        var beam = StandardProblems.HalfMbb(nelx, nely);
        return new StructuralProblem("passive", beam.Mesh, beam.FixedDofs.ToArray(), beam.LoadCases, [.. Enumerable.Range(0, nelx * nely).Select(kind)]);
    }
}
