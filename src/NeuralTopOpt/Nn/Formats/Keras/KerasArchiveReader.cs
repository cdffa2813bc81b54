using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NeuralTopOpt.IO;
using PureHDF;

namespace NeuralTopOpt.Nn.Formats.Keras;

/// <summary>
/// Imports a Keras 3 <c>.keras</c> file: a zip archive of <c>config.json</c> (the model's
/// serialization: <c>{"class_name": "Sequential", "config": {"layers": [...]}}</c>),
/// <c>metadata.json</c> (<c>keras_version</c>) and <c>model.weights.h5</c>. Keras 3's weights file
/// keeps the variables of the k-th layer of a class (InputLayer excluded, as <c>model.layers</c>
/// excludes it) under <c>layers/NAME/vars/0, 1, …</c> in creation order, NAME the class name in
/// snake case with <c>_k</c> appended from the second on (<c>dense</c>, <c>dense_1</c>, …): Dense
/// kernel, bias; Normalization mean, variance, count. Keras 3.11 also writes the layer's own name
/// into <c>vars</c>' <c>name</c> attribute; where present it must agree with the configuration.
/// </summary>
internal static partial class KerasArchiveReader
{
    private const string ConfigEntry = "config.json";
    private const string MetadataEntry = "metadata.json";
    private const string WeightsEntry = "model.weights.h5";

    /// <summary>Reads the <c>.keras</c> file at <paramref name="path"/>.</summary>
    /// <exception cref="MalformedFileException">Not a readable archive, an entry missing or damaged, or a network ntopo cannot represent.</exception>
    public static (Mlp Network, ModelSourceDetails Details) Read(string path)
    {
        var (configBytes, metadataBytes, weightsBytes) = ReadEntries(path);
        var version = metadataBytes is null ? null : Json(metadataBytes, MetadataEntry, path, root =>
            root.ValueKind == JsonValueKind.Object && root.TryGetProperty("keras_version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null);
        var config = Json(configBytes, ConfigEntry, path, root => KerasModelConfig.Parse(root, path, version));

        KerasHdf5.CheckLength(weightsBytes, weightsBytes.Length, $"{path} ({WeightsEntry})");
        using var file = KerasHdf5.Open(weightsBytes, $"{path} ({WeightsEntry})");
        var weights = new Keras3Weights(file, config, $"{path} ({WeightsEntry})");
        var (network, notes) = KerasNetworkBuilder.Build(config, weights, path);
        notes.Add(KerasHdf5.DataTypeNote(weights.Float32Tensors, config.DataType));
        if (KerasHdf5.ReadInteger(file, "optimizer/vars/0", path) is { } steps)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"the optimizer's iteration counter (optimizer/vars/0) is {steps}"));
        }

        var producer = version is null ? "Keras 3 (.keras)" : $"Keras {version} (.keras)";
        return (network, new ModelSourceDetails(producer, notes));
    }

    private static (byte[] Config, byte[]? Metadata, byte[] Weights) ReadEntries(string path)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            var config = Entry(zip, ConfigEntry, path) ?? throw new MalformedFileException(path, $"the archive has no {ConfigEntry}; a .keras file keeps the architecture there");
            var weights = Entry(zip, WeightsEntry, path) ?? throw new MalformedFileException(path, $"the archive has no {WeightsEntry}; a .keras file keeps the weights there");
            return (config, Entry(zip, MetadataEntry, path), weights);
        }
        catch (InvalidDataException e)
        {
            throw new MalformedFileException(path, $"not a readable zip archive, which a .keras file is ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    /// <summary>
    /// The bytes of an entry, null when absent. Their CRC-32 must equal the archive's record of it:
    /// .NET's zip reader does not check stored (uncompressed) entries, which is how Keras writes them.
    /// </summary>
    private static byte[]? Entry(ZipArchive zip, string name, string path)
    {
        var entry = zip.GetEntry(name);
        if (entry is null)
        {
            return null;
        }

        using var stream = entry.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var crc = Crc32.HashToUInt32(bytes);
        return crc == entry.Crc32
            ? bytes
            : throw new MalformedFileException(path, string.Create(CultureInfo.InvariantCulture,
                $"{name} fails its CRC-32 check (0x{crc:X8}, the archive records 0x{entry.Crc32:X8}): the file is damaged"));
    }

    /// <summary>Parses an entry with <see cref="StrictJson"/> (a key given twice is an error, as in ntopo's own files).</summary>
    private static T Json<T>(byte[] bytes, string entry, string path, Func<JsonElement, T> read)
    {
        using var document = StrictJson.Parse(Encoding.UTF8.GetString(bytes), $"{path} ({entry})");
        return read(document.RootElement);
    }

    /// <summary>Keras' <c>naming.to_snake_case</c>: <c>Dense</c> → <c>dense</c>, <c>BatchNormalization</c> → <c>batch_normalization</c>.</summary>
    internal static string SnakeCase(string className)
    {
        var name = NonWord().Replace(className, string.Empty);
        name = CapitalizedWord().Replace(name, "$1_$2");
        return LowerUpper().Replace(name, "$1_$2").ToLowerInvariant();
    }

    [GeneratedRegex(@"\W+")]
    private static partial Regex NonWord();

    [GeneratedRegex("(.)([A-Z][a-z]+)")]
    private static partial Regex CapitalizedWord();

    [GeneratedRegex("([a-z])([A-Z])")]
    private static partial Regex LowerUpper();

    /// <summary>The weights of a Keras 3 weights file, found by the layer's position among those of its class.</summary>
    private sealed class Keras3Weights : IKerasWeightSource
    {
        private readonly IH5Group _root;
        private readonly string _path;
        private readonly Dictionary<string, string> _groups = new(StringComparer.Ordinal);

        public Keras3Weights(IH5Group root, KerasModelConfig config, string path)
        {
            (_root, _path) = (root, path);
            var used = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var layer in config.Layers.Where(l => l.Kind != KerasLayerKind.Input))
            {
                var name = SnakeCase(layer.ClassName);
                var seen = used.TryGetValue(name, out var count);
                used[name] = seen ? count + 1 : 0;
                _groups[layer.Name] = seen ? $"layers/{name}_{count + 1}" : $"layers/{name}";
            }
        }

        /// <summary>How many tensors read were float32.</summary>
        public int Float32Tensors { get; private set; }

        public double[] Read(KerasLayer layer, int weightedIndex, KerasWeight weight, long[] shape)
        {
            var group = _groups[layer.Name];
            var index = weight is KerasWeight.Kernel or KerasWeight.Mean ? 0 : 1;
            var describe = $"the {weight.ToString().ToLowerInvariant()} of layer '{layer.Name}' ({group}/vars/{index})";
            if (KerasHdf5.Guard(_path, $"cannot look up {group}/vars", () => _root.LinkExists($"{group}/vars"))
                && KerasHdf5.ReadString(_root.Group($"{group}/vars"), "name", _path) is { } written && written != layer.Name)
            {
                throw new MalformedFileException(_path, $"{group}/vars belongs to layer '{written}', but the configuration puts '{layer.Name}' there");
            }

            var values = KerasHdf5.ReadReal(_root, $"{group}/vars/{index}", shape, _path, describe, out var float32);
            Float32Tensors += float32 ? 1 : 0;
            return values;
        }
    }
}
