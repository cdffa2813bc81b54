using System.Globalization;
using System.Text.Json;
using Google.Protobuf;

namespace NeuralTopOpt.Nn.Formats.Onnx;

/// <summary>
/// Imports an ONNX model of a dense network: the graph must be a chain from its one input to its one
/// output through MatMul/Gemm (any transB, transA = 0, alpha and beta), Add, Sub, Mul, Div with
/// constants, Sigmoid, Tanh, Relu, Softplus, x·Sigmoid(x) (SiLU), Log(Exp(x) + 1) (softplus as
/// ntopo exports it), Identity, with the constants as
/// initializers or Constant nodes (and all-constant nodes folded, <see cref="OnnxConstants"/>). The
/// element-wise operations before the first dense layer become the input normalization, those after
/// the last one the output normalization: Mul(σ), Add(μ) de-normalizes; Sub(μ), Div(σ) normalizes
/// (Keras' invert=False, as tf2onnx exports it); other affine maps are composed per feature. Any
/// other operator is refused with one line naming it.
/// </summary>
internal static class OnnxReader
{
    private static readonly Dictionary<string, Activation> Activations = new(StringComparer.Ordinal)
    {
        ["Sigmoid"] = Activation.Sigmoid,
        ["Tanh"] = Activation.Tanh,
        ["Relu"] = Activation.Relu,
        ["Softplus"] = Activation.Softplus,
    };

    /// <summary>Reads the ONNX file at <paramref name="path"/>.</summary>
    /// <exception cref="MalformedFileException">Not a valid ONNX model, or not a chain of the supported operators.</exception>
    public static (Mlp Network, ModelSourceDetails Details) Read(string path)
    {
        OnnxModel model;
        try
        {
            model = OnnxProto.ParseModel(File.ReadAllBytes(path));
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidDataException)
        {
            throw new MalformedFileException(path, $"not a valid ONNX model ({OneLine(e.Message)})", e);
        }

        try
        {
            return Build(model);
        }
        catch (InvalidDataException e)
        {
            throw new MalformedFileException(path, e.Message, e);
        }
        catch (InvalidInputException e)
        {
            throw new MalformedFileException(path, e.Message, e);
        }
    }

    private static (Mlp Network, ModelSourceDetails Details) Build(OnnxModel model)
    {
        foreach (var (domain, _) in model.Opsets.Where(o => o.Key is not ("" or "ai.onnx")))
        {
            if (model.Nodes.Any(n => n.Domain == domain))
            {
                throw new InvalidDataException($"the graph uses operators of the domain '{domain}'; ntopo reads the default ONNX operators");
            }
        }

        var (constants, nodes) = OnnxConstants.Fold(model);
        var inputs = model.Inputs.Where(v => !constants.Contains(v.Name)).ToList();
        if (inputs.Count != 1 || model.Outputs.Count != 1)
        {
            throw new InvalidDataException($"the graph has {inputs.Count} inputs and {model.Outputs.Count} outputs; a dense network has one of each");
        }

        var (input, output) = (inputs[0], model.Outputs[0]);
        if (input.ElementType is not (OnnxTensor.Float or OnnxTensor.Double))
        {
            throw new InvalidDataException($"the input '{input.Name}' is {OnnxTensor.TypeName(input.ElementType)}; ntopo reads float32 and float64 networks");
        }

        if (input.Dims is { Length: not 2 } dims)
        {
            throw new InvalidDataException($"the input '{input.Name}' has {dims.Length} dimensions; a dense network takes [batch, features]");
        }

        var width = input.Dims is [_, > 0 and var w] ? (int)w : 0;
        var steps = Walk(nodes, constants, input.Name, output.Name, ref width);
        var network = Assemble(steps, width);
        var notes = new List<string>();
        if (input.ElementType == OnnxTensor.Float || model.Initializers.Any(t => t.DataType == OnnxTensor.Float))
        {
            notes.Add("float32 weights widened exactly to float64; ntopo evaluates in float64, so predictions differ from a float32 runtime by float32 rounding");
        }

        notes.Add($"opset {string.Join(", ", model.Opsets.Select(o => string.Create(CultureInfo.InvariantCulture, $"{(o.Key.Length == 0 ? "ai.onnx" : o.Key)} {o.Value}")))}, IR version {model.IrVersion}; output {network.OutputMode.Name()}s");
        var producer = model.ProducerName.Length == 0 ? null : $"{model.ProducerName} {model.ProducerVersion}".Trim();
        return (network, new ModelSourceDetails(producer, notes)
        {
            InputNames = Names(model, "ntopo.inputs", network.InputCount),
            OutputNames = Names(model, "ntopo.outputs", network.OutputCount),
        });
    }

    /// <summary>Follows the chain from <paramref name="input"/> to <paramref name="output"/>, node by node.</summary>
    private static List<OnnxStep> Walk(List<OnnxNode> nodes, OnnxConstants constants, string input, string output, ref int width)
    {
        var consumers = nodes.SelectMany(n => n.Inputs.Where(i => i.Length > 0).Distinct().Select(i => (i, n))).ToLookup(p => p.i, p => p.n);
        var steps = new List<OnnxStep>();
        var used = new HashSet<OnnxNode>();
        var current = input;
        while (current != output)
        {
            var users = consumers[current].ToList();
            if (users.Count == 2 && Silu(users, current) is { } mul)
            {
                steps.Add(new OnnxStep.Activate(Activation.Silu, mul.Name));
                used.UnionWith(users);
                current = mul.Outputs[0];
                continue;
            }

            if (users.Count != 1)
            {
                throw new InvalidDataException(users.Count == 0
                    ? $"tensor '{current}' leads nowhere; the graph is not a chain from its input to its output"
                    : $"tensor '{current}' feeds {users.Count} nodes ({string.Join(", ", users.Select(u => u.OpType))}); only chains of layers are imported");
            }

            var node = users[0];
            used.Add(node);
            if (Step(node, current, constants, ref width) is { } step)
            {
                steps.Add(step);
            }

            current = node.Outputs[0];
        }

        if (nodes.FirstOrDefault(n => !used.Contains(n)) is { } stray)
        {
            throw new InvalidDataException($"operator {stray.OpType} (node '{stray.Name}') is not on the chain from the input to the output");
        }

        return steps;
    }

    /// <summary>The Mul of the SiLU pattern y = x·Sigmoid(x) when <paramref name="users"/> are that Sigmoid and Mul.</summary>
    private static OnnxNode? Silu(List<OnnxNode> users, string x)
    {
        var sigmoid = users.FirstOrDefault(u => u.OpType == "Sigmoid");
        var mul = users.FirstOrDefault(u => u.OpType == "Mul");
        return sigmoid is not null && mul is not null && mul.Inputs.Count == 2 && mul.Inputs.Contains(x) && mul.Inputs.Contains(sigmoid.Outputs[0]) ? mul : null;
    }

    private static OnnxStep? Step(OnnxNode node, string current, OnnxConstants constants, ref int width)
    {
        if (node.Domain is not ("" or "ai.onnx"))
        {
            throw new InvalidDataException($"operator {node.Domain}.{node.OpType} (node '{node.Name}') is not supported");
        }

        if (node.OpType != "Identity" && !Activations.ContainsKey(node.OpType) && node.Inputs.Count(i => i == current) != 1)
        {
            throw new InvalidDataException($"node '{node.Name}' ({node.OpType}) combines the data with itself");
        }

        switch (node.OpType)
        {
            case "Identity":
                return null;
            case var op when Activations.TryGetValue(op, out var activation):
                return new OnnxStep.Activate(activation, node.Name);
            case "Exp" or "Log":
                return new OnnxStep.Elementary(node.OpType, node.Name);
            case "MatMul":
                return MatMul(node, current, constants, ref width);
            case "Gemm":
                return Gemm(node, current, constants, ref width);
            case "Add" or "Sub" or "Mul" or "Div":
                var constantFirst = node.Inputs[0] != current;
                var constant = constants[node.Inputs[constantFirst ? 0 : 1]];
                var values = OnnxConstants.Weights(constant, node);
                if (values.Length != 1 && !(constant.Dims.Length <= 2 && constant.Dims.Take(constant.Dims.Length - 1).All(d => d == 1)))
                {
                    throw new InvalidDataException($"{node.OpType} node '{node.Name}' uses a constant of shape [{string.Join(", ", constant.Dims)}]; only per-feature vectors and scalars are read");
                }

                if (width == 0 && values.Length > 1)
                {
                    width = values.Length;
                }

                if (values.Length != 1 && values.Length != width)
                {
                    throw new InvalidDataException($"{node.OpType} node '{node.Name}' has {values.Length} values for {width} features");
                }

                var expanded = values.Length == width ? values : Enumerable.Repeat(values[0], Math.Max(width, 1)).ToArray();
                return new OnnxStep.Elementwise(new OnnxElementwise(node.OpType, expanded, constantFirst, node.Name));
            default:
                throw new InvalidDataException($"operator {node.OpType} (node '{node.Name}') is not supported; ntopo imports MatMul, Gemm, Add, Sub, Mul, Div, Sigmoid, Tanh, Relu, Softplus, Identity and x·Sigmoid(x)");
        }
    }

    private static OnnxStep.Dense MatMul(OnnxNode node, string current, OnnxConstants constants, ref int width)
    {
        if (node.Inputs[0] != current || !constants.Contains(node.Inputs[1]))
        {
            throw new InvalidDataException($"MatMul node '{node.Name}' does not multiply the data by a constant matrix from the right");
        }

        var w = constants[node.Inputs[1]];
        if (w.Dims.Length != 2)
        {
            throw new InvalidDataException($"MatMul node '{node.Name}' has a weight of shape [{string.Join(", ", w.Dims)}]; a dense layer's is 2-D");
        }

        var (inputs, outputs) = ((int)w.Dims[0], (int)w.Dims[1]);
        CheckWidth(node, inputs, ref width);
        var values = OnnxConstants.Weights(w, node);
        var weights = new double[inputs * outputs];
        for (var i = 0; i < inputs; i++)
        {
            for (var j = 0; j < outputs; j++)
            {
                weights[(j * inputs) + i] = values[(i * outputs) + j];
            }
        }

        width = outputs;
        return new OnnxStep.Dense(inputs, outputs, weights, null, node.Name);
    }

    private static OnnxStep.Dense Gemm(OnnxNode node, string current, OnnxConstants constants, ref int width)
    {
        long Integer(string name) => node.Attributes.TryGetValue(name, out var a) && a.Integer is { } v ? v : 0;
        double Real(string name) => node.Attributes.TryGetValue(name, out var a) && a.Real is { } v ? v : 1;
        if (node.Inputs[0] != current || Integer("transA") != 0 || !constants.Contains(node.Inputs[1]))
        {
            throw new InvalidDataException($"Gemm node '{node.Name}' is not data·B (+ C) with a constant B (transA must be 0)");
        }

        var b = constants[node.Inputs[1]];
        if (b.Dims.Length != 2)
        {
            throw new InvalidDataException($"Gemm node '{node.Name}' has a weight of shape [{string.Join(", ", b.Dims)}]");
        }

        var transposed = Integer("transB") != 0;
        var (inputs, outputs) = transposed ? ((int)b.Dims[1], (int)b.Dims[0]) : ((int)b.Dims[0], (int)b.Dims[1]);
        CheckWidth(node, inputs, ref width);
        var (alpha, beta) = (Real("alpha"), Real("beta"));
        var values = OnnxConstants.Weights(b, node);
        var weights = new double[inputs * outputs];
        for (var i = 0; i < inputs; i++)
        {
            for (var j = 0; j < outputs; j++)
            {
                var value = transposed ? values[(j * inputs) + i] : values[(i * outputs) + j];
                weights[(j * inputs) + i] = alpha == 1 ? value : alpha * value;
            }
        }

        double[]? biases = null;
        if (node.Inputs.Count > 2 && node.Inputs[2].Length > 0)
        {
            var c = OnnxConstants.Weights(constants[node.Inputs[2]], node);
            if (c.Length != outputs && c.Length != 1)
            {
                throw new InvalidDataException($"Gemm node '{node.Name}' has {c.Length} biases for {outputs} outputs");
            }

            biases = Enumerable.Range(0, outputs).Select(j => (beta == 1 ? 1 : beta) * c[c.Length == 1 ? 0 : j]).ToArray();
        }

        width = outputs;
        return new OnnxStep.Dense(inputs, outputs, weights, biases, node.Name);
    }

    private static void CheckWidth(OnnxNode node, int inputs, ref int width)
    {
        if (width != 0 && inputs != width)
        {
            throw new InvalidDataException($"{node.OpType} node '{node.Name}' takes {inputs} features; the data has {width}");
        }
    }

    /// <summary>Normalization, dense layers, output map: the chain mapped onto an <see cref="Mlp"/>.</summary>
    private static Mlp Assemble(List<OnnxStep> steps, int width)
    {
        steps = CollapseSoftplus(steps);
        var first = steps.FindIndex(s => s is OnnxStep.Dense);
        if (first < 0)
        {
            throw new InvalidDataException("the graph has no MatMul or Gemm; a dense network needs at least one layer");
        }

        var prefix = steps.Take(first).ToList();
        if (prefix.FirstOrDefault(s => s is not OnnxStep.Elementwise) is { } early)
        {
            throw new InvalidDataException($"node '{early.Node}' applies an activation before the first dense layer");
        }

        var layers = new List<DenseLayer>();
        var k = first;
        while (k < steps.Count && steps[k] is OnnxStep.Dense dense)
        {
            var biases = dense.Biases ?? new double[dense.Outputs];
            k++;
            if (k < steps.Count && steps[k] is OnnxStep.Elementwise { Operation: { Op: "Add" } add }
                && (dense.Biases is null || !steps.Skip(k + 1).All(s => s is OnnxStep.Elementwise)))
            {
                biases = biases.Zip(add.Values, (b, c) => b + c).ToArray();   // MatMul + Add: the add is the bias
                k++;
            }

            var activation = Activation.Linear;
            if (k < steps.Count && steps[k] is OnnxStep.Activate activate)
            {
                activation = activate.Function;
                k++;
            }

            layers.Add(new DenseLayer(dense.Inputs, dense.Outputs, dense.Weights, biases, activation));
            if (k < steps.Count && steps[k] is OnnxStep.Activate again)
            {
                throw new InvalidDataException($"node '{again.Node}' applies a second activation to one layer");
            }

            if (Next(steps, k) is { } gap && steps[gap] is OnnxStep.Dense && gap != k)
            {
                throw new InvalidDataException($"node '{steps[k].Node}' ({((OnnxStep.Elementwise)steps[k]).Operation.Op}) stands between two dense layers; only normalizations before the first and after the last are read");
            }
        }

        var suffix = steps.Skip(k).ToList();
        if (suffix.FirstOrDefault(s => s is not OnnxStep.Elementwise) is { } late)
        {
            throw new InvalidDataException($"node '{late.Node}' follows the output normalization; ntopo's networks end with it");
        }

        var input = InputNormalization(prefix.Cast<OnnxStep.Elementwise>().Select(e => e.Operation).ToList(), layers[0].InputCount);
        var (output, mode) = OutputNormalization(suffix.Cast<OnnxStep.Elementwise>().Select(e => e.Operation).ToList(), layers[^1].OutputCount);
        _ = width;
        return new Mlp(layers, input, output, mode);
    }

    /// <summary>Exp, Add(1), Log → Softplus; any other Exp or Log is refused.</summary>
    private static List<OnnxStep> CollapseSoftplus(List<OnnxStep> steps)
    {
        var result = new List<OnnxStep>();
        for (var k = 0; k < steps.Count; k++)
        {
            if (steps[k] is OnnxStep.Elementary { Op: "Exp" } && k + 2 < steps.Count
                && steps[k + 1] is OnnxStep.Elementwise { Operation: { Op: "Add" } one } && one.Values.All(v => v == 1)
                && steps[k + 2] is OnnxStep.Elementary { Op: "Log" } log)
            {
                result.Add(new OnnxStep.Activate(Activation.Softplus, log.Node));
                k += 2;
                continue;
            }

            if (steps[k] is OnnxStep.Elementary other)
            {
                throw new InvalidDataException($"operator {other.Op} (node '{other.Node}') is only read as part of softplus, Log(Exp(x) + 1)");
            }

            result.Add(steps[k]);
        }

        return result;
    }

    /// <summary>The index of the next dense layer at or after <paramref name="start"/> when only element-wise steps lie between, or null.</summary>
    private static int? Next(List<OnnxStep> steps, int start)
    {
        for (var k = start; k < steps.Count; k++)
        {
            if (steps[k] is OnnxStep.Dense)
            {
                return k;
            }

            if (steps[k] is not OnnxStep.Elementwise)
            {
                return null;
            }
        }

        return null;
    }

    private static Normalization? InputNormalization(List<OnnxElementwise> ops, int width)
    {
        switch (ops)
        {
            case []:
                return null;
            case [{ Op: "Sub", ConstantFirst: false } sub, { Op: "Div", ConstantFirst: false } div]:
                return new Normalization(sub.Values, div.Values);   // (x − μ)/σ: exact
            case [{ Op: "Sub", ConstantFirst: false } sub, { Op: "Mul" } mul]:
                return new Normalization(sub.Values, mul.Values.Select(c => 1 / c).ToArray());
            default:
                var (a, b) = Affine(ops, width);   // x̂ = a·x + b = (x − μ)/σ with σ = 1/a, μ = −b/a
                return new Normalization(b.Zip(a, (bk, ak) => -bk / ak).ToArray(), a.Select(ak => 1 / ak).ToArray());
        }
    }

    private static (Normalization? Map, OutputNormalizationMode Mode) OutputNormalization(List<OnnxElementwise> ops, int width)
    {
        switch (ops)
        {
            case []:
                return (null, OutputNormalizationMode.Denormalize);
            case [{ Op: "Mul" } mul, { Op: "Add" } add]:
                return (new Normalization(add.Values, mul.Values), OutputNormalizationMode.Denormalize);   // ŷ·σ + μ: exact
            case [{ Op: "Sub", ConstantFirst: false } sub, { Op: "Div", ConstantFirst: false } div]:
                return (new Normalization(sub.Values, div.Values), OutputNormalizationMode.Normalize);     // (ŷ − μ)/σ: exact
            case [{ Op: "Sub", ConstantFirst: false } sub, { Op: "Mul" } mul]:
                return (new Normalization(sub.Values, mul.Values.Select(c => 1 / c).ToArray()), OutputNormalizationMode.Normalize);
            case [{ Op: "Div", ConstantFirst: false } div]:
                return (new Normalization(new double[width], div.Values), OutputNormalizationMode.Normalize);
            default:
                var (a, b) = Affine(ops, width);   // y = a·ŷ + b
                return (new Normalization(b, a), OutputNormalizationMode.Denormalize);
        }
    }

    /// <summary>The per-feature map a·x + b of a sequence of element-wise operations; a must come out positive.</summary>
    private static (double[] A, double[] B) Affine(List<OnnxElementwise> ops, int width)
    {
        var (a, b) = (Enumerable.Repeat(1.0, width).ToArray(), new double[width]);
        foreach (var op in ops)
        {
            for (var k = 0; k < width; k++)
            {
                var c = op.Values[op.Values.Length == 1 ? 0 : k];
                (a[k], b[k]) = (op.Op, op.ConstantFirst) switch
                {
                    ("Add", _) => (a[k], b[k] + c),
                    ("Sub", false) => (a[k], b[k] - c),
                    ("Sub", true) => (-a[k], c - b[k]),
                    ("Mul", _) => (a[k] * c, b[k] * c),
                    ("Div", false) => (a[k] / c, b[k] / c),
                    _ => throw new InvalidDataException($"Div node '{op.Node}' divides a constant by the data; that is not an affine normalization"),
                };
            }
        }

        if (a.Any(v => !(v > 0) || !double.IsFinite(v)))
        {
            throw new InvalidDataException($"the element-wise operations ending at node '{ops[^1].Node}' scale a feature by a non-positive factor; a normalization scales by 1/σ > 0");
        }

        return (a, b);
    }

    private static string[]? Names(OnnxModel model, string key, int count)
    {
        if (!model.Metadata.TryGetValue(key, out var text))
        {
            return null;
        }

        try
        {
            var names = JsonSerializer.Deserialize<string[]>(text);
            return names is not null && names.Length == count ? names : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
}
