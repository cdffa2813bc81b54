using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.OptimalityCriteria;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Optimization.TrustRegion;
using NeuralTopOpt.Tests.Models;

namespace NeuralTopOpt.Tests.Optimization.Topology;

public class TopologyRunTests
{
    [Fact]
    public void Records_every_iteration_the_initial_analysis_and_the_snapshots_of_an_oc_run()
    {
        var problem = Simp(30, 15);
        var expected = new OptimalityCriteria().Minimize(Simp(30, 15), problem.InitialDesign(), new StoppingCriteria(1000, 0.01));
        var observed = new List<ComplianceEvaluation>();
        problem.Evaluated += observed.Add;
        var seen = new List<TopologyIteration>();

        var result = TopologyRun.Execute(problem, new OptimalityCriteria(), new StoppingCriteria(1000, 0.01), progress: new ListProgress<TopologyIteration>(seen));

        Assert.Equal(result.Evaluations, observed.Count);
        Assert.Equal(expected.Objective, result.Compliance);
        Assert.Equal(expected.Iterations, result.Iterations);
        Assert.Equal(expected.X, result.Final.X);
        Assert.Equal(result.History, seen);
        Assert.Equal(Enumerable.Range(1, result.Iterations), result.History.Select(h => h.Iteration));
        Assert.Equal(expected.History.Select(h => h.Objective), result.History.Select(h => h.Compliance));
        Assert.All(result.History, h =>
        {
            Assert.Equal(0.5, h.Volume, 9);
            Assert.Equal(h.Iteration == 1 ? 2 : 1, h.Evaluations); // the start design is evaluated in iteration 1
            Assert.True(h.FeSolve > TimeSpan.Zero && h.Derivative > TimeSpan.Zero && h.Optimizer >= TimeSpan.Zero);
        });
        Assert.Equal(result.History.Average(h => h.Derivative.TotalMilliseconds), result.SensitivityMillisecondsPerIteration, 12);
        Assert.Equal(result.SensitivityMillisecondsPerIteration, result.MeanSplit.Derivative, 12);
        var derivatives = result.History.Select(h => h.Derivative.TotalMilliseconds).Order().ToArray();
        Assert.Equal(derivatives.Length % 2 == 1 ? derivatives[derivatives.Length / 2] : 0.5 * (derivatives[(derivatives.Length / 2) - 1] + derivatives[derivatives.Length / 2]), result.MedianSplit.Derivative, 12);

        var initial = problem.Analyze(problem.InitialDesign());
        Assert.Equal(initial.Compliance, result.Initial.Compliance);
        Assert.Equal(initial.Gradient, result.Initial.Gradient);

        Assert.Equal([1, 10, result.Iterations], result.Snapshots.Select(s => s.Iteration));
        var tenth = result.Snapshots[1];
        Assert.Equal(result.History[9].Compliance, tenth.Compliance);
        Assert.Equal(problem.PhysicalDesign(tenth.X.ToArray()), tenth.Physical);
        Assert.Equal(result.Volume, problem.Volume(result.Final.Physical.ToArray()));
    }

    [Fact]
    public void A_rejected_trust_region_step_keeps_the_iterate_and_its_clamped_count()
    {
        var problem = new ComplianceProblem(StandardProblems.HalfMbb(20, 10), CellFamilies.Hole.CreateMaterial(MaterialSource.Network(TestModels.Hbto, "nnj")), new ComplianceSettings { Cell = CellFamilies.Hole });

        var result = TopologyRun.Execute(problem, new TrustRegionOptimizer(), new StoppingCriteria(150, 1e-3, 1e-3));

        Assert.Contains(result.History, h => h.MaxChange == 0);
        Assert.Contains(result.History, h => h.ClampedEntries > 0);
        for (var i = 1; i < result.History.Count; i++)
        {
            var (before, now) = (result.History[i - 1], result.History[i]);
            // An iteration without an evaluation is a barrier update after an accepted step or a rejected
            // trial outside the bounds (not evaluated): it keeps the iterate.
            Assert.True(now.Evaluations >= 1 || now.MaxChange == 0, $"iteration {now.Iteration} moved x without an evaluation");
            if (now.MaxChange == 0)
            {
                Assert.Equal(before.Compliance, now.Compliance);
                Assert.Equal(before.ClampedEntries, now.ClampedEntries);
                Assert.Equal(before.Volume, now.Volume);
            }
        }

        Assert.Equal(result.History.Sum(h => h.Evaluations), result.Evaluations);
    }

    [Fact]
    public void A_given_start_design_is_used_and_checked()
    {
        var problem = Simp(12, 6);
        var start = Enumerable.Repeat(0.5, 72).ToArray();
        start[0] = 0.9;

        var result = TopologyRun.Execute(problem, new OptimalityCriteria(), new StoppingCriteria(3, 0.01), new TopologyRunOptions { Start = start, SnapshotIterations = [2] });

        Assert.Equal(problem.Analyze(start).Compliance, result.Initial.Compliance);
        Assert.Equal([2, 3], result.Snapshots.Select(s => s.Iteration));
        var wrongSize = Assert.Throws<InvalidInputException>(() => TopologyRun.Execute(problem, new OptimalityCriteria(), new StoppingCriteria(3), new TopologyRunOptions { Start = new double[71] }));
        Assert.Contains("has 71 values; the problem has 72", wrongSize.Message, StringComparison.Ordinal);
        start[5] = 1.5;
        var outside = Assert.Throws<InvalidInputException>(() => TopologyRun.Execute(problem, new OptimalityCriteria(), new StoppingCriteria(3), new TopologyRunOptions { Start = start }));
        Assert.Contains("start design value 5 (element 5, field 1) is 1.5; it must lie in [0, 1]", outside.Message, StringComparison.Ordinal);
    }

    private static ComplianceProblem Simp(int nelx, int nely) =>
        new(StandardProblems.HalfMbb(nelx, nely), new SimpMaterial(), new ComplianceSettings());
}

/// <summary>Collects reports synchronously.</summary>
internal sealed class ListProgress<T>(List<T> items) : IProgress<T>
{
    public void Report(T value) => items.Add(value);
}
