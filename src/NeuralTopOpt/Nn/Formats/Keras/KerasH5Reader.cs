using System.Globalization;
using NeuralTopOpt.IO;
using PureHDF;

namespace NeuralTopOpt.Nn.Formats.Keras;

/// <summary>
/// Imports a legacy Keras HDF5 model file (<c>model.save('x.h5')</c> of Keras 1 and 2, and Keras 3's
/// legacy writer): the architecture from the root attribute <c>model_config</c> (JSON), the version
/// from <c>keras_version</c>, the weights from the group <c>model_weights</c>. There each layer has a
/// group named after it whose attribute <c>weight_names</c> lists its weights in order, as paths below
/// the group: <c>dense_1/kernel:0</c>, <c>dense_1/bias:0</c> (Keras 2), <c>sequential/dense/kernel</c>
/// (Keras 3), <c>dense_1_W</c>, <c>dense_1_b</c> (Keras 1); Normalization: mean, variance, count.
/// Keras loads them by that order; ntopo does too and checks each name ends as expected.
/// </summary>
internal static class KerasH5Reader
{
    /// <summary>Reads the HDF5 model file at <paramref name="path"/>.</summary>
    /// <exception cref="MalformedFileException">Not a readable HDF5 file, no model configuration (a weights-only file), missing or misshapen weights, or a network ntopo cannot represent.</exception>
    public static (Mlp Network, ModelSourceDetails Details) Read(string path)
    {
        using (var stream = File.OpenRead(path))
        {
            var head = new byte[64];
            KerasHdf5.CheckLength(head.AsSpan(0, stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)), stream.Length, path);
        }

        using var file = KerasHdf5.Open(path);
        var json = KerasHdf5.ReadString(file, "model_config", path)
            ?? throw new MalformedFileException(path, "the file has no model_config attribute: it holds weights only (save_weights), without the architecture; ntopo imports what model.save writes");
        var version = KerasHdf5.ReadString(file, "keras_version", path);
        KerasModelConfig config;
        using (var document = StrictJson.Parse(json, $"{path} (model_config)"))
        {
            config = KerasModelConfig.Parse(document.RootElement, path, version);
        }

        if (!KerasHdf5.Guard(path, "cannot look up model_weights", () => file.LinkExists("model_weights")))
        {
            throw new MalformedFileException(path, "the file has no model_weights group");
        }

        var weights = new LegacyWeights(file.Group("model_weights"), path);
        var (network, notes) = KerasNetworkBuilder.Build(config, weights, path);
        notes.Add(KerasHdf5.DataTypeNote(weights.Float32Tensors, config.DataType));
        var backend = KerasHdf5.ReadString(file, "backend", path);
        var producer = (version is null ? "Keras" : $"Keras {version}") + (backend is null ? " (HDF5)" : $" (HDF5, {backend} backend)");
        return (network, new ModelSourceDetails(producer, notes));
    }

    /// <summary>The weights of <c>model_weights/LAYER</c>, taken in the order of its <c>weight_names</c>.</summary>
    private sealed class LegacyWeights(IH5Group weights, string path) : IKerasWeightSource
    {
        /// <summary>How many tensors read were float32.</summary>
        public int Float32Tensors { get; private set; }

        public double[] Read(KerasLayer layer, int weightedIndex, KerasWeight weight, long[] shape)
        {
            if (!KerasHdf5.Guard(path, $"cannot look up model_weights/{layer.Name}", () => weights.LinkExists(layer.Name)))
            {
                throw new MalformedFileException(path, $"the weights of layer '{layer.Name}' are missing (no group model_weights/{layer.Name})");
            }

            var group = weights.Group(layer.Name);
            var names = KerasHdf5.ReadStrings(group, "weight_names", path)
                ?? throw new MalformedFileException(path, $"model_weights/{layer.Name} has no weight_names attribute");
            var index = weight is KerasWeight.Kernel or KerasWeight.Mean ? 0 : 1;
            if (index >= names.Length)
            {
                throw new MalformedFileException(path, string.Create(CultureInfo.InvariantCulture,
                    $"layer '{layer.Name}' has {names.Length} weights ({string.Join(", ", names)}); its {weight.ToString().ToLowerInvariant()} would be weight {index + 1}"));
            }

            var name = names[index];
            if (!IsNamed(name, weight))
            {
                throw new MalformedFileException(path, $"weight {index + 1} of layer '{layer.Name}' is '{name}', not its {weight.ToString().ToLowerInvariant()}");
            }

            var values = KerasHdf5.ReadReal(group, name, shape, path, $"weight '{name}' of layer '{layer.Name}'", out var float32);
            Float32Tensors += float32 ? 1 : 0;
            return values;
        }

        /// <summary>The last path component without TensorFlow's <c>:0</c>: <c>kernel</c> (Keras 1: <c>…_W</c>), <c>bias</c> (<c>…_b</c>), <c>mean</c>, <c>variance</c>.</summary>
        private static bool IsNamed(string name, KerasWeight weight)
        {
            var last = name[(name.LastIndexOf('/') + 1)..];
            last = last.EndsWith(":0", StringComparison.Ordinal) ? last[..^2] : last;
            return weight switch
            {
                KerasWeight.Kernel => last == "kernel" || last.EndsWith("_W", StringComparison.Ordinal),
                KerasWeight.Bias => last == "bias" || last.EndsWith("_b", StringComparison.Ordinal),
                KerasWeight.Mean => last == "mean",
                _ => last == "variance",
            };
        }
    }
}
