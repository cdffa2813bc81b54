using System.Globalization;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Data;
using NeuralTopOpt.Nn.Training;
using NeuralTopOpt.Tests.Nn.Formats;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Nn;

/// <summary>The paper's training protocol: Keras' split arithmetic and order, its normalizations, loss and early stopping.</summary>
public class PaperProtocolTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(10_000, 7000, 1500, 1500)]   // the paper's: x_train rows 1–8,500 of which validation_split takes 7,001–8,500
    [InlineData(1000, 700, 150, 150)]
    [InlineData(40, 28, 6, 6)]
    [InlineData(20, 14, 3, 3)]
    public void Split_sizes_follow_numpy_round_and_keras_floor(int count, int train, int validation, int test) =>
        Assert.Equal((train, validation, test), PaperProtocol.SplitSizes(count));

    [Fact]
    public void Rows_are_split_in_file_order_and_both_normalizations_see_the_first_85_percent()
    {
        // Row r has input r and target 2r + 1: the statistics tell which rows each part used.
        var count = 200;
        var inputs = Enumerable.Range(0, count).Select(r => (double)r).ToArray();
        var data = new Dataset(inputs, inputs.Select(x => (2 * x) + 1).ToArray(), 1, 1);
        var options = TrainingOptions.Paper(seed: 3) with { HiddenLayers = [4], Epochs = 2 };

        var result = Trainer.Train(data, options);

        var network = result.Model.Network;
        var t = result.Model.Training!;
        Assert.Equal((140, 30, 30), (t.TrainSamples, t.ValidationSamples, t.TestSamples));
        Assert.Equal("paper", t.Protocol);
        Assert.Equal(OutputNormalizationMode.Normalize, network.OutputMode);
        var fit = Enumerable.Range(0, 170).Select(r => (double)r).ToArray();   // rows 0–169: training and validation
        Assert.Equal(fit.Average(), network.InputNormalization.Mean[0], 12);
        Assert.Equal(Math.Sqrt(fit.Select(x => (x - 84.5) * (x - 84.5)).Average()), network.InputNormalization.Std[0], 12);
        Assert.Equal((2 * fit.Average()) + 1, network.OutputNormalization.Mean[0], 12);
        // Test MSE is over rows 170–199 in raw units.
        var test = Enumerable.Range(170, 30).Select(r => (double)r).ToArray();
        var predicted = network.Predict(test);
        Assert.Equal(predicted.Zip(test, (p, x) => (p - ((2 * x) + 1)) * (p - ((2 * x) + 1))).Average(), t.TestMse, 1e-9 * t.TestMse);
    }

    [Theory]
    [InlineData(new[] { 5.0, 4, 4, 4, 4, 4, 4, 4 }, 5, 7)]            // best at epoch 2, wait reaches 5 at epoch 7
    [InlineData(new[] { 3.0, 2, 2.5, 1, 1, 1.5, 1, 1, 1, 0.5 }, 5, 9)] // equal is no improvement: best at 4, stop at 9
    [InlineData(new[] { 3.0, 3, 3 }, 1, 2)]                               // patience 1 stops after the first non-improving epoch
    [InlineData(new[] { 3.0, 2, 1 }, 1, 0)]                               // always improving: never stops
    public void Early_stopping_follows_keras_on_the_training_loss(double[] losses, int patience, int stopEpoch)
    {
        var stopping = new KerasEarlyStopping(patience);
        var stopped = 0;
        for (var epoch = 1; epoch <= losses.Length && stopped == 0; epoch++)
        {
            stopped = stopping.ShouldStop(losses[epoch - 1]) ? epoch : 0;
        }

        Assert.Equal(stopEpoch, stopped);
    }

    [Fact]
    public void Initial_network_is_glorot_uniform_with_zero_biases_and_learns_raw_targets()
    {
        var data = SimpTrainingTests.Simp(400, seed: 6);
        var options = TrainingOptions.Paper(seed: 5) with { HiddenLayers = [400], Epochs = 1 };
        var normalizations = (PaperProtocol.Adapt(data.Inputs, 1), PaperProtocol.Adapt(data.Targets, 1), OutputNormalizationMode.Normalize);
        var trainer = new NetworkTrainer(data, data, options, seed: 5, normalizations);

        var layer = trainer.Network.Layers[0];   // 1 → 400
        var limit = Math.Sqrt(6.0 / 401);
        var weights = layer.Weights.ToArray();
        Assert.All(weights, w => Assert.InRange(w, -limit, limit));
        Assert.Equal(limit * limit / 3, weights.Select(w => w * w).Average(), 0.15 * limit * limit);
        Assert.All(trainer.Network.Layers.SelectMany(l => l.Biases.ToArray()), b => Assert.Equal(0, b));
        // The loss is the raw MSE through y = (ŷ − μ)/σ: before training ŷ ≈ 0, so y ≈ −μ/σ and the loss is E[(y + μ/σ)²]-sized.
        var before = trainer.ValidationLoss();
        var raw = Metrics.MeanSquaredError(trainer.Network.Predict(data.Inputs), data.Targets);
        Assert.Equal(raw, before, 1e-15);
        var after = Enumerable.Range(0, 20).Select(_ => trainer.RunEpoch()).Last();
        Assert.True(after < before / 3, $"loss {before:E3} → {after:E3}");   // measured: 8.9 → 2.1 in 20 epochs
    }

    [Fact]
    [Trait("Category", "Slow")]
    public void Trains_the_hole_cell_network_to_a_sensible_mse()
    {
        var cells = PaperNetworks.HoleCells;
        var data = Dataset.FromCsv(cells, PaperNetworks.HbtoInputs, PaperNetworks.HbtoOutputs);
        var options = TrainingOptions.Paper(seed: 1) with { Epochs = 300 };

        var result = Trainer.Train(data, options, dataDescription: "hole-cell-homogenized-100x100.csv");

        var t = result.Model.Training!;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"300 epochs: test MSE {t.TestMse:E3} (paper's network after 5000: 1.468e-3), R² {t.TestR2:F5}, {t.Seconds:F1} s"));
        Assert.Equal(300, t.EpochsRun);
        Assert.Equal((7000, 1500, 1500), (t.TrainSamples, t.ValidationSamples, t.TestSamples));
        Assert.InRange(t.TestMse, 1e-3, 1e-2);
        Assert.True(t.TestR2 > 0.9, $"R² {t.TestR2}");   // measured 0.947 after 300 epochs (MSE 2.8e-3)
    }
}
