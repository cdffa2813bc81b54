using NeuralTopOpt.Nn;

namespace NeuralTopOpt.Tests.Nn;

/// <summary>Seeded random networks of random architectures, and random inputs for them.</summary>
internal static class RandomNetworks
{
    private static readonly Activation[] Smooth = [Activation.Sigmoid, Activation.Tanh, Activation.Softplus, Activation.Silu, Activation.Linear];

    /// <summary>
    /// 1–4 hidden layers of 1–12 neurons, 1–5 inputs, 1–5 outputs, mixed activations (ReLU only when
    /// <paramref name="allowRelu"/>), Glorot-scaled weights, random biases and normalizations, outputs
    /// de-normalized or normalized (<paramref name="outputMode"/>, or drawn at random when null).
    /// </summary>
    public static Mlp Create(int seed, bool allowRelu, OutputNormalizationMode? outputMode = null)
    {
        var random = new Random(seed);
        var inputs = random.Next(1, 6);
        var outputs = random.Next(1, 6);
        var hidden = random.Next(1, 5);
        var widths = new List<int> { inputs };
        for (var n = 0; n < hidden; n++)
        {
            widths.Add(random.Next(1, 13));
        }

        widths.Add(outputs);
        var layers = new List<DenseLayer>();
        for (var n = 1; n < widths.Count; n++)
        {
            var (fanIn, fanOut) = (widths[n - 1], widths[n]);
            var limit = 1.5 * Math.Sqrt(6.0 / (fanIn + fanOut));
            var weights = Enumerable.Range(0, fanIn * fanOut).Select(_ => limit * ((2 * random.NextDouble()) - 1)).ToArray();
            var biases = Enumerable.Range(0, fanOut).Select(_ => (2 * random.NextDouble()) - 1).ToArray();
            var choices = allowRelu ? [.. Smooth, Activation.Relu, Activation.Relu] : Smooth;
            var activation = n == widths.Count - 1 && random.Next(2) == 0 ? Activation.Linear : choices[random.Next(choices.Length)];
            layers.Add(new DenseLayer(fanIn, fanOut, weights, biases, activation));
        }

        var (input, output) = (RandomNormalization(random, inputs), RandomNormalization(random, outputs));
        var mode = random.Next(2) == 0 ? OutputNormalizationMode.Denormalize : OutputNormalizationMode.Normalize;   // drawn last: the weights do not depend on it
        return new Mlp(layers, input, output, outputMode ?? mode);
    }

    /// <summary>batch × inputs points within two standard deviations of the input normalization's mean.</summary>
    public static double[] Inputs(Mlp network, int batch, int seed)
    {
        var random = new Random(seed);
        var x = new double[batch * network.InputCount];
        for (var b = 0; b < batch; b++)
        {
            for (var i = 0; i < network.InputCount; i++)
            {
                var (mean, std) = (network.InputNormalization.Mean[i], network.InputNormalization.Std[i]);
                x[(b * network.InputCount) + i] = mean + (std * 2 * ((2 * random.NextDouble()) - 1));
            }
        }

        return x;
    }

    private static Normalization RandomNormalization(Random random, int count) => new(
        Enumerable.Range(0, count).Select(_ => (4 * random.NextDouble()) - 2).ToArray(),
        Enumerable.Range(0, count).Select(_ => Math.Exp((3 * random.NextDouble()) - 1.5)).ToArray());
}
