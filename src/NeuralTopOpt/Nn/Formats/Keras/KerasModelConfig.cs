using System.Globalization;
using System.Text.Json;

namespace NeuralTopOpt.Nn.Formats.Keras;

/// <summary>
/// A Keras Sequential model configuration read from its JSON (<c>{"class_name": "Sequential",
/// "config": {"layers": [...]}}</c>), Keras 2 or Keras 3 spelling, as a list of
/// <see cref="KerasLayer"/>. Only the layers a dense network is made of are accepted (InputLayer,
/// Normalization, Dense, Activation, Dropout); any other layer, a non-Sequential model or an
/// activation ntopo lacks is refused with one line naming it.
/// </summary>
internal sealed record KerasModelConfig(IReadOnlyList<KerasLayer> Layers, string? KerasVersion, string? DataType)
{
    /// <summary>Parses the model configuration <paramref name="root"/> (the object with <c>class_name</c> and <c>config</c>).</summary>
    /// <exception cref="MalformedFileException">Not a Sequential model, or a layer ntopo cannot represent.</exception>
    public static KerasModelConfig Parse(JsonElement root, string path, string? kerasVersion = null)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("class_name", out var className))
        {
            throw new MalformedFileException(path, "the Keras model configuration has no class_name");
        }

        if (className.GetString() != "Sequential")
        {
            throw new MalformedFileException(path, $"the Keras model is a {className.GetString()}; only Sequential models of Dense layers are imported");
        }

        if (!root.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object
            || !config.TryGetProperty("layers", out var layersElement) || layersElement.ValueKind != JsonValueKind.Array)
        {
            throw new MalformedFileException(path, "the Sequential configuration has no list of layers");
        }

        var layers = new List<KerasLayer>();
        string? dtype = null;
        foreach (var layer in layersElement.EnumerateArray())
        {
            var parsed = ParseLayer(layer, path);
            layers.Add(parsed);
            if (layer.TryGetProperty("config", out var c) && c.TryGetProperty("dtype", out var d) && d.ValueKind == JsonValueKind.String)
            {
                dtype ??= d.GetString();
            }
        }

        return new KerasModelConfig(layers, kerasVersion, dtype);
    }

    private static KerasLayer ParseLayer(JsonElement layer, string path)
    {
        var className = layer.TryGetProperty("class_name", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "?";
        if (!layer.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedFileException(path, $"the Keras layer {className} has no configuration");
        }

        var name = config.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : className;
        return className switch
        {
            "InputLayer" => new KerasLayer(KerasLayerKind.Input, className, name, Units: InputWidth(config, path)),
            "Normalization" => Normalization(config, name, path),
            "Dense" => new KerasLayer(KerasLayerKind.Dense, className, name,
                Units: config.TryGetProperty("units", out var u) && u.TryGetInt32(out var units) && units > 0
                    ? units
                    : throw new MalformedFileException(path, $"Dense layer '{name}' has no positive units"),
                Activation: ActivationOf(config, name, path),
                UseBias: !config.TryGetProperty("use_bias", out var b) || b.ValueKind != JsonValueKind.False),
            "Activation" => new KerasLayer(KerasLayerKind.Activation, className, name, Activation: ActivationOf(config, name, path)),
            "Dropout" => new KerasLayer(KerasLayerKind.Dropout, className, name),
            _ => throw new MalformedFileException(path, $"Keras layer '{name}' is a {className}; ntopo imports InputLayer, Normalization, Dense, Activation and Dropout"),
        };
    }

    private static KerasLayer Normalization(JsonElement config, string name, string path)
    {
        if (config.TryGetProperty("axis", out var axis) && !IsLastAxis(axis))
        {
            throw new MalformedFileException(path, $"Normalization layer '{name}' normalizes over axis {axis.GetRawText()}; only per-feature normalization (axis -1 or 1) of a flat input is imported");
        }

        var invert = config.TryGetProperty("invert", out var i) && i.ValueKind == JsonValueKind.True;
        var mean = Numbers(config, "mean", name, path);
        var variance = Numbers(config, "variance", name, path);
        if ((mean is null) != (variance is null))
        {
            throw new MalformedFileException(path, $"Normalization layer '{name}' gives a mean or a variance but not both");
        }

        return new KerasLayer(KerasLayerKind.Normalization, "Normalization", name, Invert: invert, Mean: mean, Variance: variance);
    }

    /// <summary>Keras 2's <c>axis</c> is a tuple (<c>{"class_name": "__tuple__", "items": [1]}</c>) or a number; Keras 3's a number or a list.</summary>
    private static bool IsLastAxis(JsonElement axis)
    {
        if (axis.ValueKind == JsonValueKind.Object && axis.TryGetProperty("items", out var items))
        {
            axis = items;
        }

        if (axis.ValueKind == JsonValueKind.Array)
        {
            return axis.GetArrayLength() == 1 && IsLastAxis(axis[0]);
        }

        return axis.ValueKind == JsonValueKind.Number && axis.TryGetInt32(out var value) && value is -1 or 1;
    }

    private static double[]? Numbers(JsonElement config, string field, string name, string path)
    {
        if (!config.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Number)
        {
            return [element.GetDouble()];
        }

        if (element.ValueKind == JsonValueKind.Array && element.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number))
        {
            return element.EnumerateArray().Select(e => e.GetDouble()).ToArray();
        }

        throw new MalformedFileException(path, $"Normalization layer '{name}' has a {field} that is not a number or a flat list of numbers");
    }

    private static int InputWidth(JsonElement config, string path)
    {
        foreach (var field in new[] { "batch_input_shape", "batch_shape" })
        {
            if (!config.TryGetProperty(field, out var shape))
            {
                continue;
            }

            if (shape.ValueKind == JsonValueKind.Object && shape.TryGetProperty("items", out var items))
            {
                shape = items;
            }

            if (shape.ValueKind == JsonValueKind.Array && shape.GetArrayLength() == 2 && shape[1].TryGetInt32(out var width) && width > 0)
            {
                return width;
            }

            throw new MalformedFileException(path, $"the input shape {shape.GetRawText()} is not (batch, features); only flat inputs are imported");
        }

        return 0;
    }

    private static Activation ActivationOf(JsonElement config, string name, string path)
    {
        if (!config.TryGetProperty("activation", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return Activation.Linear;
        }

        var text = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString()!,
            JsonValueKind.Object when element.TryGetProperty("class_name", out var c) => c.GetString() ?? "?",
            _ => element.GetRawText(),
        };
        try
        {
            return Activations.Parse(text);
        }
        catch (InvalidInputException)
        {
            throw new MalformedFileException(path, string.Create(CultureInfo.InvariantCulture,
                $"layer '{name}' has activation '{text}'; ntopo has linear, sigmoid, tanh, relu, softplus and swish/silu"));
        }
    }
}
