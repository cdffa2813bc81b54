using System.Globalization;
using NeuralTopOpt.Nn.Formats.Keras;

namespace NeuralTopOpt.Nn.Formats.TensorFlow;

/// <summary>
/// Imports a Keras 2 model saved as a TensorFlow SavedModel directory: the architecture from
/// <c>keras_metadata.pb</c> (<see cref="KerasMetadata"/>), the weights from the checkpoint
/// <c>variables/variables.index</c> + <c>variables.data-*</c> (<see cref="TensorBundle"/>, every
/// tensor CRC-checked). The k-th layer that has weights keeps them under
/// <c>layer_with_weights-k/NAME/.ATTRIBUTES/VARIABLE_VALUE</c> (NAME: kernel, bias, mean, variance).
/// <c>saved_model.pb</c> (the TensorFlow graph) is not read.
/// </summary>
internal static class SavedModelReader
{
    /// <summary>The network of the SavedModel in <paramref name="directory"/>, and the notes of its import.</summary>
    public static (Mlp Network, ModelSourceDetails Details) Read(string directory)
    {
        var config = KerasMetadata.Read(Path.Combine(directory, "keras_metadata.pb"));
        var bundle = TensorBundle.Open(Path.Combine(directory, "variables", "variables"));
        var (network, notes) = KerasNetworkBuilder.Build(config, new CheckpointWeights(bundle), Path.Combine(directory, "variables", "variables.index"));
        if (config.DataType is { } dtype && dtype != "float64")
        {
            notes.Add($"the layers' dtype is {dtype}; weights widened exactly to float64");
        }

        const string Iterations = "optimizer/_iterations/.ATTRIBUTES/VARIABLE_VALUE";
        if (bundle.Contains(Iterations))
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"the checkpoint's optimizer took {bundle.ReadInteger(Iterations)} steps (optimizer/_iterations)"));
        }

        for (var k = 0; bundle.Keys.Any(key => key.StartsWith($"layer_with_weights-{k}/", StringComparison.Ordinal)); k++)
        {
            var count = $"layer_with_weights-{k}/count/.ATTRIBUTES/VARIABLE_VALUE";
            if (bundle.Contains(count))
            {
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"layer_with_weights-{k} (a Normalization) was adapted on {bundle.ReadInteger(count)} samples"));
            }
        }

        var producer = config.KerasVersion is null ? "Keras (TensorFlow SavedModel)" : $"Keras {config.KerasVersion} (TensorFlow SavedModel)";
        return (network, new ModelSourceDetails(producer, notes));
    }

    private sealed class CheckpointWeights(TensorBundle bundle) : IKerasWeightSource
    {
        public double[] Read(KerasLayer layer, int weightedIndex, KerasWeight weight, long[] shape)
        {
            var name = weight switch
            {
                KerasWeight.Kernel => "kernel",
                KerasWeight.Bias => "bias",
                KerasWeight.Mean => "mean",
                _ => "variance",
            };
            return bundle.ReadReal($"layer_with_weights-{weightedIndex}/{name}/.ATTRIBUTES/VARIABLE_VALUE", shape);
        }
    }
}
