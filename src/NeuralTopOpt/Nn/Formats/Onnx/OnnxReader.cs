namespace NeuralTopOpt.Nn.Formats.Onnx;

/// <summary>Imports ONNX files (work in progress).</summary>
internal static class OnnxReader
{
    public static (Mlp Network, ModelSourceDetails Details) Read(string path) =>
        throw new MalformedFileException(path, "ONNX import is not implemented yet");
}
