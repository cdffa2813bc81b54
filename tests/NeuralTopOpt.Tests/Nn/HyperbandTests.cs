using NeuralTopOpt.Nn.Training;
using NeuralTopOpt.Nn.Tuning;

namespace NeuralTopOpt.Tests.Nn;

public class HyperbandTests
{
    private static readonly HyperbandOptions Tiny = new()
    {
        MaxEpochs = 9,
        Eta = 3,
        Seed = 4,
        Space = new HyperbandSpace { MinLayers = 1, MaxLayers = 2, MinNeurons = 4, MaxNeurons = 16, NeuronStep = 4, LearningRates = [1e-2, 1e-3] },
    };

    private static HyperbandResult Run(HyperbandOptions options) => Hyperband.Search(SimpTrainingTests.Simp(240, seed: 3), options);

    [Fact]
    public void Brackets_follow_li_et_al()
    {
        var result = Run(Tiny);

        // R = 9, η = 3: s_max = 2, B = 27. s = 2: 9 configurations × 1 epoch, 3 × 3, 1 × 9;
        // s = 1: ⌈3·3/2⌉ = 5 × 3, then 1 × 9; s = 0: 3 × 9.
        var shape = result.Trials.GroupBy(t => (t.Bracket, t.Round)).Select(g => (g.Key.Bracket, g.Key.Round, g.Count(), g.First().Epochs)).ToArray();
        Assert.Equal([(2, 0, 9, 1), (2, 1, 3, 3), (2, 2, 1, 9), (1, 0, 5, 3), (1, 1, 1, 9), (0, 0, 3, 9)], shape);
        Assert.Equal(17, result.Trials.Select(t => t.Configuration.Id).Distinct().Count());
        Assert.Equal(22, Hyperband.PlannedTrials(Tiny));
        Assert.Equal(22, result.Trials.Count);
    }

    [Fact]
    public void The_plan_for_R_81_and_eta_3_is_table_1_of_li_et_al()
    {
        var plan = Hyperband.Plan(new HyperbandOptions { MaxEpochs = 81, Eta = 3 })
            .Select(bracket => bracket.Select(r => (r.Configurations, r.Epochs)).ToArray()).ToArray();

        Assert.Equal([(81, 1), (27, 3), (9, 9), (3, 27), (1, 81)], plan[0]);
        Assert.Equal([(34, 3), (11, 9), (3, 27), (1, 81)], plan[1]);
        Assert.Equal([(15, 9), (5, 27), (1, 81)], plan[2]);
        Assert.Equal([(8, 27), (2, 81)], plan[3]);
        Assert.Equal([(5, 81)], plan[4]);
        Assert.Equal(206, Hyperband.PlannedTrials(new HyperbandOptions { MaxEpochs = 81, Eta = 3 }));
    }

    [Fact]
    public void Each_round_promotes_the_best_third_and_the_best_trial_is_returned()
    {
        var result = Run(Tiny);

        foreach (var bracket in result.Trials.GroupBy(t => t.Bracket))
        {
            var rounds = bracket.GroupBy(t => t.Round).OrderBy(g => g.Key).ToArray();
            for (var i = 1; i < rounds.Length; i++)
            {
                var promoted = rounds[i - 1].OrderBy(t => t.ValidationLoss).Take(rounds[i].Count()).Select(t => t.Configuration.Id).Order();
                Assert.Equal(promoted, rounds[i].Select(t => t.Configuration.Id).Order());
            }
        }

        Assert.Equal(result.Trials.Min(t => t.ValidationLoss), result.Best.ValidationLoss);
        Assert.Equal(result.Best.Configuration.Layers, result.Model.Network.Layers.Count - 1);
        Assert.Equal(result.Best.Configuration.Neurons, result.Model.Network.Layers[0].OutputCount);
        Assert.True(double.IsFinite(result.Model.Training!.TestMse));
    }

    [Fact]
    public void Results_do_not_depend_on_parallelism_and_resuming_equals_training_from_scratch()
    {
        var serial = Run(Tiny);
        var parallel = Run(Tiny with { Parallelism = 2 });

        Assert.Equal(serial.Trials, parallel.Trials);

        // Retrain the best configuration from scratch for its epochs: same validation loss, bit for bit.
        var data = SimpTrainingTests.Simp(240, seed: 3);
        var split = data.Split(Tiny.Training.Split, Seeds.Derive(Tiny.Seed, 0));
        var c = serial.Best.Configuration;
        var trainer = new NetworkTrainer(split.Train, split.Validation, Tiny.Training with { HiddenLayers = Enumerable.Repeat(c.Neurons, c.Layers).ToArray(), LearningRate = c.LearningRate }, Seeds.Derive(Tiny.Seed, 1000 + c.Id));
        for (var e = 0; e < serial.Best.Epochs; e++)
        {
            trainer.RunEpoch();
        }

        Assert.Equal(serial.Best.ValidationLoss, trainer.ValidationLoss());
    }

    [Fact]
    public void Diverging_configurations_rank_last()
    {
        var result = Run(Tiny with { Space = Tiny.Space with { LearningRates = [1e300, 1e-2] } });

        Assert.Contains(result.Trials, t => double.IsPositiveInfinity(t.ValidationLoss));
        Assert.Equal(1e-2, result.Best.Configuration.LearningRate);
        Assert.True(double.IsFinite(result.Best.ValidationLoss));
    }

    [Fact]
    public void Bad_settings_are_refused()
    {
        Assert.Throws<InvalidInputException>(() => Run(Tiny with { Eta = 1 }));
        Assert.Throws<InvalidInputException>(() => Run(Tiny with { Space = Tiny.Space with { MaxLayers = 0 } }));
        Assert.Throws<InvalidInputException>(() => Run(Tiny with { Space = Tiny.Space with { LearningRates = [] } }));
    }
}
