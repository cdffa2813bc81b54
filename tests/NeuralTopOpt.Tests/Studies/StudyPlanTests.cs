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
        var options = StudyOptions.Paper with { HbtoReplicates = 2 };
        var plan = StudyPlan.Create(options);

        Assert.Equal(0, StudyOptions.Paper.HbtoReplicates);
        Assert.Equal(["hbto-r1", "hbto-r2"], plan.ReplicateNetworks.Select(n => n.Key));
        Assert.Equal(["dbto-small", "dbto-large", "hbto"], plan.Networks.Select(n => n.Key));
        Assert.Equal(5 + (2 * options.ProtocolSeeds), plan.AllNetworks.Count);
        Assert.All(plan.ReplicateNetworks, n => Assert.Equal(("hole", plan.Network(StudyPlan.Hbto).Outputs), (n.Dataset, n.Outputs)));
        var streams = plan.AllNetworks.Select(n => options.Seeds.Training(n.SeedStream)).ToArray();
        Assert.Equal(streams.Length, streams.Distinct().Count());
        Assert.Equal(["hbto-nnj", "hbto-nnj-r1", "hbto-nnj-r2"], plan.SeedComparison().Select(r => r.Key));
        Assert.All(plan.ReplicateRuns, r => Assert.True(r.IsPaperSetting));
        Assert.Equal(new StoppingCriteria(3_000, 1e-3, 1e-3), OptimizationStage.Setup(options, plan.ReplicateRuns[0], null).Stopping);
        Assert.Contains(plan.ReplicateRuns[1], plan.Runs);

        var none = StudyPlan.Create(options with { HbtoReplicates = 0 });
        Assert.Empty(none.SeedComparison());
        Assert.Equal(3 + (2 * options.ProtocolSeeds), none.AllNetworks.Count);
        Assert.Throws<InvalidInputException>(() => StudyPlan.Create(options with { HbtoReplicates = -1 }));
    }

    [Fact]
    public void The_paper_networks_are_run_with_each_of_the_papers_methods_and_cfd_with_float32_inputs()
    {
        var plan = StudyPlan.Create(StudyOptions.Paper);

        Assert.Equal([StudyPlan.PaperDbto, StudyPlan.PaperHbto], plan.CommittedNetworks.Select(n => n.Key));
        Assert.Equal(
            ["paper-dbto-nnj", "paper-dbto-cfd", "paper-dbto-csm", "paper-dbto-ad", "paper-dbto-cfd-f32", "paper-hbto-nnj", "paper-hbto-cfd", "paper-hbto-csm", "paper-hbto-ad", "paper-hbto-cfd-f32"],
            plan.PaperNetworkRuns.Select(r => r.Key));
        Assert.All(plan.PaperNetworkRuns, r => Assert.True(r.IsPaperSetting));
        Assert.All(plan.PaperNetworkRuns, r => Assert.Equal(r.Key.EndsWith("-f32", StringComparison.Ordinal), r.Float32Inputs));
        Assert.All(plan.PaperNetworkRuns, r => Assert.Contains(r, plan.Runs));
        Assert.Throws<InvalidInputException>(() => new StudyRunSpec("x", "x", StudyPlan.HbtoCell, StudyPlan.PaperHbto, "nnj", Float32Inputs: true).Validate(StudyOptions.Paper));

        var trained = StudyPlan.Create(StudyOptions.Paper with { Networks = StudyNetworks.Trained });
        Assert.Empty(trained.PaperNetworkRuns);
        Assert.Empty(trained.CommittedNetworks);
        Assert.Equal(plan.Paper, trained.Paper);

        var only = StudyPlan.Create(StudyOptions.Paper with { Networks = StudyNetworks.Paper });
        Assert.Equal(plan.PaperNetworkRuns, only.Runs);
        Assert.Empty(only.AllNetworks);
        Assert.Empty(only.Datasets);
    }

    [Fact]
    public void The_protocol_study_trains_each_protocol_from_its_own_seeds_on_the_reference_cells()
    {
        var options = StudyOptions.Paper;
        var plan = StudyPlan.Create(options);

        Assert.Equal(["protocol-ntopo-1", "protocol-ntopo-2", "protocol-ntopo-3", "protocol-paper-1", "protocol-paper-2", "protocol-paper-3"], plan.ProtocolNetworks.Select(n => n.Key));
        Assert.All(plan.ProtocolNetworks, n => Assert.Equal((ReferenceCells.DatasetKey, n.Key.Contains("paper", StringComparison.Ordinal)), (n.Dataset, n.PaperProtocol)));
        Assert.Equal(plan.ProtocolNetworks.Select(n => "hbto-nnj-" + n.Key), plan.ProtocolRuns.Select(r => r.Key));
        Assert.Equal(NeuralTopOpt.Nn.Training.TrainingProtocol.Paper, TrainingStage.Options(options, plan.ProtocolNetworks[3]).Protocol);
        Assert.Equal(NeuralTopOpt.Nn.Training.TrainingProtocol.Ntopo, TrainingStage.Options(options, plan.ProtocolNetworks[0]).Protocol);
        Assert.Equal(options.Epochs, TrainingStage.Options(options, plan.ProtocolNetworks[3]).Epochs);
        Assert.Null(TrainingStage.Options(options, plan.ProtocolNetworks[3]).Patience);
        Assert.Empty(StudyPlan.Create(options with { ProtocolSeeds = 0 }).ProtocolRuns);
        Assert.Throws<InvalidInputException>(() => StudyPlan.Create(options with { ProtocolSamples = ReferenceCells.Rows + 1 }));
    }

    [Fact]
    public void The_reference_cells_head_keeps_the_header_and_the_first_rows_in_file_order()
    {
        var text = ReferenceCells.Head(3).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var file = File.ReadLines(Path.Combine(Architecture.LayeringTests.RepositoryRoot(), "data", "reference", "hole-cell-homogenized-100x100.csv")).Take(4);

        Assert.Equal(file, text);
        Assert.Equal(ReferenceCells.Rows + 1, ReferenceCells.Head(ReferenceCells.Rows + 5).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
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
