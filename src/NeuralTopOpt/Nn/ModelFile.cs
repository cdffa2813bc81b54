using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Nn;

/// <summary>
/// The versioned JSON model file: format name and version, input and output names, normalizations,
/// layers (activation, weights as rows W[j] over the inputs, biases), training metadata and, for an
/// imported network, its source (format, file, SHA-256). Written atomically with round-trip numbers;
/// read with every field validated, a malformed file giving one <see cref="MalformedFileException"/>
/// that names the field and what is wrong. Unknown fields and keys given twice are errors (a typo
/// must not pass silently), as in problem files.
/// <para>
/// Version 1 de-normalizes the outputs, y = ŷ·std + mean. Version 2 adds
/// <c>output_normalization.mode</c>: <c>"normalize"</c> means y = (ŷ − mean)/std (Keras'
/// <c>Normalization(invert=False)</c>, the paper's last layer). A file is written as version 2 only
/// when it normalizes, so that a build that reads only version 1 refuses it instead of misreading it.
/// </para>
/// </summary>
/// <example>
/// <code>
/// {"format":"ntopo-mlp","version":1,"inputs":["theta"],"outputs":["E"],
///  "input_normalization":{"mean":[0.5],"std":[0.29]},"output_normalization":{"mean":[0.25],"std":[0.28]},
///  "layers":[{"activation":"sigmoid","weights":[[1.2],[-0.7]],"biases":[0.1,0.0]},
///            {"activation":"linear","weights":[[0.5,-0.3]],"biases":[0.2]}],
///  "training":{"seed":1,"samples":10000,...}}
/// </code>
/// </example>
public static class ModelFile
{
    /// <summary>The value of the <c>format</c> field.</summary>
    public const string Format = "ntopo-mlp";

    /// <summary>The newest version this build reads (it reads every version from 1).</summary>
    public const int Version = 2;

    /// <summary>The version of a file that uses nothing newer than de-normalized outputs.</summary>
    public const int BaseVersion = 1;

    /// <summary>The largest model file read: 256 MiB, some ten million weights.</summary>
    public const long MaxBytes = 256L << 20;

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(NetworkModel model, string path) => AtomicFile.WriteAllText(path, ToJson(model));

    /// <summary>Reads and validates a model file.</summary>
    /// <exception cref="MalformedFileException">The file is missing, not JSON, or a field is missing or invalid.</exception>
    public static NetworkModel Load(string path)
    {
        return Parse(TextFile.Read(path, MaxBytes), path);
    }

    /// <summary>The model as JSON text.</summary>
    public static string ToJson(NetworkModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var stream = new MemoryStream();
        // Relaxed escaping keeps the notes of an import readable (σ, ŷ, quotes); the file is data, never HTML.
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            var network = model.Network;
            json.WriteStartObject();
            json.WriteString("format", Format);
            json.WriteNumber("version", network.OutputMode == OutputNormalizationMode.Normalize ? Version : BaseVersion);
            json.WriteString("architecture", network.Architecture);
            WriteStrings(json, "inputs", model.InputNames);
            WriteStrings(json, "outputs", model.OutputNames);
            WriteNormalization(json, "input_normalization", network.InputNormalization);
            WriteNormalization(json, "output_normalization", network.OutputNormalization, network.OutputMode);
            json.WriteStartArray("layers");
            foreach (var layer in network.Layers)
            {
                json.WriteStartObject();
                json.WriteString("activation", layer.Activation.Name());
                json.WriteStartArray("weights");
                for (var j = 0; j < layer.OutputCount; j++)
                {
                    WriteNumbers(json, null, layer.Weights.Slice(j * layer.InputCount, layer.InputCount));
                }

                json.WriteEndArray();
                WriteNumbers(json, "biases", layer.Biases);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            if (model.Training is { } t)
            {
                json.WriteStartObject("training");
                if (t.Protocol is not null)
                {
                    json.WriteString("protocol", t.Protocol);
                }

                json.WriteNumber("seed", t.Seed);
                json.WriteNumber("samples", t.Samples);
                json.WriteStartObject("split");
                json.WriteNumber("train", t.TrainSamples);
                json.WriteNumber("validation", t.ValidationSamples);
                json.WriteNumber("test", t.TestSamples);
                json.WriteEndObject();
                json.WriteNumber("epochs", t.Epochs);
                json.WriteNumber("epochs_run", t.EpochsRun);
                json.WriteNumber("batch_size", t.BatchSize);
                json.WriteNumber("learning_rate", t.LearningRate);
                json.WriteNumber("restarts", t.Restarts);
                WriteNumber(json, "seconds", t.Seconds);
                WriteNumber(json, "test_mse", t.TestMse);
                WriteNumber(json, "test_r2", t.TestR2);
                WriteNumber(json, "validation_loss", t.ValidationLoss);
                if (t.Data is not null)
                {
                    json.WriteString("data", t.Data);
                }

                json.WriteEndObject();
            }

            if (model.Source is { } source)
            {
                WriteSource(json, source);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>Parses and validates model JSON; <paramref name="source"/> names it in error messages.</summary>
    public static NetworkModel Parse(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        using (var document = StrictJson.Parse(text, source))
        {
            try
            {
                return ModelJsonReader.Read(document.RootElement, source);
            }
            catch (InvalidInputException e)
            {
                // A well-formed file whose contents the network itself rejects (e.g. a non-positive std).
                throw new MalformedFileException(source, e.Message, e);
            }
        }
    }

    private static void WriteNormalization(Utf8JsonWriter json, string name, Normalization normalization, OutputNormalizationMode? mode = null)
    {
        json.WriteStartObject(name);
        if (mode == OutputNormalizationMode.Normalize)
        {
            json.WriteString("mode", mode.Value.Name());
        }

        WriteNumbers(json, "mean", normalization.Mean);
        WriteNumbers(json, "std", normalization.Std);
        json.WriteEndObject();
    }

    private static void WriteSource(Utf8JsonWriter json, ModelSource source)
    {
        json.WriteStartObject("source");
        json.WriteString("format", source.Format);
        json.WriteString("file", source.File);
        json.WriteString("sha256", source.Sha256);
        json.WriteString("hash_of", source.HashOf);
        if (source.Producer is not null)
        {
            json.WriteString("producer", source.Producer);
        }

        WriteStrings(json, "notes", source.Notes);
        json.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IReadOnlyList<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static void WriteNumbers(Utf8JsonWriter json, string? name, ReadOnlySpan<double> values)
    {
        if (name is null)
        {
            json.WriteStartArray();
        }
        else
        {
            json.WriteStartArray(name);
        }

        foreach (var value in values)
        {
            json.WriteNumberValue(value);
        }

        json.WriteEndArray();
    }

    /// <summary>JSON has no NaN: a non-finite metric is written as null.</summary>
    private static void WriteNumber(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value))
        {
            json.WriteNumber(name, value);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
