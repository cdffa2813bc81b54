using System.Text.Json;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Nn.Formats.Onnx;

/// <summary>
/// Writes an ntopo model as an ONNX model (opset 13, IR version 7), every tensor float64:
/// <code>
///   input [batch, n] → Sub(μ_x) → Div(σ_x) → (Gemm(W, B, transB = 1) → F)… → Mul(σ_y) → Add(μ_y) → output [batch, m]
/// </code>
/// with the output map Sub(μ_y) → Div(σ_y) for a network that normalizes its outputs; SiLU is
/// x·Sigmoid(x) (opset 13 has no SiLU operator) and softplus Log(Exp(x) + 1), because ONNX Runtime
/// implements its Softplus operator for float32 only (that form overflows for x above about 709,
/// where ntopo's own softplus, max(x, 0) + log(1 + e^−|x|), does not). W is stored as ntopo keeps it (outputs × inputs),
/// so <see cref="ModelImporter"/> reads the file back to the same weights, statistics and mode
/// (and the names, kept in the metadata <c>ntopo.inputs</c>/<c>ntopo.outputs</c>).
/// </summary>
public static class OnnxExporter
{
    /// <summary>The ONNX operator set of the files written.</summary>
    public const int Opset = 13;

    /// <summary>The ONNX IR version of opset 13.</summary>
    public const int IrVersion = 7;

    /// <summary>The ONNX model's bytes.</summary>
    public static byte[] ToBytes(NetworkModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var network = model.Network;
        var writer = new OnnxWriter();
        var (n, m) = (network.InputCount, network.OutputCount);
        var h = writer.Node("Sub", ["input", writer.Constant("input_mean", [n], network.InputNormalization.Mean)]);
        h = writer.Node("Div", [h, writer.Constant("input_std", [n], network.InputNormalization.Std)]);
        for (var k = 0; k < network.Layers.Count; k++)
        {
            var layer = network.Layers[k];
            var w = writer.Constant($"layer{k}_weights", [layer.OutputCount, layer.InputCount], layer.Weights);
            var b = writer.Constant($"layer{k}_biases", [layer.OutputCount], layer.Biases);
            h = writer.Node("Gemm", [h, w, b], new Dictionary<string, long> { ["transB"] = 1 });
            h = layer.Activation switch
            {
                Activation.Linear => h,
                Activation.Sigmoid => writer.Node("Sigmoid", [h]),
                Activation.Tanh => writer.Node("Tanh", [h]),
                Activation.Relu => writer.Node("Relu", [h]),
                Activation.Softplus => writer.Node("Log", [writer.Node("Add", [writer.Node("Exp", [h]), writer.Constant($"layer{k}_one", [], [1.0])])]),
                Activation.Silu => writer.Node("Mul", [h, writer.Node("Sigmoid", [h])]),
                _ => throw new ArgumentOutOfRangeException(nameof(model), layer.Activation, "unknown activation"),
            };
        }

        var mean = writer.Constant("output_mean", [m], network.OutputNormalization.Mean);
        var std = writer.Constant("output_std", [m], network.OutputNormalization.Std);
        if (network.OutputMode == OutputNormalizationMode.Normalize)
        {
            writer.Node("Div", [writer.Node("Sub", [h, mean]), std], output: "output");
        }
        else
        {
            writer.Node("Add", [writer.Node("Mul", [h, std]), mean], output: "output");
        }

        var metadata = new Dictionary<string, string>
        {
            ["ntopo.architecture"] = network.Architecture,
            ["ntopo.inputs"] = JsonSerializer.Serialize(model.InputNames),
            ["ntopo.outputs"] = JsonSerializer.Serialize(model.OutputNames),
        };
        var version = typeof(OnnxExporter).Assembly.GetName().Version?.ToString(3) ?? "";
        return writer.Model(IrVersion, Opset, "ntopo", version, "ntopo-mlp", ("input", n), ("output", m), metadata);
    }

    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> atomically.</summary>
    public static void Save(NetworkModel model, string path) => AtomicFile.WriteAllBytes(path, ToBytes(model));
}
