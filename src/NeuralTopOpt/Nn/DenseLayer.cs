namespace NeuralTopOpt.Nn;

/// <summary>
/// One fully connected layer of Eq. (1): y_n = F_n(W_n·y_(n−1) + B_n), with W_n stored
/// outputs × inputs, row-major (W[j, i], linking input i to output j, at <c>j·inputs + i</c>).
/// Appendix B and Keras print the transpose (y·W, inputs × outputs); see
/// <see cref="FromRowVectorConvention"/>.
/// </summary>
public sealed class DenseLayer
{
    private readonly double[] _weights;
    private readonly double[] _biases;

    /// <summary>Creates a layer from copies of <paramref name="weights"/> (outputs × inputs) and <paramref name="biases"/>.</summary>
    /// <exception cref="InvalidInputException">A size is not positive, or a weight or bias is not finite.</exception>
    public DenseLayer(int inputCount, int outputCount, ReadOnlySpan<double> weights, ReadOnlySpan<double> biases, Activation activation)
    {
        if (inputCount < 1 || outputCount < 1)
        {
            throw new InvalidInputException($"a layer needs at least one input and one output, not {inputCount} → {outputCount}");
        }

        if (weights.Length != inputCount * outputCount || biases.Length != outputCount)
        {
            throw new ArgumentException($"a {inputCount} → {outputCount} layer needs {inputCount * outputCount} weights and {outputCount} biases, not {weights.Length} and {biases.Length}");
        }

        RequireFinite(weights, "weight");
        RequireFinite(biases, "bias");
        InputCount = inputCount;
        OutputCount = outputCount;
        Activation = activation;
        _weights = weights.ToArray();
        _biases = biases.ToArray();
    }

    private DenseLayer(int inputCount, int outputCount, double[] weights, double[] biases, Activation activation)
    {
        InputCount = inputCount;
        OutputCount = outputCount;
        Activation = activation;
        _weights = weights;
        _biases = biases;
    }

    /// <summary>Number of inputs, the width of y_(n−1).</summary>
    public int InputCount { get; }

    /// <summary>Number of outputs (neurons), the width of y_n.</summary>
    public int OutputCount { get; }

    /// <summary>F_n.</summary>
    public Activation Activation { get; }

    /// <summary>W_n, outputs × inputs, row-major.</summary>
    public ReadOnlySpan<double> Weights => _weights;

    /// <summary>B_n, one per output.</summary>
    public ReadOnlySpan<double> Biases => _biases;

    internal double[] WeightArray => _weights;

    internal double[] BiasArray => _biases;

    /// <summary>W[j, i]: the weight from input <paramref name="input"/> to output <paramref name="output"/>.</summary>
    public double Weight(int output, int input) => _weights[(output * InputCount) + input];

    /// <summary>A layer over <paramref name="weights"/> and <paramref name="biases"/> themselves, not copies: a trainer updates them in place.</summary>
    internal static DenseLayer Wrap(int inputCount, int outputCount, double[] weights, double[] biases, Activation activation) =>
        new(inputCount, outputCount, weights, biases, activation);

    /// <summary>
    /// A layer given in the row-vector convention of Appendix B and Keras, y_n = F(y_(n−1)·W + B),
    /// where <paramref name="weights"/>[i, j] links input i to output j.
    /// </summary>
    public static DenseLayer FromRowVectorConvention(double[,] weights, IReadOnlyList<double> biases, Activation activation)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(biases);
        var inputs = weights.GetLength(0);
        var outputs = weights.GetLength(1);
        var transposed = new double[inputs * outputs];
        for (var i = 0; i < inputs; i++)
        {
            for (var j = 0; j < outputs; j++)
            {
                transposed[(j * inputs) + i] = weights[i, j];
            }
        }

        return new DenseLayer(inputs, outputs, transposed.AsSpan(), biases.ToArray().AsSpan(), activation);   // the validating, copying constructor
    }

    private static void RequireFinite(ReadOnlySpan<double> values, string what)
    {
        for (var k = 0; k < values.Length; k++)
        {
            if (!double.IsFinite(values[k]))
            {
                throw new InvalidInputException($"{what} {k} of a layer is {values[k]}; every {what} must be finite");
            }
        }
    }
}
