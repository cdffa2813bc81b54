using System.Globalization;
using System.Text.Json;

namespace NeuralTopOpt.Nn.Formats.Keras;

/// <summary>
/// A Keras Sequential model configuration read from its JSON (<c>{"class_name": "Sequential",
/// "config": {"layers": [...]}}</c>; Keras 1 writes <c>"config": [...]</c>), in the spelling of
/// Keras 1 (<c>output_dim</c>, <c>bias</c>), 2 or 3 (<c>batch_shape</c>, <c>build_config</c>, dtype
/// policies as objects), as a list of <see cref="KerasLayer"/>. Only the layers a dense network is
/// made of are accepted (InputLayer, Normalization, Dense, Activation, Dropout); any other layer, a
/// non-Sequential model or an activation ntopo lacks is refused with one line naming it.
/// </summary>
internal sealed record KerasModelConfig(IReadOnlyList<KerasLayer> Layers, string? KerasVersion, string? DataType)
{
    /// <summary>Parses the model configuration <paramref name="root"/> (the object with <c>class_name</c> and <c>config</c>).</summary>
    /// <exception cref="MalformedFileException">Not a Sequential model, or a layer ntopo cannot represent.</exception>
    public static KerasModelConfig Parse(JsonElement root, string path, string? kerasVersion = null)
    {
        try
        {
            return ParseModel(root, path, kerasVersion);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            // JsonElement's accessors throw these for a value of another kind (a string where a number
            // belongs, a number out of range): a damaged or hand-edited configuration, not a bug of ours.
            throw new MalformedFileException(path, $"the Keras model configuration has a value of the wrong kind ({e.Message.ReplaceLineEndings(" ")})", e);
        }
    }

    private static KerasModelConfig ParseModel(JsonElement root, string path, string? kerasVersion)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("class_name", out var className) || className.ValueKind != JsonValueKind.String)
        {
            throw new MalformedFileException(path, "the Keras model configuration has no class_name");
        }

        if (className.GetString() != "Sequential")
        {
            throw new MalformedFileException(path, $"the Keras model is a {className.GetString()}; only Sequential models of Dense layers are imported");
        }

        if (!root.TryGetProperty("config", out var config) || LayerList(config) is not { } layersElement)
        {
            throw new MalformedFileException(path, "the Sequential configuration has no list of layers");
        }

        var layers = new List<KerasLayer>();
        string? dtype = null;
        foreach (var layer in layersElement.EnumerateArray())
        {
            var parsed = ParseLayer(layer, path);
            layers.Add(parsed);
            if (layer.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object && c.TryGetProperty("dtype", out var d))
            {
                dtype ??= DataTypeName(d);
            }
        }

        if (layers is [{ Kind: not KerasLayerKind.Input, InputWidth: 0 } first, ..] && config.ValueKind == JsonValueKind.Object
            && config.TryGetProperty("build_input_shape", out var built) && built.ValueKind != JsonValueKind.Null)
        {
            layers[0] = first with { InputWidth = FlatWidth(built, path) };   // Keras 2.3+: the model's input shape when no layer declares one
        }

        return new KerasModelConfig(layers, kerasVersion, dtype);
    }

    /// <summary>Keras 2 and 3: <c>{"layers": [...]}</c>; Keras 1: the list itself.</summary>
    private static JsonElement? LayerList(JsonElement config) => config.ValueKind switch
    {
        JsonValueKind.Array => config,
        JsonValueKind.Object when config.TryGetProperty("layers", out var layers) && layers.ValueKind == JsonValueKind.Array => layers,
        _ => null,
    };

    /// <summary>Keras 1 and 2 name the dtype (<c>"float32"</c>); Keras 3 gives a policy (<c>{"class_name": "DTypePolicy", "config": {"name": "float32"}}</c>).</summary>
    private static string? DataTypeName(JsonElement dtype) => dtype.ValueKind switch
    {
        JsonValueKind.String => dtype.GetString(),
        JsonValueKind.Object when dtype.TryGetProperty("config", out var c) && c.ValueKind == JsonValueKind.Object
            && c.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String => n.GetString(),
        _ => null,
    };

    private static KerasLayer ParseLayer(JsonElement layer, string path)
    {
        var className = layer.TryGetProperty("class_name", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "?";
        if (!layer.TryGetProperty("config", out var config) || config.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedFileException(path, $"the Keras layer {className} has no configuration");
        }

        var name = config.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : className;
        var parsed = className switch
        {
            "InputLayer" => new KerasLayer(KerasLayerKind.Input, className, name, Units: InputWidth(layer, config, path)),
            "Normalization" => Normalization(config, name, path),
            "Dense" => new KerasLayer(KerasLayerKind.Dense, className, name,
                Units: (config.TryGetProperty("units", out var u) || config.TryGetProperty("output_dim", out u)) && u.ValueKind == JsonValueKind.Number && u.TryGetInt32(out var units) && units > 0
                    ? units
                    : throw new MalformedFileException(path, $"Dense layer '{name}' has no positive units"),
                Activation: ActivationOf(config, name, path),
                UseBias: !(config.TryGetProperty("use_bias", out var b) || config.TryGetProperty("bias", out b)) || b.ValueKind != JsonValueKind.False),
            "Activation" => new KerasLayer(KerasLayerKind.Activation, className, name, Activation: ActivationOf(config, name, path)),
            "Dropout" => new KerasLayer(KerasLayerKind.Dropout, className, name),
            _ => throw new MalformedFileException(path, $"Keras layer '{name}' is a {className}; ntopo imports InputLayer, Normalization, Dense, Activation and Dropout"),
        };
        return parsed with { InputWidth = InputWidth(layer, config, path) };
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

    /// <summary>
    /// The input width a layer declares, or 0: <c>batch_input_shape</c> (Keras 1, 2) or
    /// <c>batch_shape</c> (Keras 3) in its configuration, Keras 1's <c>input_dim</c>, or Keras 3's
    /// <c>build_config.input_shape</c> beside it.
    /// </summary>
    private static int InputWidth(JsonElement layer, JsonElement config, string path)
    {
        var shapes = new List<JsonElement>();
        foreach (var field in new[] { "batch_input_shape", "batch_shape" })
        {
            if (config.TryGetProperty(field, out var shape) && shape.ValueKind != JsonValueKind.Null)
            {
                shapes.Add(shape);
            }
        }

        if (layer.TryGetProperty("build_config", out var build) && build.ValueKind == JsonValueKind.Object
            && build.TryGetProperty("input_shape", out var built) && built.ValueKind != JsonValueKind.Null)
        {
            shapes.Add(built);
        }

        if (shapes.Count == 0 && config.TryGetProperty("input_dim", out var dim) && dim.ValueKind == JsonValueKind.Number && dim.TryGetInt32(out var inputDim) && inputDim > 0)
        {
            return inputDim;
        }

        return shapes.Count > 0 ? FlatWidth(shapes[0], path) : 0;
    }

    /// <summary>The feature count of a (batch, features) shape, 0 when null; Keras 2 may write it as <c>{"class_name": "__tuple__", "items": [...]}</c>.</summary>
    private static int FlatWidth(JsonElement shape, string path)
    {
        if (shape.ValueKind == JsonValueKind.Object && shape.TryGetProperty("items", out var items))
        {
            shape = items;
        }

        if (shape.ValueKind == JsonValueKind.Array && shape.GetArrayLength() == 2)
        {
            if (shape[1].ValueKind == JsonValueKind.Null)
            {
                return 0;   // not stated
            }

            if (shape[1].ValueKind == JsonValueKind.Number && shape[1].TryGetInt32(out var width) && width > 0)
            {
                return width;
            }
        }

        throw new MalformedFileException(path, $"the input shape {shape.GetRawText()} is not (batch, features); only flat inputs are imported");
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
            JsonValueKind.Object when element.TryGetProperty("config", out var f) && f.ValueKind == JsonValueKind.String => f.GetString()!,   // Keras 3: {"class_name": "function", "config": "relu"}
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
