namespace NeuralTopOpt.Nn.Formats.Onnx;

/// <summary>
/// The constant tensors of a graph: its initializers, the outputs of <c>Constant</c> nodes, and the
/// outputs of nodes whose inputs are all constant, folded here (Identity, Cast, Transpose, Reshape,
/// Sqrt, Reciprocal, Neg, Max, Add, Sub, Mul, Div: what exporters leave around weights and
/// normalization statistics, e.g. a weight transposed by a node or √variance computed in the graph).
/// </summary>
internal sealed class OnnxConstants
{
    private readonly Dictionary<string, OnnxTensor> _values = new(StringComparer.Ordinal);

    /// <summary>Collects the constants of <paramref name="model"/> and folds every all-constant node; returns the nodes that remain.</summary>
    /// <exception cref="InvalidDataException">An all-constant node of another operator.</exception>
    public static (OnnxConstants Constants, List<OnnxNode> Remaining) Fold(OnnxModel model)
    {
        var constants = new OnnxConstants();
        foreach (var tensor in model.Initializers)
        {
            constants._values[tensor.Name] = tensor;
        }

        var remaining = new List<OnnxNode>(model.Nodes);
        for (var changed = true; changed;)
        {
            changed = false;
            foreach (var node in remaining.ToList())
            {
                if (node.OpType == "Constant")
                {
                    constants._values[node.Outputs[0]] = ConstantValue(node);
                }
                else if (node.Inputs.Count > 0 && node.Inputs.All(i => i.Length == 0 || constants.Contains(i)))
                {
                    constants._values[node.Outputs[0]] = Evaluate(node, node.Inputs.Select(i => i.Length == 0 ? null : constants._values[i]).ToArray());
                }
                else
                {
                    continue;
                }

                remaining.Remove(node);
                changed = true;
            }
        }

        return (constants, remaining);
    }

    /// <summary>True when <paramref name="name"/> is a constant.</summary>
    public bool Contains(string name) => _values.ContainsKey(name);

    /// <summary>The constant called <paramref name="name"/>.</summary>
    public OnnxTensor this[string name] => _values[name];

    private static OnnxTensor ConstantValue(OnnxNode node)
    {
        var name = node.Outputs[0];
        var attributes = node.Attributes;
        if (attributes.TryGetValue("value", out var value) && value.Tensor is { } tensor)
        {
            return tensor with { Name = name };
        }

        if (attributes.TryGetValue("value_float", out var f) && f.Real is { } real)
        {
            return new OnnxTensor(name, [], OnnxTensor.Float, [real], null);
        }

        if (attributes.TryGetValue("value_floats", out var fs) && fs.Reals is { } reals)
        {
            return new OnnxTensor(name, [reals.Length], OnnxTensor.Float, reals, null);
        }

        if (attributes.TryGetValue("value_int", out var i) && i.Integer is { } integer)
        {
            return new OnnxTensor(name, [], OnnxTensor.Int64, null, [integer]);
        }

        if (attributes.TryGetValue("value_ints", out var ints) && ints.Integers is { } integers)
        {
            return new OnnxTensor(name, [integers.Length], OnnxTensor.Int64, null, integers);
        }

        throw new InvalidDataException($"Constant node '{node.Name}' has no value ntopo reads (a tensor, float(s) or int(s))");
    }

    private static OnnxTensor Evaluate(OnnxNode node, OnnxTensor?[] inputs)
    {
        var name = node.Outputs[0];
        var a = inputs[0] ?? throw new InvalidDataException($"node '{node.Name}' ({node.OpType}) has no first input");
        switch (node.OpType)
        {
            case "Identity":
                return a with { Name = name };
            case "Cast":
                var to = node.Attributes.TryGetValue("to", out var t) && t.Integer is { } type ? (int)type : 0;
                return to is OnnxTensor.Float or OnnxTensor.Double
                    ? new OnnxTensor(name, a.Dims, to, Reals(a, node).Select(v => to == OnnxTensor.Float ? (double)(float)v : v).ToArray(), null)
                    : throw new InvalidDataException($"Cast node '{node.Name}' casts a constant to {OnnxTensor.TypeName(to)}");
            case "Transpose":
                return Transpose(a, node, name);
            case "Reshape":
                var shape = inputs.Length > 1 && inputs[1]?.Integers is { } s ? s : throw new InvalidDataException($"Reshape node '{node.Name}' has no constant shape");
                return a with { Name = name, Dims = ReshapeDims(a, shape, node) };
            case "Sqrt":
                return Map(a, name, Math.Sqrt, node);
            case "Reciprocal":
                return Map(a, name, v => 1 / v, node);
            case "Neg":
                return Map(a, name, v => -v, node);
            case "Max" or "Add" or "Sub" or "Mul" or "Div" when inputs.Length == 2 && inputs[1] is { } b:
                Func<double, double, double> op = node.OpType switch
                {
                    "Max" => Math.Max,
                    "Add" => (x, y) => x + y,
                    "Sub" => (x, y) => x - y,
                    "Mul" => (x, y) => x * y,
                    _ => (x, y) => x / y,
                };
                return Binary(a, b, name, op, node);
            default:
                throw new InvalidDataException($"operator {node.OpType} (node '{node.Name}') on constants is not supported");
        }
    }

    /// <summary>A weight, bias or normalization constant: float32 or float64 values only.</summary>
    public static double[] Weights(OnnxTensor tensor, OnnxNode node) =>
        tensor.DataType is OnnxTensor.Float or OnnxTensor.Double && tensor.Reals is { } reals
            ? reals
            : throw new InvalidDataException($"node '{node.Name}' ({node.OpType}) uses tensor '{tensor.Name}' of {OnnxTensor.TypeName(tensor.DataType)}; weights and normalization constants must be float32 or float64");

    /// <summary>A constant's values as reals (integers converted).</summary>
    public static double[] Reals(OnnxTensor tensor, OnnxNode node) =>
        tensor.Reals ?? tensor.Integers?.Select(v => (double)v).ToArray()
        ?? throw new InvalidDataException($"node '{node.Name}' ({node.OpType}) uses tensor '{tensor.Name}' of {OnnxTensor.TypeName(tensor.DataType)}; ntopo reads float32, float64 and integer constants");

    private static OnnxTensor Map(OnnxTensor a, string name, Func<double, double> f, OnnxNode node) =>
        new(name, a.Dims, a.DataType == OnnxTensor.Float ? OnnxTensor.Float : OnnxTensor.Double, Reals(a, node).Select(f).ToArray(), null);

    private static OnnxTensor Binary(OnnxTensor a, OnnxTensor b, string name, Func<double, double, double> f, OnnxNode node)
    {
        var (x, y) = (Reals(a, node), Reals(b, node));
        if (x.Length != y.Length && x.Length != 1 && y.Length != 1)
        {
            throw new InvalidDataException($"node '{node.Name}' ({node.OpType}) broadcasts constants of {x.Length} and {y.Length} values; only equal sizes or scalars are folded");
        }

        var count = Math.Max(x.Length, y.Length);
        var values = new double[count];
        for (var k = 0; k < count; k++)
        {
            values[k] = f(x[x.Length == 1 ? 0 : k], y[y.Length == 1 ? 0 : k]);
        }

        var type = a.DataType == OnnxTensor.Float && b.DataType == OnnxTensor.Float ? OnnxTensor.Float : OnnxTensor.Double;
        return new OnnxTensor(name, x.Length >= y.Length ? a.Dims : b.Dims, type, values, null);
    }

    private static OnnxTensor Transpose(OnnxTensor a, OnnxNode node, string name)
    {
        if (a.Dims.Length != 2 || (node.Attributes.TryGetValue("perm", out var perm) && perm.Integers is { } p && !p.SequenceEqual([1L, 0L])))
        {
            throw new InvalidDataException($"Transpose node '{node.Name}' is not the transpose of a matrix");
        }

        var (rows, columns) = ((int)a.Dims[0], (int)a.Dims[1]);
        var values = Reals(a, node);
        var result = new double[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return new OnnxTensor(name, [columns, rows], a.DataType, result, null);
    }

    private static long[] ReshapeDims(OnnxTensor a, long[] shape, OnnxNode node)
    {
        var dims = shape.Select((d, k) => d == 0 && k < a.Dims.Length ? a.Dims[k] : d).ToArray();
        var known = dims.Where(d => d != -1).Aggregate(1L, (p, d) => p * d);
        var unknown = dims.Count(d => d == -1);
        if (unknown > 1 || (unknown == 1 && (known == 0 || a.Count % known != 0)) || (unknown == 0 && known != a.Count))
        {
            throw new InvalidDataException($"Reshape node '{node.Name}' cannot reshape {a.Count} values to [{string.Join(", ", shape)}]");
        }

        return dims.Select(d => d == -1 ? a.Count / known : d).ToArray();
    }
}
