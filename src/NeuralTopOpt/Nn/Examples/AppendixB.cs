using NeuralTopOpt.Nn.Data;
using NeuralTopOpt.Nn.Sampling;
using NeuralTopOpt.Nn.Training;

namespace NeuralTopOpt.Nn.Examples;

/// <summary>
/// The worked example of the paper's Appendix B: a 1-3-3-1 MLP (sigmoid, sigmoid, linear, no
/// normalization) trained on y = x² over [−1, 1] (Eq. B1), with the weights and biases printed in
/// Eq. (B13)–(B14) in the row-vector convention y_n = F(y_(n−1)·W_n + B_n), W_n[i][j] linking
/// neuron i to neuron j of the next layer. At x = 0.812 its Jacobian is 1.623 (Eq. B18c); the true
/// derivative is 2x = 1.624 (Eq. B19).
/// </summary>
public static class AppendixB
{
    /// <summary>The input of the example, x = 0.812.</summary>
    public const double X = 0.812;

    /// <summary>The ground truth y'(0.812) = 2·0.812 = 1.624, Eq. (B19).</summary>
    public const double ExactDerivative = 2 * X;

    /// <summary>The network's Jacobian printed in Eq. (B18c).</summary>
    public const double PrintedJacobian = 1.623;

    /// <summary>The network with the printed weights, Eq. (B13)–(B14).</summary>
    public static Mlp PrintedNetwork()
    {
        var w1 = new double[,] { { 1.735, -0.850, 1.404 } };                                            // Eq. (B13a)
        var w2 = new double[,] { { -2.257, 3.355, 2.304 }, { 1.418, -0.558, -1.067 }, { 3.993, -4.024, -3.978 } }; // Eq. (B13b)
        var w3 = new double[,] { { 4.323 }, { -1.276 }, { -2.209 } };                                    // Eq. (B13c)
        return new Mlp(
        [
            DenseLayer.FromRowVectorConvention(w1, [2.424, -0.203, -2.053], Activation.Sigmoid),      // Eq. (B14a)
            DenseLayer.FromRowVectorConvention(w2, [0.520, -1.258, -0.828], Activation.Sigmoid),      // Eq. (B14b)
            DenseLayer.FromRowVectorConvention(w3, [0.588], Activation.Linear),                       // Eq. (B14c)
        ]);
    }

    /// <summary>The target function y = x² of Eq. (B1).</summary>
    public static double Target(double x) => x * x;

    /// <summary>
    /// Trains the example's network from scratch as the paper's <c>Appendix_B_example.py</c> does:
    /// y = x² sampled by Latin hypercube on [−1, 1] (100,000 samples by default), a 1-3-3-1 MLP
    /// (sigmoid, sigmoid, linear) without normalization layers, Adam at 0.001, batch 32, 500 epochs.
    /// Deterministic for a seed (the script used seed 10); our split is 70/15/15 of one sample set.
    /// </summary>
    public static TrainingResult Train(int samples = 100_000, int epochs = 500, int seed = 10, IProgress<TrainingProgress>? progress = null)
    {
        var x = LatinHypercube.Sample(samples, [-1.0], [1.0], seed);
        var data = new Dataset(x, x.Select(Target).ToArray(), 1, 1, ["x"], ["y"]);
        var options = new TrainingOptions
        {
            HiddenLayers = [3, 3],
            HiddenActivation = Activation.Sigmoid,
            OutputActivation = Activation.Linear,
            Epochs = epochs,
            Seed = seed,
            NormalizeInputs = false,
            NormalizeOutputs = false,
        };
        return Trainer.Train(data, options, progress, $"y = x² on [-1, 1], {samples} Latin hypercube samples (seed {seed})");
    }
}
