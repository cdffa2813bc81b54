using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace NeuralTopOpt.Nn;

/// <summary>Reads the fields of a model file, naming the field of any problem (<c>layers[1].weights[3]</c>).</summary>
internal static class ModelJsonReader
{
    // Every field ModelFile.ToJson writes; anything else is a typo or another format.
    private static readonly string[] RootFields = ["format", "version", "architecture", "inputs", "outputs", "input_normalization", "output_normalization", "layers", "training", "source"];
    private static readonly string[] LayerFields = ["activation", "weights", "biases"];
    private static readonly string[] NormalizationFields = ["mean", "std"];
    private static readonly string[] OutputNormalizationFields = ["mean", "std", "mode"];
    private static readonly string[] SourceFields = ["format", "file", "sha256", "hash_of", "producer", "notes"];
    private static readonly string[] TrainingFields =
        ["protocol", "seed", "samples", "split", "epochs", "epochs_run", "batch_size", "learning_rate", "restarts", "seconds", "test_mse", "test_r2", "validation_loss", "data"];

    private static readonly string[] SplitFields = ["train", "validation", "test"];

    public static NetworkModel Read(JsonElement root, string source)
    {
        var reader = new Reader(source);
        reader.Object(root, "the file");
        reader.Only(root, "the file", RootFields);
        var format = reader.String(reader.Property(root, "format", ""), "format");
        if (format != ModelFile.Format)
        {
            reader.Fail($"format is '{format}'; expected '{ModelFile.Format}'");
        }

        var version = reader.Integer(reader.Property(root, "version", ""), "version");
        if (version < ModelFile.BaseVersion || version > ModelFile.Version)
        {
            reader.Fail($"format version {version} is not supported; this ntopo reads versions {ModelFile.BaseVersion} to {ModelFile.Version}");
        }

        var layersElement = reader.Property(root, "layers", "");
        reader.Array(layersElement, "layers");
        if (layersElement.GetArrayLength() == 0)
        {
            reader.Fail("layers is empty; a network needs at least one layer");
        }

        var layers = new List<DenseLayer>();
        var index = 0;
        foreach (var element in layersElement.EnumerateArray())
        {
            layers.Add(ReadLayer(reader, element, $"layers[{index}]", layers.Count > 0 ? layers[^1].OutputCount : -1));
            index++;
        }

        var (inputs, outputs) = (layers[0].InputCount, layers[^1].OutputCount);
        var mode = ReadOutputMode(reader, root, version);
        var network = new Mlp(
            layers,
            ReadNormalization(reader, root, "input_normalization", inputs),
            ReadNormalization(reader, root, "output_normalization", outputs),
            mode);
        if (root.TryGetProperty("architecture", out var architecture) && reader.String(architecture, "architecture") != network.Architecture)
        {
            reader.Fail($"architecture says {architecture.GetString()} but the layers make {network.Architecture}");
        }

        var inputNames = ReadNames(reader, root, "inputs", inputs);
        var outputNames = ReadNames(reader, root, "outputs", outputs);
        var training = root.TryGetProperty("training", out var t) && t.ValueKind != JsonValueKind.Null ? ReadTraining(reader, t) : null;
        var origin = root.TryGetProperty("source", out var s) && s.ValueKind != JsonValueKind.Null ? ReadSource(reader, s) : null;
        return new NetworkModel(network, inputNames, outputNames, training) { Source = origin };
    }

    private static OutputNormalizationMode ReadOutputMode(Reader reader, JsonElement root, int version)
    {
        if (!root.TryGetProperty("output_normalization", out var element) || element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("mode", out var modeElement))
        {
            return OutputNormalizationMode.Denormalize;
        }

        var name = reader.String(modeElement, "output_normalization.mode");
        if (OutputNormalizationModes.TryParse(name) is not { } mode)
        {
            reader.Fail($"output_normalization.mode is '{name}'; expected 'denormalize' or 'normalize'");
            throw new UnreachableException();
        }

        if (mode == OutputNormalizationMode.Normalize && version < ModelFile.Version)
        {
            reader.Fail($"output_normalization.mode 'normalize' needs format version {ModelFile.Version}; the file says version {version}");
        }

        return mode;
    }

    private static ModelSource ReadSource(Reader reader, JsonElement s)
    {
        reader.Object(s, "source");
        reader.Only(s, "source", SourceFields);
        string? Optional(string field) => s.TryGetProperty(field, out var e) && e.ValueKind != JsonValueKind.Null ? reader.String(e, $"source.{field}") : null;
        var hash = reader.String(reader.Property(s, "sha256", "source"), "source.sha256");
        if (hash.Length != 64 || !hash.All(char.IsAsciiHexDigitLower))
        {
            reader.Fail($"source.sha256 is '{hash}'; expected 64 lower-case hexadecimal digits");
        }

        var notes = s.TryGetProperty("notes", out var n) && n.ValueKind != JsonValueKind.Null
            ? ReadStrings(reader, n, "source.notes")
            : [];
        return new ModelSource
        {
            Format = reader.String(reader.Property(s, "format", "source"), "source.format"),
            File = reader.String(reader.Property(s, "file", "source"), "source.file"),
            Sha256 = hash,
            HashOf = Optional("hash_of") ?? "file",
            Producer = Optional("producer"),
            Notes = notes,
        };
    }

    private static string[] ReadStrings(Reader reader, JsonElement element, string path)
    {
        reader.Array(element, path);
        return element.EnumerateArray().Select((e, i) => reader.String(e, $"{path}[{i}]")).ToArray();
    }

    private static DenseLayer ReadLayer(Reader reader, JsonElement element, string path, int expectedInputs)
    {
        reader.Object(element, path);
        reader.Only(element, path, LayerFields);
        var name = reader.String(reader.Property(element, "activation", path), $"{path}.activation");
        Activation activation;
        try
        {
            activation = Activations.Parse(name);
        }
        catch (InvalidInputException e)
        {
            reader.Fail($"{path}.activation: {e.Message}");
            throw;
        }

        var rowsElement = reader.Property(element, "weights", path);
        reader.Array(rowsElement, $"{path}.weights");
        var rows = rowsElement.EnumerateArray().Select((row, j) => reader.Numbers(row, $"{path}.weights[{j}]")).ToArray();
        if (rows.Length == 0 || rows[0].Length == 0)
        {
            reader.Fail($"{path}.weights is empty; expected one row of input weights per neuron");
        }

        var inputs = rows[0].Length;
        for (var j = 1; j < rows.Length; j++)
        {
            if (rows[j].Length != inputs)
            {
                reader.Fail($"{path}.weights[{j}] has {rows[j].Length} values; row 0 has {inputs}");
            }
        }

        if (expectedInputs >= 0 && inputs != expectedInputs)
        {
            reader.Fail($"{path}.weights rows have {inputs} values; the previous layer has {expectedInputs} neurons");
        }

        var biases = reader.Numbers(reader.Property(element, "biases", path), $"{path}.biases");
        if (biases.Length != rows.Length)
        {
            reader.Fail($"{path}.biases has {biases.Length} values; the layer has {rows.Length} neurons (weight rows)");
        }

        return new DenseLayer(inputs, rows.Length, rows.SelectMany(r => r).ToArray(), biases, activation);
    }

    private static Normalization? ReadNormalization(Reader reader, JsonElement root, string name, int count)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        reader.Object(element, name);
        reader.Only(element, name, name == "output_normalization" ? OutputNormalizationFields : NormalizationFields);
        var mean = reader.Numbers(reader.Property(element, "mean", name), $"{name}.mean");
        var std = reader.Numbers(reader.Property(element, "std", name), $"{name}.std");
        if (mean.Length != count || std.Length != count)
        {
            reader.Fail($"{name} has {mean.Length} means and {std.Length} stds; the network has {count}");
        }

        for (var k = 0; k < count; k++)
        {
            if (!(std[k] > 0))
            {
                reader.Fail($"{name}.std[{k}] is {std[k].ToString(CultureInfo.InvariantCulture)}; a standard deviation must be positive");
            }

            if (!Normalization.IsUsableStd(std[k], mean[k]))
            {
                reader.Fail($"{name}.std[{k}] is {std[k].ToString("R", CultureInfo.InvariantCulture)} (mean {mean[k].ToString("R", CultureInfo.InvariantCulture)}); a standard deviation this close to zero (subnormal, or below 1e-12 of the mean) divides by nearly zero: predictions and derivatives would not be finite");
            }
        }

        return new Normalization(mean, std);
    }

    private static string[]? ReadNames(Reader reader, JsonElement root, string name, int count)
    {
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        reader.Array(element, name);
        var names = element.EnumerateArray().Select((e, i) => reader.String(e, $"{name}[{i}]")).ToArray();
        if (names.Length != count)
        {
            reader.Fail($"{name} has {names.Length} names; the network has {count}");
        }

        return names;
    }

    private static TrainingMetadata ReadTraining(Reader reader, JsonElement t)
    {
        reader.Object(t, "training");
        reader.Only(t, "training", TrainingFields);
        if (t.TryGetProperty("split", out var split))
        {
            reader.Object(split, "training.split");
            reader.Only(split, "training.split", SplitFields);
        }

        int Int(string field) => t.TryGetProperty(field, out var e) ? reader.Integer(e, $"training.{field}") : 0;
        double Number(string field) => t.TryGetProperty(field, out var e) && e.ValueKind != JsonValueKind.Null ? reader.Number(e, $"training.{field}") : double.NaN;
        int Split(string field) => t.TryGetProperty("split", out var s) && s.ValueKind == JsonValueKind.Object && s.TryGetProperty(field, out var e) ? reader.Integer(e, $"training.split.{field}") : 0;
        return new TrainingMetadata
        {
            Protocol = t.TryGetProperty("protocol", out var p) && p.ValueKind != JsonValueKind.Null ? reader.String(p, "training.protocol") : null,
            Seed = Int("seed"),
            Samples = Int("samples"),
            TrainSamples = Split("train"),
            ValidationSamples = Split("validation"),
            TestSamples = Split("test"),
            Epochs = Int("epochs"),
            EpochsRun = Int("epochs_run"),
            BatchSize = Int("batch_size"),
            LearningRate = Number("learning_rate"),
            Restarts = t.TryGetProperty("restarts", out _) ? Int("restarts") : 1,
            Seconds = Number("seconds"),
            TestMse = Number("test_mse"),
            TestR2 = Number("test_r2"),
            ValidationLoss = Number("validation_loss"),
            Data = t.TryGetProperty("data", out var d) ? reader.String(d, "training.data") : null,
        };
    }

    /// <summary>Typed access to JSON values that fails with the file and the field's path.</summary>
    private sealed class Reader(string source)
    {
        public void Fail(string problem) => throw new MalformedFileException(source, problem);

        public JsonElement Property(JsonElement element, string name, string path)
        {
            if (!element.TryGetProperty(name, out var value))
            {
                Fail(path.Length == 0 ? $"missing '{name}'" : $"{path} has no '{name}'");
            }

            return value;
        }

        public void Object(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                Fail($"{path} is {Kind(element)}; expected an object");
            }
        }

        public void Only(JsonElement element, string path, string[] names)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (!names.Contains(property.Name, StringComparer.Ordinal))
                {
                    Fail($"{path} has an unknown field '{property.Name}' (expected {string.Join(", ", names)})");
                }
            }
        }

        public void Array(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Array)
            {
                Fail($"{path} is {Kind(element)}; expected an array");
            }
        }

        public string String(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                Fail($"{path} is {Kind(element)}; expected a string");
            }

            return element.GetString()!;
        }

        public double Number(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                Fail($"{path} is {Kind(element)}; expected a finite number");
            }

            return element.GetDouble();
        }

        public int Integer(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var value))
            {
                Fail($"{path} is {Kind(element)}; expected an integer");
            }

            return element.GetInt32();
        }

        public double[] Numbers(JsonElement element, string path)
        {
            Array(element, path);
            return element.EnumerateArray().Select((e, i) => Number(e, $"{path}[{i}]")).ToArray();
        }

        private static string Kind(JsonElement element) => element.ValueKind switch
        {
            JsonValueKind.Number => $"the number {element.GetRawText()}",
            JsonValueKind.String => $"the string \"{element.GetString()}\"",
            JsonValueKind.Array => "an array",
            JsonValueKind.Object => "an object",
            JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
            _ => "null",
        };
    }
}
