using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Studies;

namespace NeuralTopOpt.Tests.Studies;

public class StudyPlanTests
{
    [Fact]
    public void The_paper_plan_holds_every_run_of_figures_5_to_11_and_the_beyond_runs()
    {
        var plan = StudyPlan.Create(StudyOptions.Paper);

        Assert.Equal(["dbto-simp", "dbto-nnj", "dbto-cfd", "dbto-csm", "dbto-ad", "dbto-dual"], plan.Compared(StudyPlan.DbtoCell).Select(r => r.Key));
        Assert.Equal(["hbto-nnj", "hbto-cfd", "hbto-csm", "hbto-ad", "hbto-dual"], plan.Compared(StudyPlan.HbtoCell).Select(r => r.Key));
        var (large, small) = plan.NetworkSizeRuns();
        Assert.Equal(("dbto-ad", "dbto-small-ad"), (large.Key, small.Key));
        Assert.Equal(StudyPlan.DbtoSmall, small.Network);
        Assert.All(plan.Paper, r => Assert.True(r.IsPaperSetting));
        Assert.Equal(StudyPlan.DefaultBeyond, plan.Beyond);
        Assert.Equal(plan.Runs.Count, plan.Runs.Select(r => r.Key).Distinct().Count());
        Assert.Equal("dbto-nnj", plan.Baseline(plan.Beyond[0])!.Key);
        Assert.Equal("hbto-nnj", plan.Baseline(plan.Beyond[^1])!.Key);
        Assert.Equal([100, 10_000, 10_000], plan.Datasets.Select(d => d.Spec.Samples));
        Assert.Equal(100, plan.Dataset("hole").Spec.Resolution);
    }

    [Fact]
    public void Seed_replicates_are_hbto_networks_of_their_own_seed_each_with_the_fig9_run()
    {
        var options = StudyOptions.Paper;
        var plan = StudyPlan.Create(options);

        Assert.Equal(["hbto-r1", "hbto-r2"], plan.ReplicateNetworks.Select(n => n.Key));
        Assert.Equal(["dbto-small", "dbto-large", "hbto"], plan.Networks.Select(n => n.Key));
        Assert.Equal(5, plan.AllNetworks.Count);
        Assert.All(plan.ReplicateNetworks, n => Assert.Equal(("hole", plan.Network(StudyPlan.Hbto).Outputs), (n.Dataset, n.Outputs)));
        var streams = plan.AllNetworks.Select(n => options.Seeds.Training(n.SeedStream)).ToArray();
        Assert.Equal(streams.Length, streams.Distinct().Count());
        Assert.Equal(["hbto-nnj", "hbto-nnj-r1", "hbto-nnj-r2"], plan.SeedComparison().Select(r => r.Key));
        Assert.All(plan.ReplicateRuns, r => Assert.True(r.IsPaperSetting));
        Assert.Equal(new StoppingCriteria(3_000, 1e-3, 1e-3), OptimizationStage.Setup(options, plan.ReplicateRuns[0], null).Stopping);
        Assert.Contains(plan.ReplicateRuns[1], plan.Runs);

        var none = StudyPlan.Create(options with { HbtoReplicates = 0 });
        Assert.Empty(none.SeedComparison());
        Assert.Equal(3, none.AllNetworks.Count);
        Assert.Throws<InvalidInputException>(() => StudyPlan.Create(options with { HbtoReplicates = -1 }));
    }

    [Fact]
    public void Seeds_are_distinct_streams_of_the_master_seed()
    {
        var seeds = StudyOptions.Paper.Seeds;
        int[] all = [seeds.SimpSmall, seeds.SimpLarge, seeds.Hole, seeds.Training(0), seeds.Training(1), seeds.Training(2)];

        Assert.Equal(all.Length, all.Distinct().Count());
        Assert.Equal(2023, seeds.Master);
        Assert.Equal(seeds.Hole, new StudySeeds(2023).Hole);
        Assert.NotEqual(seeds.Hole, new StudySeeds(2024).Hole);
    }

    [Fact]
    public void Stopping_follows_the_optimizer_and_the_caps_of_each_group()
    {
        var options = StudyOptions.Paper;
        var plan = StudyPlan.Create(options);

        Assert.Equal(new StoppingCriteria(1_000, 1e-3, 1e-3), OptimizationStage.Setup(options, plan.Paper[0], null).Stopping);
        Assert.Equal(new StoppingCriteria(3_000, 1e-3, 1e-3), OptimizationStage.Setup(options, plan.Compared(StudyPlan.HbtoCell)[0], null).Stopping);
        Assert.Equal(new StoppingCriteria(500, 0.01), OptimizationStage.Setup(options, plan.Beyond.First(b => b.Optimizer == "mma"), null).Stopping);
    }

    [Fact]
    public void Runs_that_cannot_be_computed_are_refused()
    {
        StudyRunSpec ocOnHbto = new("hbto-oc", "OC", StudyPlan.HbtoCell, StudyPlan.Hbto, "nnj", "oc", FilterKind.Density);
        StudyRunSpec unknownNetwork = new("dbto-x", "X", StudyPlan.DbtoCell, "dbto-huge", "nnj");
        StudyRunSpec twice = new("dbto-nnj", "again", StudyPlan.DbtoCell, StudyPlan.DbtoLarge, "nnj", "mma");

        Assert.Contains("oc treats one linear volume constraint", Assert.Throws<InvalidInputException>(() => StudyPlan.Create(StudyOptions.Quick with { Beyond = [ocOnHbto] })).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => StudyPlan.Create(StudyOptions.Quick with { Beyond = [unknownNetwork] }));
        Assert.Contains("share the key", Assert.Throws<InvalidInputException>(() => StudyPlan.Create(StudyOptions.Quick with { Beyond = [twice] })).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => StudyPlan.Create(StudyOptions.Quick with { Methods = ["nnj", "fd"] }));
        Assert.Throws<InvalidInputException>(() => StudyPlan.Create(StudyOptions.Quick with { SnapshotIterations = [0] }));
    }
}
