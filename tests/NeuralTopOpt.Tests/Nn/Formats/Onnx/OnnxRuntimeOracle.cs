using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace NeuralTopOpt.Tests.Nn.Formats.Onnx;

/// <summary>ONNX Runtime as the independent evaluator of ONNX files: one batch through a session.</summary>
internal static class OnnxRuntimeOracle
{
    /// <summary>Runs the model in <paramref name="onnx"/> on <paramref name="inputs"/> (batch × width) and returns its only output, row-major, as doubles.</summary>
    public static double[] Run(byte[] onnx, double[] inputs, int width, bool float32 = false)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        using var session = new InferenceSession(onnx, options);
        var name = session.InputMetadata.Keys.Single();
        var batch = inputs.Length / width;
        NamedOnnxValue value = float32
            ? NamedOnnxValue.CreateFromTensor(name, new DenseTensor<float>(inputs.Select(v => (float)v).ToArray(), [batch, width]))
            : NamedOnnxValue.CreateFromTensor(name, new DenseTensor<double>(inputs, [batch, width]));
        using var results = session.Run([value]);
        var output = results.Single();
        return float32 ? output.AsEnumerable<float>().Select(v => (double)v).ToArray() : output.AsEnumerable<double>().ToArray();
    }
}
