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

    [Fact]
    public void Hbto_mma_on_the_12x6_beam_blows_up_only_under_the_paper_sensitivity_filter_whose_gradient_is_not_the_compliance_gradient()
    {
        // `ntopo optimize hbto --optimizer mma --nelx 12 --nely 6` (the paper's sensitivity filter, weighted by θ)
        // climbs from φ = 197 to ~7,000 by iteration 15: the filtered sensitivities are a heuristic, not ∂φ/∂θ, so
        // MMA's approximations are not first-order accurate and, having no line search, MMA takes steps that raise φ.
        // With the density filter (the chain rule: the exact gradient) the same run converges.
        static ComplianceProblem Problem(FilterKind filter) => new(
            StandardProblems.HalfMbb(12, 6),
            CellFamilies.Hole.CreateMaterial(MaterialSource.Network(TestModels.Hbto, "nnj")),
            new ComplianceSettings(0.5, CellFamilies.Hole, filter, 2.7, ConstraintForm.Inequality));

        var random = new Random(7);
        var design = Enumerable.Range(0, 144).Select(_ => 0.3 + (0.4 * random.NextDouble())).ToArray();
        var direction = Enumerable.Range(0, 144).Select(_ => random.NextDouble() - 0.5).ToArray();
        double Mismatch(FilterKind filter)
        {
            var problem = Problem(filter);
            var gradient = new double[144];
            problem.Evaluate(design, gradient);
            const double Step = 1e-5;
            var plus = problem.Evaluate(design.Select((v, i) => v + (Step * direction[i])).ToArray(), new double[144]);
            var minus = problem.Evaluate(design.Select((v, i) => v - (Step * direction[i])).ToArray(), new double[144]);
            var finite = (plus - minus) / (2 * Step);
            var analytic = gradient.Select((g, i) => g * direction[i]).Sum();
            return Math.Abs(analytic - finite) / Math.Abs(finite);
        }

        Assert.InRange(Mismatch(FilterKind.Density), 0, 1e-5);
        Assert.True(Mismatch(FilterKind.Sensitivity) > 0.05, $"sensitivity filter mismatch {Mismatch(FilterKind.Sensitivity):E2}");

        var stopping = new StoppingCriteria(40, 0.01);
        var exact = Problem(FilterKind.Density);
        var converged = new MmaOptimizer().Minimize(exact, exact.InitialDesign(), stopping);
        var first = converged.History[0].Objective;
        Assert.Equal(ExitReason.MaxIterations, converged.ExitReason);
        Assert.InRange(converged.Objective, 0.5 * first, 0.7 * first);
        Assert.All(converged.History.Skip(10), h => Assert.True(h.Objective < first, $"iteration {h.Iteration}: {h.Objective} >= {first}"));
        Assert.InRange(exact.VolumeOf(converged.X.ToArray()), 0.49, 0.5 + 1e-6);

        var heuristic = Problem(FilterKind.Sensitivity);
        var blown = new MmaOptimizer().Minimize(heuristic, heuristic.InitialDesign(), new StoppingCriteria(15, 0.01));
        Assert.True(blown.Objective > 5 * blown.History.Min(h => h.Objective), $"final {blown.Objective}, best {blown.History.Min(h => h.Objective)}");
    }
}
