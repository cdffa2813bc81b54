using NeuralTopOpt.Nn;

namespace NeuralTopOpt.AutoDiff;

/// <summary>
/// A multilayer perceptron recorded as a program of tape operations, one whole batch per operation:
/// <code>
///   X̂ = (X − μ_x) ⊙ (1/σ_x),   H_n = F_n(H_(n−1)·W_nᵀ + B_n),   Y = H ⊙ σ_y + μ_y
/// </code>
/// (Y = (H − μ_y) ⊙ (1/σ_y) for a network that normalizes its outputs, <see cref="OutputNormalizationMode.Normalize"/>)
/// with X batch × inputs and every row one sample (B_n, μ, σ are 1 × width rows that broadcast).
/// Reverse mode then differentiates it like any other program.
/// </summary>
public static class MlpGraph
{
    /// <summary>Records Y = MLP(X) with the network's weights and normalization as constants.</summary>
    public static Variable Record(Tape tape, Mlp network, Variable x)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(network);
        var n = network.InputCount;
        var m = network.OutputCount;
        var input = network.InputNormalization;
        var output = network.OutputNormalization;
        var h = (x - tape.Wrap(input.MeanArray, 1, n, false)) * tape.Wrap(input.InverseStdArray, 1, n, false);
        foreach (var layer in network.LayerArray)
        {
            h = Layer(tape, h, layer, trainable: false, out _, out _);
        }

        return network.OutputMode == OutputNormalizationMode.Normalize
            ? (h - tape.Wrap(output.MeanArray, 1, m, false)) * tape.Wrap(output.InverseStdArray, 1, m, false)
            : (h * tape.Wrap(output.StdArray, 1, m, false)) + tape.Wrap(output.MeanArray, 1, m, false);
    }

    /// <summary>
    /// Records one dense layer, F(H·Wᵀ + B), on the layer's own weight and bias arrays (in place;
    /// gradients kept when <paramref name="trainable"/>).
    /// </summary>
    public static Variable Layer(Tape tape, Variable h, DenseLayer layer, bool trainable, out Variable weights, out Variable biases)
    {
        ArgumentNullException.ThrowIfNull(tape);
        ArgumentNullException.ThrowIfNull(layer);
        weights = tape.Wrap(layer.WeightArray, layer.OutputCount, layer.InputCount, trainable);
        biases = tape.Wrap(layer.BiasArray, 1, layer.OutputCount, trainable);
        var z = h.MatMul(weights.Transpose()) + biases;
        return layer.Activation == Activation.Linear ? z : z.Activate(layer.Activation);
    }
}
