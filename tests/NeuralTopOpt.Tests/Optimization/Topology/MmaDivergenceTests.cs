using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Mma;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Tests.Models;

namespace NeuralTopOpt.Tests.Optimization.Topology;

public class MmaDivergenceTests
{
    [Fact]
    public void Mma_whose_approximation_breaks_down_stops_as_stalled_with_a_finite_design()
    {
        // HBTO with the solid-fraction sensitivity filter: MMA's steps swing the design to a volume of
        // ~0.2 and, a few iterations later, its subproblem returns non-finite values. It must stop there
        // (Stalled, last finite iterate) instead of handing a NaN design to the problem.
        var problem = new ComplianceProblem(
            StandardProblems.HalfMbb(60, 30),
            CellFamilies.Hole.CreateMaterial(MaterialSource.Network(TestModels.Hbto, "nnj")),
            new ComplianceSettings(0.5, CellFamilies.Hole, FilterKind.SolidFractionSensitivity, 2.7, ConstraintForm.Inequality));

        var result = new MmaOptimizer().Minimize(problem, problem.InitialDesign(), new StoppingCriteria(100, 0.01));

        Assert.Equal(ExitReason.Stalled, result.ExitReason);
        Assert.InRange(result.Iterations, 1, 99);
        Assert.All(result.X, v => Assert.InRange(v, 0.0, 1.0));
    }
}
