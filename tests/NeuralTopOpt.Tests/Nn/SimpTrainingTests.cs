using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Nn.Data;
using NeuralTopOpt.Nn.Examples;
using NeuralTopOpt.Nn.Training;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Nn;

/// <summary>
/// The paper's DBTO material model (Sec. 3.3, 4.1, Table 1): E(θ) = 1e-9 + (1 − 1e-9)θ³ sampled by
/// Latin hypercube on [0, 1], one hidden layer of 64 sigmoid neurons, 5000 epochs at batch 32.
/// Real trainings with the default options.
/// </summary>
public class SimpTrainingTests(ITestOutputHelper output)
{
    internal static Dataset Simp(int samples, int seed) => SimpModulus.Dataset(samples, seed);

    [Fact]
    [Trait("Category", "Slow")]
    public void Ten_thousand_samples_reach_the_table_1_test_error()
    {
        var result = Trainer.Train(Simp(10_000, seed: 1), new TrainingOptions { Seed = 1 });

        var t = result.Model.Training!;
        output.WriteLine($"10k samples: test MSE {t.TestMse:E3}, R² {t.TestR2:F6}, {t.Seconds:F1} s, split {t.TrainSamples}/{t.ValidationSamples}/{t.TestSamples}");
        Assert.Equal((7000, 1500, 1500), (t.TrainSamples, t.ValidationSamples, t.TestSamples));
        Assert.Equal(5000, t.EpochsRun);
        Assert.True(t.TestMse <= 2e-7, $"test MSE {t.TestMse:E3} > 2e-7 (paper Table 1: 1.87e-7)");
        Assert.True(t.TestR2 > 0.9999);

        // Its derivative against Eq. (15), dE/dθ = 3(1 − 1e-9)θ², over the design range.
        var theta = Enumerable.Range(0, 101).Select(i => i / 100.0).ToArray();
        var jacobian = JacobianMethods.Create("nnj", result.Model.Network).Evaluate(theta);
        var worst = theta.Select((x, i) => Math.Abs(jacobian.Jacobian[i] - SimpModulus.Derivative(x))).Max();
        output.WriteLine($"max |dE/dθ − 3θ²| on [0, 1]: {worst:E3}");
        Assert.True(worst < 0.05, $"derivative error {worst:E3}");
    }

    [Fact]
    public void One_hundred_samples_reach_the_table_1_test_error()
    {
        var result = Trainer.Train(Simp(100, seed: 1), new TrainingOptions { Seed = 1 });

        var t = result.Model.Training!;
        output.WriteLine($"100 samples: test MSE {t.TestMse:E3}, R² {t.TestR2:F6}, {t.Seconds:F1} s");
        Assert.Equal((70, 15, 15), (t.TrainSamples, t.ValidationSamples, t.TestSamples));
        Assert.True(t.TestMse <= 1.5e-4, $"test MSE {t.TestMse:E3} > 1.5e-4 (paper Table 1: 1.44e-4)");
    }
}
