namespace NeuralTopOpt.Nn;

/// <summary>Fresh networks with Keras' default initialization: Glorot-uniform weights and zero biases.</summary>
public static class MlpInitializer
{
    /// <summary>
    /// A network of the given widths (inputs, hidden…, outputs) with <paramref name="hidden"/> on every
    /// hidden layer and <paramref name="output"/> on the last; weights W ~ U(−l, l),
    /// l = √(6/(fan_in + fan_out)) (Glorot and Bengio 2010), biases 0, drawn from <paramref name="random"/>.
    /// </summary>
    public static Mlp GlorotUniform(IReadOnlyList<int> widths, Activation hidden, Activation output, Random random, Normalization? inputNormalization = null, Normalization? outputNormalization = null)
    {
        ArgumentNullException.ThrowIfNull(widths);
        ArgumentNullException.ThrowIfNull(random);
        if (widths.Count < 2 || widths.Any(w => w < 1))
        {
            throw new InvalidInputException($"a network needs at least an input and an output width, all positive, not {string.Join('-', widths)}");
        }

        var layers = new DenseLayer[widths.Count - 1];
        for (var k = 0; k < layers.Length; k++)
        {
            var (fanIn, fanOut) = (widths[k], widths[k + 1]);
            var limit = Math.Sqrt(6.0 / (fanIn + fanOut));
            var weights = new double[fanIn * fanOut];
            for (var i = 0; i < weights.Length; i++)
            {
                weights[i] = limit * ((2 * random.NextDouble()) - 1);
            }

            layers[k] = DenseLayer.Wrap(fanIn, fanOut, weights, new double[fanOut], k == layers.Length - 1 ? output : hidden);
        }

        return new Mlp(layers, inputNormalization, outputNormalization);
    }
}
