namespace NeuralTopOpt.Nn.Formats;

/// <summary>The network file formats ntopo imports (and, for ONNX, exports).</summary>
public enum ModelFormat
{
    /// <summary>A Keras 2 model saved as a TensorFlow SavedModel directory (<c>keras_metadata.pb</c> + <c>variables/</c>).</summary>
    TensorFlowSavedModel,

    /// <summary>An ONNX model (<c>.onnx</c>), e.g. from <c>torch.onnx.export</c> or tf2onnx.</summary>
    Onnx,

    /// <summary>A Keras 3 <c>.keras</c> archive (zip of <c>config.json</c> and <c>model.weights.h5</c>).</summary>
    Keras,

    /// <summary>A legacy Keras HDF5 model file (<c>.h5</c>).</summary>
    KerasH5,
}

/// <summary>Names of <see cref="ModelFormat"/> values, as model files record them.</summary>
public static class ModelFormats
{
    /// <summary><c>tensorflow-savedmodel</c>, <c>onnx</c>, <c>keras</c> or <c>keras-h5</c>.</summary>
    public static string Name(this ModelFormat format) => format switch
    {
        ModelFormat.TensorFlowSavedModel => "tensorflow-savedmodel",
        ModelFormat.Onnx => "onnx",
        ModelFormat.Keras => "keras",
        ModelFormat.KerasH5 => "keras-h5",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };
}
