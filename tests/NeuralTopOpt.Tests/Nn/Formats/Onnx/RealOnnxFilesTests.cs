using System.Globalization;
using NeuralTopOpt.Nn.Formats;
using NeuralTopOpt.Nn.Formats.Onnx;
using NeuralTopOpt.Tests.Architecture;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Nn.Formats.Onnx;

/// <summary>
/// ONNX files written by PyTorch's exporter (tests/…/Nn/Formats/Files, see its README for provenance),
/// imported and checked against the output PyTorch computed for them and against ONNX Runtime.
/// </summary>
public class RealOnnxFilesTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("onnx-pytorch-linear", false)]          // ONNX Runtime 1.31 has no kernel for opset 6's Gemm any more
    [InlineData("onnx-pytorch-linear-no-bias", true)]
    public void Pytorch_exports_predict_what_pytorch_computed(string folder, bool onnxRuntime)
    {
        var directory = FilesPath(folder);
        var path = Path.Combine(directory, "model.onnx");
        var model = ModelImporter.Import(path);
        var input = OnnxProto.ParseTensor(File.ReadAllBytes(Path.Combine(directory, "input_0.pb")));
        var expected = OnnxProto.ParseTensor(File.ReadAllBytes(Path.Combine(directory, "output_0.pb")));

        var ours = model.Network.Predict(input.Reals!);
        var runtime = onnxRuntime ? OnnxRuntimeOracle.Run(File.ReadAllBytes(path), input.Reals!, model.Network.InputCount, float32: true) : ours;

        Assert.Equal("10-8", model.Network.Architecture);
        Assert.Equal("pytorch 0.3", model.Source!.Producer);
        Assert.Equal(expected.Reals!.Length, ours.Length);
        var scale = expected.Reals.Max(Math.Abs);
        var pytorch = ours.Zip(expected.Reals, (a, b) => Math.Abs(a - b)).Max() / scale;
        var againstRuntime = ours.Zip(runtime, (a, b) => Math.Abs(a - b)).Max() / scale;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{folder}: max |ours − PyTorch| / max |y| = {pytorch:E2}, against ONNX Runtime (float32) {againstRuntime:E2}"));
        Assert.True(pytorch < 1e-6, $"against PyTorch: {pytorch:E3}");          // float32 evaluation against our float64 one
        Assert.True(againstRuntime < 1e-6, $"against ONNX Runtime: {againstRuntime:E3}");
    }

    internal static string FilesPath(string folder) =>
        Path.Combine(LayeringTests.RepositoryRoot(), "tests", "NeuralTopOpt.Tests", "Nn", "Formats", "Files", folder);
}
