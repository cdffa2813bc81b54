namespace NeuralTopOpt.Nn;

/// <summary>
/// How the last layer of an <see cref="Mlp"/> maps the output ŷ of its last dense layer to the
/// network's outputs y with the output statistics μ_y, σ_y (Keras' <c>Normalization</c> layer and
/// its <c>invert</c> flag).
/// </summary>
public enum OutputNormalizationMode
{
    /// <summary>
    /// De-normalization, y = ŷ·σ_y + μ_y (Keras <c>Normalization(invert=True)</c>): the dense layers
    /// learn normalized targets. What <c>ntopo train</c> builds.
    /// </summary>
    Denormalize,

    /// <summary>
    /// Normalization, y = (ŷ − μ_y)/σ_y (Keras <c>Normalization(invert=False)</c>): the layer the
    /// paper's training script puts last, so that the dense layers emit σ_y·y + μ_y and the loss is
    /// taken on raw targets. Evaluated as (ŷ − μ_y)·(1/σ_y).
    /// </summary>
    Normalize,
}

/// <summary>Names of <see cref="OutputNormalizationMode"/> values in model files.</summary>
public static class OutputNormalizationModes
{
    /// <summary><c>denormalize</c> or <c>normalize</c>.</summary>
    public static string Name(this OutputNormalizationMode mode) => mode switch
    {
        OutputNormalizationMode.Denormalize => "denormalize",
        OutputNormalizationMode.Normalize => "normalize",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    /// <summary>The mode called <paramref name="name"/>, or null when there is none.</summary>
    public static OutputNormalizationMode? TryParse(string name) => name switch
    {
        "denormalize" => OutputNormalizationMode.Denormalize,
        "normalize" => OutputNormalizationMode.Normalize,
        _ => null,
    };
}
