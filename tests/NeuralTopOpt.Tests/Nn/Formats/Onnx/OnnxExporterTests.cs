using System.Globalization;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Formats;
using NeuralTopOpt.Nn.Formats.Onnx;
using NeuralTopOpt.Nn.Numbers;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Nn.Formats.Onnx;

/// <summary>
/// ONNX export checked by ONNX Runtime (an independent evaluator) on seeded random architectures,
/// and read back by the importer to the same model.
/// </summary>
public sealed class OnnxExporterTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Onnx_runtime_predicts_what_we_predict_on_random_architectures()
    {
        var (worst, plain) = (0.0, 0.0);
        var activations = new HashSet<Activation>();
        var modes = new HashSet<OutputNormalizationMode>();
        for (var seed = 1; seed <= 24; seed++)
        {
            var network = RandomNetworks.Create(seed, allowRelu: true);
            var inputs = RandomNetworks.Inputs(network, 10_000, seed + 100);
            var ours = network.Predict(inputs);

            var theirs = OnnxRuntimeOracle.Run(OnnxExporter.ToBytes(new NetworkModel(network)), inputs, network.InputCount);

            var error = WorstRelativeError(network, inputs, ours, theirs);
            worst = Math.Max(worst, error);
            plain = Math.Max(plain, ours.Zip(theirs, (a, b) => Math.Abs(a - b) / Math.Abs(a)).Max());
            activations.UnionWith(network.Layers.Select(l => l.Activation));
            modes.Add(network.OutputMode);
            Assert.True(error <= 1e-12, $"seed {seed} ({network.Architecture}, {string.Join('/', network.Layers.Select(l => l.Activation.Name()))}, outputs {network.OutputMode.Name()}): {error:E3}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"largest relative difference over 24 networks × 10⁴ inputs: {worst:E3} (|a − b|/|a| without the rounding scale: {plain:E3})"));
        Assert.Equal(Enum.GetValues<Activation>().Length, activations.Count);   // every activation and both output maps were exported
        Assert.Equal(2, modes.Count);
    }

    [Fact]
    public void The_paper_networks_export_to_what_onnx_runtime_evaluates_alike()
    {
        foreach (var model in new[] { PaperNetworks.Dbto, PaperNetworks.Hbto })
        {
            var inputs = RandomNetworks.Inputs(model.Network, 10_000, 3).Select(v => Math.Clamp(v, 0, 1)).ToArray();

            var theirs = OnnxRuntimeOracle.Run(OnnxExporter.ToBytes(model), inputs, model.Network.InputCount);

            var error = WorstRelativeError(model.Network, inputs, model.Network.Predict(inputs), theirs);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{model.Network.Architecture}: {error:E3}"));
            Assert.True(error <= 1e-12, $"{model.Network.Architecture}: {error:E3}");
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(9)]
    [InlineData(16)]
    public void Export_then_import_gives_the_same_model(int seed)
    {
        var network = RandomNetworks.Create(seed, allowRelu: true);
        var model = new NetworkModel(network, Enumerable.Range(0, network.InputCount).Select(i => $"in-{i}").ToArray());
        var path = Path.Combine(_folder, "net.onnx");

        OnnxExporter.Save(model, path);
        var back = ModelImporter.Import(path);

        AssertSameNetwork(network, back.Network);
        Assert.Equal(model.InputNames, back.InputNames);
        Assert.Equal(model.OutputNames, back.OutputNames);
        Assert.Equal("onnx", back.Source!.Format);
        Assert.Equal("net.onnx", back.Source.File);
        Assert.Equal(FileDigest.OfFile(path), back.Source.Sha256);
        Assert.StartsWith("ntopo ", back.Source.Producer, StringComparison.Ordinal);
    }

    [Fact]
    public void The_paper_networks_survive_the_round_trip_with_their_normalizing_output()
    {
        var path = Path.Combine(_folder, "hbto.onnx");

        OnnxExporter.Save(PaperNetworks.Hbto, path);
        var back = ModelImporter.Import(path);

        AssertSameNetwork(PaperNetworks.Hbto.Network, back.Network);
        Assert.Equal(OutputNormalizationMode.Normalize, back.Network.OutputMode);
        Assert.Equal(PaperNetworks.HbtoOutputs, back.OutputNames);
    }

    internal static void AssertSameNetwork(Mlp expected, Mlp actual)
    {
        Assert.Equal(expected.Architecture, actual.Architecture);
        for (var k = 0; k < expected.Layers.Count; k++)
        {
            Assert.Equal(expected.Layers[k].Activation, actual.Layers[k].Activation);
            Assert.Equal(expected.Layers[k].Weights.ToArray(), actual.Layers[k].Weights.ToArray());
            Assert.Equal(expected.Layers[k].Biases.ToArray(), actual.Layers[k].Biases.ToArray());
        }

        Assert.Equal(expected.InputNormalization.Mean.ToArray(), actual.InputNormalization.Mean.ToArray());
        Assert.Equal(expected.InputNormalization.Std.ToArray(), actual.InputNormalization.Std.ToArray());
        Assert.Equal(expected.OutputNormalization.Mean.ToArray(), actual.OutputNormalization.Mean.ToArray());
        Assert.Equal(expected.OutputNormalization.Std.ToArray(), actual.OutputNormalization.Std.ToArray());
        Assert.Equal(expected.OutputMode, actual.OutputMode);
    }

    /// <summary>
    /// max |a − b| / max(|a|, s) over entries, s the scale at which the last operations round: with z the
    /// last layer's sum, s_z = |b| + Σ|W·h|, and y = F(z) mapped by the output statistics,
    /// s = (|F'(z)|·s_z + |F(z)|)·σ + |μ| (de-normalizing) or (|F'(z)|·s_z + |F(z)| + |μ|)/σ (normalizing).
    /// An output that cancels to almost nothing (E(θ) ≈ 1e-9 from ŷ ≈ μ) is measured on the size of what cancelled.
    /// </summary>
    internal static double WorstRelativeError(Mlp network, double[] inputs, double[] ours, double[] theirs)
    {
        Assert.Equal(ours.Length, theirs.Length);
        var (n, m) = (network.InputCount, network.OutputCount);
        var worst = 0.0;
        for (var b = 0; b < inputs.Length / n; b++)
        {
            var h = Enumerable.Range(0, n).Select(i => (inputs[(b * n) + i] - network.InputNormalization.Mean[i]) / network.InputNormalization.Std[i]).ToArray();
            for (var k = 0; k < network.Layers.Count; k++)
            {
                var layer = network.Layers[k];
                var next = new double[layer.OutputCount];
                for (var j = 0; j < layer.OutputCount; j++)
                {
                    var (z, size) = (layer.Biases[j], Math.Abs(layer.Biases[j]));
                    for (var i = 0; i < layer.InputCount; i++)
                    {
                        z += layer.Weight(j, i) * h[i];
                        size += Math.Abs(layer.Weight(j, i) * h[i]);
                    }

                    next[j] = ActivationFunctions.Evaluate<double, RealOps>(layer.Activation, z, out var slope);
                    if (k == network.Layers.Count - 1)
                    {
                        var (mean, std) = (Math.Abs(network.OutputNormalization.Mean[j]), network.OutputNormalization.Std[j]);
                        var scale = (Math.Abs(slope) * size) + Math.Abs(next[j]);
                        scale = network.OutputMode == OutputNormalizationMode.Normalize ? (scale + mean) / std : (scale * std) + mean;
                        var a = ours[(b * m) + j];
                        worst = Math.Max(worst, Math.Abs(a - theirs[(b * m) + j]) / Math.Max(Math.Abs(a), scale));
                    }
                }

                h = next;
            }
        }

        return worst;
    }
}
