namespace NeuralTopOpt.Nn.Formats.Keras;

/// <summary>What a layer of a Keras Sequential model is, as far as a dense network needs it.</summary>
internal enum KerasLayerKind
{
    /// <summary><c>InputLayer</c>: the input width.</summary>
    Input,

    /// <summary><c>Normalization</c>: (x − mean)/max(√variance, ε), or its inverse when <c>invert</c>.</summary>
    Normalization,

    /// <summary><c>Dense</c>: F(x·kernel + bias), kernel stored inputs × outputs.</summary>
    Dense,

    /// <summary><c>Activation</c>: F(x) on its own.</summary>
    Activation,

    /// <summary><c>Dropout</c>: the identity at inference.</summary>
    Dropout,
}

/// <summary>
/// One layer of a Keras model configuration (the JSON that <c>keras_metadata.pb</c>,
/// <c>config.json</c> of a <c>.keras</c> file and the <c>model_config</c> attribute of an <c>.h5</c>
/// file hold).
/// </summary>
/// <param name="Kind">What the layer does.</param>
/// <param name="ClassName">Keras' class name.</param>
/// <param name="Name">The layer's name (it names its weights in <c>.h5</c> and <c>.keras</c> files).</param>
/// <param name="Units">Dense: output width; Input: input width; otherwise 0 (unknown).</param>
/// <param name="Activation">Dense and Activation: the activation; otherwise linear.</param>
/// <param name="UseBias">Dense: whether it has a bias.</param>
/// <param name="Invert">Normalization: true de-normalizes (x·σ + mean).</param>
/// <param name="Mean">Normalization: the mean given in the configuration (null when adapted, then it is a weight).</param>
/// <param name="Variance">Normalization: the variance given in the configuration (null when adapted).</param>
/// <param name="InputWidth">The input width the layer declares (<c>batch_input_shape</c>, <c>batch_shape</c>, <c>input_dim</c>, <c>build_config</c>), or 0.</param>
internal sealed record KerasLayer(
    KerasLayerKind Kind,
    string ClassName,
    string Name,
    int Units = 0,
    Activation Activation = Activation.Linear,
    bool UseBias = true,
    bool Invert = false,
    double[]? Mean = null,
    double[]? Variance = null,
    int InputWidth = 0)
{
    /// <summary>True when the layer owns variables in the checkpoint (Dense; Normalization when adapted).</summary>
    public bool HasWeights => Kind == KerasLayerKind.Dense || (Kind == KerasLayerKind.Normalization && Mean is null);
}
