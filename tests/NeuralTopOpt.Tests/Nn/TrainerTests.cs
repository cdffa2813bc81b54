using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Training;

namespace NeuralTopOpt.Tests.Nn;

public class TrainerTests
{
    private static readonly TrainingOptions Small = new() { HiddenLayers = [8], Epochs = 30, Seed = 3 };

    [Fact]
    public void Same_seed_gives_the_same_bits_and_another_seed_does_not()
    {
        var data = SimpTrainingTests.Simp(300, seed: 2);

        var a = Trainer.Train(data, Small).Model;
        var b = Trainer.Train(data, Small).Model;
        var c = Trainer.Train(data, Small with { Seed = 4 }).Model;

        Assert.Equal(Weights(a.Network), Weights(b.Network));
        Assert.NotEqual(Weights(a.Network), Weights(c.Network));
        Assert.Equal(a.Training!.TestMse, b.Training!.TestMse);
        Assert.Equal(3, a.Training.Seed);
    }

    [Fact]
    public void Adam_takes_the_keras_step()
    {
        // Two steps on f(θ) = θ²/2 (g = θ) from θ = 1, by hand with Keras' update.
        var theta = new[] { 1.0 };
        var adam = new Adam([theta], 0.1, 0.9, 0.999, 1e-7);
        var (m, v, expected) = (0.0, 0.0, 1.0);
        for (var t = 1; t <= 2; t++)
        {
            var g = expected;
            m += (g - m) * 0.1;
            v += ((g * g) - v) * 0.001;
            var alpha = 0.1 * Math.Sqrt(1 - Math.Pow(0.999, t)) / (1 - Math.Pow(0.9, t));
            expected -= alpha * m / (Math.Sqrt(v) + 1e-7);

            adam.Update(0, [theta[0]], adam.BeginStep());
        }

        Assert.Equal(expected, theta[0], 15);
        Assert.Equal(1 - 0.1 - 0.1, theta[0], 3);       // Adam's first steps have length ≈ α
    }

    [Fact]
    public void Initial_weights_are_glorot_uniform_and_biases_zero()
    {
        var data = SimpTrainingTests.Simp(100, seed: 1);
        var trainer = new NetworkTrainer(data, data, new TrainingOptions { HiddenLayers = [400, 300] }, seed: 7);

        var layer = trainer.Network.Layers[1];                 // 400 → 300
        var limit = Math.Sqrt(6.0 / 700);
        var weights = layer.Weights.ToArray();
        Assert.All(weights, w => Assert.InRange(w, -limit, limit));
        Assert.Equal(0, weights.Average(), 0.002);
        Assert.Equal(limit * limit / 3, weights.Select(w => w * w).Average(), 0.02 * limit * limit);   // variance of U(−l, l)
        Assert.All(layer.Biases.ToArray(), b => Assert.Equal(0, b));
        Assert.Equal(data.Inputs.ToArray().Average(), trainer.Network.InputNormalization.Mean[0], 12);
    }

    [Fact]
    public void Progress_reports_every_epoch_and_training_lowers_the_loss()
    {
        var reports = new List<TrainingProgress>();

        var result = Trainer.Train(SimpTrainingTests.Simp(400, seed: 5), Small with { Epochs = 40 }, new Collect(reports));

        Assert.Equal(Enumerable.Range(1, 40), reports.Select(r => r.Epoch));
        Assert.All(reports, r => Assert.True(double.IsFinite(r.TrainLoss) && double.IsFinite(r.ValidationLoss)));
        Assert.True(reports[^1].ValidationLoss < reports[0].ValidationLoss / 2, $"validation loss {reports[0].ValidationLoss:E3} → {reports[^1].ValidationLoss:E3}");
        Assert.Equal(reports.Select(r => r.ValidationLoss), result.History.Select(h => h.ValidationLoss));
    }

    [Fact]
    public void Early_stopping_keeps_the_best_validation_loss()
    {
        var options = Small with { Epochs = 2000, Patience = 5, LearningRate = 0.05 };

        var result = Trainer.Train(SimpTrainingTests.Simp(200, seed: 6), options);

        var t = result.Model.Training!;
        var best = result.History.MinBy(h => h.ValidationLoss);
        Assert.True(result.History.Count < 2000, "training should stop early");
        Assert.Equal(result.History.Count, best.Epoch + 5);
        Assert.Equal(best.Epoch, t.EpochsRun);
        Assert.Equal(best.ValidationLoss, t.ValidationLoss);
    }

    [Fact]
    public void Restarts_keep_the_network_with_the_lowest_validation_loss()
    {
        var data = SimpTrainingTests.Simp(300, seed: 8);

        var one = Trainer.Train(data, Small).Model.Training!;
        var three = Trainer.Train(data, Small with { Restarts = 3 }).Model.Training!;

        Assert.True(three.ValidationLoss <= one.ValidationLoss);
        Assert.Equal(3, three.Restarts);
    }

    [Fact]
    public void Bad_options_are_refused_with_one_line()
    {
        var data = SimpTrainingTests.Simp(50, seed: 1);

        Assert.Throws<InvalidInputException>(() => Trainer.Train(data, Small with { Epochs = 0 }));
        Assert.Throws<InvalidInputException>(() => Trainer.Train(data, Small with { LearningRate = double.NaN }));
        Assert.Throws<InvalidInputException>(() => Trainer.Train(data, Small with { HiddenLayers = [4, 0] }));
        Assert.Throws<InvalidInputException>(() => Trainer.Train(data, Small with { Patience = 0 }));
    }

    [Fact]
    public void A_diverging_training_is_reported_not_saved()
    {
        var error = Assert.Throws<InvalidInputException>(() => Trainer.Train(SimpTrainingTests.Simp(100, seed: 1), Small with { LearningRate = 1e300 }));

        Assert.Contains("training diverged at epoch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_constant_input_column_is_refused_and_a_constant_target_is_only_shifted()
    {
        var simp = SimpTrainingTests.Simp(100, seed: 1);
        var inputs = new double[2 * simp.Count];
        for (var r = 0; r < simp.Count; r++)
        {
            (inputs[2 * r], inputs[(2 * r) + 1]) = (simp.Inputs[r], 0.25);
        }

        var withConstant = new NeuralTopOpt.Nn.Data.Dataset(inputs, simp.Targets.ToArray(), 2, 1, ["theta", "thickness"], ["E"]);
        var error = Assert.Throws<InvalidInputException>(() => Trainer.Train(withConstant, Small));
        Assert.Equal("input 'thickness' is constant in the training data (every value 0.25): it carries no information and cannot be normalized; leave it out of the inputs", error.Message);

        var constantTarget = new NeuralTopOpt.Nn.Data.Dataset(simp.Inputs.ToArray(), Enumerable.Repeat(3.0, simp.Count).ToArray(), 1, 1);
        var model = Trainer.Train(constantTarget, Small with { Epochs = 5 }).Model;
        Assert.Equal(1.0, model.Network.OutputNormalization.Std[0]);
        Assert.Equal(3.0, model.Network.OutputNormalization.Mean[0]);
    }

    private static double[] Weights(Mlp network) => network.Layers.SelectMany(l => l.Weights.ToArray().Concat(l.Biases.ToArray())).ToArray();

    /// <summary>Collects reports synchronously (Progress&lt;T&gt; would post them to a thread pool).</summary>
    private sealed class Collect(List<TrainingProgress> reports) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => reports.Add(value);
    }
}
