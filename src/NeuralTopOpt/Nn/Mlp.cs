using System.Buffers;
using System.Globalization;
using System.Runtime.Intrinsics;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Nn;

/// <summary>
/// A multilayer perceptron, Eq. (1)–(2) of the paper, with the two extra layers of Sec. 2:
/// <code>
///   x̂ = (x − μ_x)/σ_x,   y_0 = x̂,   y_n = F_n(W_n·y_(n−1) + B_n) (n = 1 … N_L + 1),   y = y_(N_L+1)·σ_y + μ_y.
/// </code>
/// The last step is de-normalization by default; a network imported from the paper's Keras script
/// (or trained by its protocol) normalizes instead, y = (y_(N_L+1) − μ_y)/σ_y
/// (<see cref="OutputNormalizationMode"/>).
/// Immutable; safe to share between threads. Batched arrays are row-major: inputs are
/// batch × <see cref="InputCount"/>, outputs batch × <see cref="OutputCount"/>.
/// </summary>
public sealed class Mlp
{
    private readonly DenseLayer[] _layers;

    /// <summary>
    /// Creates a network from its layers and optional normalizations (identity when null);
    /// <paramref name="outputMode"/> says whether the output statistics de-normalize (the default)
    /// or normalize the last layer's values.
    /// </summary>
    /// <exception cref="InvalidInputException">The layers do not chain or a normalization has the wrong size.</exception>
    public Mlp(IReadOnlyList<DenseLayer> layers, Normalization? inputNormalization = null, Normalization? outputNormalization = null, OutputNormalizationMode outputMode = OutputNormalizationMode.Denormalize)
    {
        if (!Enum.IsDefined(outputMode))
        {
            throw new ArgumentOutOfRangeException(nameof(outputMode), outputMode, null);
        }

        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count == 0)
        {
            throw new InvalidInputException("a network needs at least one layer");
        }

        for (var n = 1; n < layers.Count; n++)
        {
            if (layers[n].InputCount != layers[n - 1].OutputCount)
            {
                throw new InvalidInputException($"layer {n + 1} takes {layers[n].InputCount} inputs but layer {n} gives {layers[n - 1].OutputCount} outputs");
            }
        }

        _layers = layers.ToArray();
        InputCount = _layers[0].InputCount;
        OutputCount = _layers[^1].OutputCount;
        InputNormalization = inputNormalization ?? Normalization.Identity(InputCount);
        OutputNormalization = outputNormalization ?? Normalization.Identity(OutputCount);
        if (InputNormalization.Count != InputCount || OutputNormalization.Count != OutputCount)
        {
            throw new InvalidInputException($"the normalizations have {InputNormalization.Count} and {OutputNormalization.Count} features; the network has {InputCount} inputs and {OutputCount} outputs");
        }

        OutputMode = outputMode;
        MaxWidth = Math.Max(InputCount, _layers.Max(l => l.OutputCount));
    }

    /// <summary>Number of inputs (features).</summary>
    public int InputCount { get; }

    /// <summary>Number of outputs (targets).</summary>
    public int OutputCount { get; }

    /// <summary>The dense layers, hidden layers first, the output layer last.</summary>
    public IReadOnlyList<DenseLayer> Layers => _layers;

    /// <summary>The layers as an array (iterating it allocates nothing).</summary>
    internal DenseLayer[] LayerArray => _layers;

    /// <summary>μ_x, σ_x applied to the inputs.</summary>
    public Normalization InputNormalization { get; }

    /// <summary>μ_y, σ_y of the outputs, applied as <see cref="OutputMode"/> says.</summary>
    public Normalization OutputNormalization { get; }

    /// <summary>y = ŷ·σ_y + μ_y (<see cref="OutputNormalizationMode.Denormalize"/>, the default) or y = (ŷ − μ_y)/σ_y.</summary>
    public OutputNormalizationMode OutputMode { get; }

    /// <summary>∂y_o/∂ŷ_o: σ_o when de-normalizing, 1/σ_o when normalizing.</summary>
    internal ReadOnlySpan<double> OutputSlope => OutputMode == OutputNormalizationMode.Denormalize ? OutputNormalization.Std : OutputNormalization.InverseStd;

    /// <summary>The widest layer (or the input, if wider).</summary>
    public int MaxWidth { get; }

    /// <summary>The widths joined by dashes, e.g. <c>2-64-4</c>.</summary>
    public string Architecture => string.Join('-', new[] { InputCount }.Concat(_layers.Select(l => l.OutputCount)).Select(w => w.ToString(CultureInfo.InvariantCulture)));

    /// <summary>Number of trainable parameters (weights and biases).</summary>
    public int ParameterCount => _layers.Sum(l => (l.InputCount + 1) * l.OutputCount);

    /// <summary>True when every activation is holomorphic (see <see cref="Activations.IsHolomorphic"/>).</summary>
    public bool IsHolomorphic => _layers.All(l => l.Activation.IsHolomorphic());

    /// <summary>
    /// Evaluates a batch: <paramref name="outputs"/> (batch × outputs) = MLP(<paramref name="inputs"/>
    /// (batch × inputs)), four samples at a time in SIMD registers. Every sample goes through the same
    /// four-lane code whatever its position in the batch, so results do not depend on batching.
    /// Allocates nothing after warm-up (the workspace is pooled).
    /// </summary>
    /// <exception cref="InvalidInputException">An input is NaN or infinite.</exception>
    public void Predict(ReadOnlySpan<double> inputs, Span<double> outputs)
    {
        var batch = BatchSize(inputs, outputs.Length, OutputCount);
        var workspace = ArrayPool<Vector256<double>>.Shared.Rent(MlpForward.WorkspaceLength(this) + InputCount + OutputCount);
        try
        {
            MlpForward.Predict<Vector256<double>, RealX4Ops>(this, inputs, outputs[..(batch * OutputCount)], workspace);
        }
        finally
        {
            ArrayPool<Vector256<double>>.Shared.Return(workspace);
        }
    }

    /// <summary>Allocating form of <see cref="Predict(ReadOnlySpan{double}, Span{double})"/>.</summary>
    public double[] Predict(ReadOnlySpan<double> inputs)
    {
        var outputs = new double[BatchSize(inputs, -1, OutputCount) * OutputCount];
        Predict(inputs, outputs);
        return outputs;
    }

    /// <summary>
    /// The batch size of <paramref name="inputs"/>, checking that it is whole rows of finite numbers
    /// and that <paramref name="outputLength"/> (unless negative) equals batch × <paramref name="outputWidth"/>.
    /// </summary>
    /// <exception cref="InvalidInputException">The length is not a whole number of input rows, or a value is NaN or infinite.</exception>
    public int BatchSize(ReadOnlySpan<double> inputs, int outputLength, int outputWidth)
    {
        if (inputs.Length % InputCount != 0)
        {
            throw new InvalidInputException($"{inputs.Length} input values are not whole samples of {InputCount} inputs");
        }

        var batch = inputs.Length / InputCount;
        if (outputLength >= 0 && outputLength != batch * outputWidth)
        {
            throw new ArgumentException($"the output span holds {outputLength} values; {batch} samples need {batch * outputWidth}");
        }

        for (var k = 0; k < inputs.Length; k++)
        {
            if (!double.IsFinite(inputs[k]))
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                    $"input {k % InputCount + 1} of sample {k / InputCount + 1} is {inputs[k]}; inputs must be finite numbers"));
            }
        }

        return batch;
    }
}
