using System.Globalization;

namespace NeuralTopOpt.Nn.Formats.Keras;

/// <summary>A weight of a Keras layer.</summary>
internal enum KerasWeight
{
    /// <summary>Dense kernel, inputs × outputs.</summary>
    Kernel,

    /// <summary>Dense bias, one per output.</summary>
    Bias,

    /// <summary>Normalization mean, one per feature.</summary>
    Mean,

    /// <summary>Normalization variance, one per feature.</summary>
    Variance,
}

/// <summary>Where a Keras file keeps its layers' weights (checkpoint, HDF5 groups, …).</summary>
internal interface IKerasWeightSource
{
    /// <summary>
    /// The values of <paramref name="weight"/> of <paramref name="layer"/>, the
    /// <paramref name="weightedIndex"/>-th layer that has weights (0-based), row-major with the given
    /// <paramref name="shape"/>; float32 values widened exactly to double.
    /// </summary>
    double[] Read(KerasLayer layer, int weightedIndex, KerasWeight weight, long[] shape);
}

/// <summary>
/// Maps a Keras Sequential configuration and its weights onto an <see cref="Mlp"/>: an optional
/// Normalization before the first Dense layer becomes the input normalization, Dense layers (with a
/// following Activation folded in) become the dense layers, and an optional Normalization after the
/// last becomes the output normalization — de-normalizing when Keras' <c>invert</c> is true and
/// normalizing (<see cref="OutputNormalizationMode.Normalize"/>) when it is false, as Keras computes
/// it. Keras divides by σ = max(√variance, ε) with ε = 1e-7 (<c>keras.backend.epsilon()</c>, its
/// default); that σ is what the model file keeps. A layout that is not this chain is refused with
/// one line naming the layer.
/// </summary>
internal static class KerasNetworkBuilder
{
    /// <summary>Keras' <c>backend.epsilon()</c> default, the floor of a Normalization layer's σ.</summary>
    public const double Epsilon = 1e-7;

    /// <summary>The network and the notes of what was decided.</summary>
    public static (Mlp Network, List<string> Notes) Build(KerasModelConfig config, IKerasWeightSource weights, string path)
    {
        var notes = new List<string>();
        var width = 0;
        Normalization? input = null;
        Normalization? output = null;
        var mode = OutputNormalizationMode.Denormalize;
        var layers = new List<DenseLayer>();
        var weighted = 0;
        foreach (var layer in config.Layers)
        {
            var index = layer.HasWeights ? weighted++ : -1;
            if (output is not null && layer.Kind is KerasLayerKind.Dense or KerasLayerKind.Activation or KerasLayerKind.Normalization)
            {
                throw new MalformedFileException(path, $"Keras layer '{layer.Name}' ({layer.ClassName}) follows the output Normalization; ntopo's networks end with it");
            }

            switch (layer.Kind)
            {
                case KerasLayerKind.Input:
                    width = layer.Units;
                    break;
                case KerasLayerKind.Dropout:
                    notes.Add($"Dropout layer '{layer.Name}' dropped (the identity at inference)");
                    break;
                case KerasLayerKind.Normalization when layers.Count == 0:
                    if (input is not null || layer.Invert)
                    {
                        throw new MalformedFileException(path, $"Normalization layer '{layer.Name}' before the first Dense layer {(layer.Invert ? "inverts" : "is the second one")}; ntopo normalizes its inputs once");
                    }

                    width = width > 0 ? width : layer.InputWidth > 0 ? layer.InputWidth : InferWidth(layer, path);
                    input = ReadNormalization(layer, weights, index, width, path, notes);
                    break;
                case KerasLayerKind.Normalization:
                    output = ReadNormalization(layer, weights, index, layers[^1].OutputCount, path, notes);
                    mode = layer.Invert ? OutputNormalizationMode.Denormalize : OutputNormalizationMode.Normalize;
                    notes.Add(layer.Invert
                        ? $"output Normalization '{layer.Name}' has invert=True: y = ŷ·σ + mean (mode denormalize)"
                        : $"output Normalization '{layer.Name}' has invert=False: y = (ŷ − mean)/σ, kept as such (mode normalize)");
                    break;
                case KerasLayerKind.Dense:
                    var inputs = layers.Count > 0 ? layers[^1].OutputCount : width;
                    if (inputs <= 0)
                    {
                        inputs = layer.InputWidth > 0 ? layer.InputWidth : InferWidth(layer, path);
                        width = inputs;
                    }

                    layers.Add(ReadDense(layer, weights, index, inputs, path));
                    break;
                case KerasLayerKind.Activation:
                    if (layers.Count == 0 || layers[^1].Activation != Activation.Linear)
                    {
                        throw new MalformedFileException(path, $"Activation layer '{layer.Name}' does not follow a linear Dense layer; ntopo applies one activation per layer");
                    }

                    var last = layers[^1];
                    layers[^1] = new DenseLayer(last.InputCount, last.OutputCount, last.Weights, last.Biases, layer.Activation);
                    break;
                default:
                    throw new MalformedFileException(path, $"Keras layer '{layer.Name}' ({layer.ClassName}) is not supported");
            }
        }

        if (layers.Count == 0)
        {
            throw new MalformedFileException(path, "the Keras model has no Dense layer");
        }

        return (new Mlp(layers, input, output, mode), notes);
    }

    private static int InferWidth(KerasLayer layer, string path)
    {
        if (layer.Mean is { } mean)
        {
            return mean.Length;
        }

        throw new MalformedFileException(path, $"the input width of layer '{layer.Name}' is unknown (the model has no InputLayer)");
    }

    private static Normalization ReadNormalization(KerasLayer layer, IKerasWeightSource weights, int index, int width, string path, List<string> notes)
    {
        var mean = layer.Mean ?? weights.Read(layer, index, KerasWeight.Mean, [width]);
        var variance = layer.Variance ?? weights.Read(layer, index, KerasWeight.Variance, [width]);
        if (mean.Length == 1 && width > 1)
        {
            (mean, variance) = (Enumerable.Repeat(mean[0], width).ToArray(), Enumerable.Repeat(variance[0], width).ToArray());
        }

        if (mean.Length != width || variance.Length != width)
        {
            throw new MalformedFileException(path, $"Normalization layer '{layer.Name}' has {mean.Length} means and {variance.Length} variances for {width} features");
        }

        var std = new double[width];
        for (var k = 0; k < width; k++)
        {
            if (!double.IsFinite(mean[k]) || !(variance[k] >= 0) || !double.IsFinite(variance[k]))
            {
                throw new MalformedFileException(path, string.Create(CultureInfo.InvariantCulture,
                    $"Normalization layer '{layer.Name}' has mean {mean[k]} and variance {variance[k]} for feature {k + 1}; they must be finite and the variance non-negative"));
            }

            std[k] = Math.Max(Math.Sqrt(variance[k]), Epsilon);
            if (Math.Sqrt(variance[k]) < Epsilon)
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"Normalization '{layer.Name}' feature {k + 1}: √variance below Keras' ε, σ = {Epsilon}"));
            }
        }

        return new Normalization(mean, std);
    }

    private static DenseLayer ReadDense(KerasLayer layer, IKerasWeightSource weights, int index, int inputs, string path)
    {
        var outputs = layer.Units;
        var kernel = weights.Read(layer, index, KerasWeight.Kernel, [inputs, outputs]);
        var bias = layer.UseBias ? weights.Read(layer, index, KerasWeight.Bias, [outputs]) : new double[outputs];
        var transposed = new double[inputs * outputs];
        for (var i = 0; i < inputs; i++)
        {
            for (var j = 0; j < outputs; j++)
            {
                transposed[(j * inputs) + i] = kernel[(i * outputs) + j];   // Keras x·K (K[i, j]) → ours W[j, i]
            }
        }

        try
        {
            return new DenseLayer(inputs, outputs, transposed, bias, layer.Activation);
        }
        catch (InvalidInputException e)
        {
            throw new MalformedFileException(path, $"Dense layer '{layer.Name}': {e.Message}", e);
        }
    }
}
