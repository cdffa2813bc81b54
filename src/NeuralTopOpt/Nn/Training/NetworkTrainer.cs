using NeuralTopOpt.AutoDiff;
using NeuralTopOpt.Nn.Data;

namespace NeuralTopOpt.Nn.Training;

/// <summary>
/// Trains one network, epoch by epoch, by mini-batch Adam on the mean squared error. The gradient
/// of each batch loss comes from the reverse-mode tape (<see cref="MlpGraph"/>), the same engine
/// as the <c>ad</c> derivative method. Everything random comes from the seed: the Glorot-uniform
/// weights (biases start at zero) and the reshuffling of the training set before every epoch.
/// Runs on the calling thread; the same seed, data and build give the same bits.
/// </summary>
public sealed class NetworkTrainer
{
    private readonly TrainingOptions _options;
    private readonly Dataset _validation;
    private readonly Mlp _network;
    private readonly double[] _inputs;
    private readonly double[] _targets;
    private readonly int[] _order;
    private readonly Random _shuffle;
    private readonly Adam _adam;
    private readonly Tape _tape = new();
    private readonly double[] _batchInputs;
    private readonly double[] _batchTargets;
    private readonly Variable[] _weights;
    private readonly Variable[] _biases;
    private readonly double[] _predictions;
    private readonly double[]? _outputMean;
    private readonly double[]? _outputInverseStd;

    /// <summary>Initializes a network for <paramref name="train"/>, monitored on <paramref name="validation"/>.</summary>
    public NetworkTrainer(Dataset train, Dataset validation, TrainingOptions options, int seed)
        : this(train, validation, options, seed, null)
    {
    }

    /// <summary>
    /// Initializes a network with given normalizations and output mode (the paper's protocol adapts
    /// them on training and validation rows together and normalizes the outputs, Keras' invert=False,
    /// so that the loss is taken on raw targets through the output layer).
    /// </summary>
    internal NetworkTrainer(Dataset train, Dataset validation, TrainingOptions options, int seed, (Normalization Input, Normalization Output, OutputNormalizationMode Mode)? normalizations)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _validation = validation;
        var (n, m) = (train.InputCount, train.OutputCount);
        options.CheckSize(n, m, train.Count + validation.Count);
        if (Normalization.ConstantFeatures(train.Inputs, n) is [var constant, ..])
        {
            // With normalization it would get std 1 silently; either way it carries no information.
            throw new InvalidInputException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"input '{train.InputNames[constant]}' is constant in the training data (every value {train.Inputs[constant]:R}): it carries no information and cannot be normalized; leave it out of the inputs"));
        }

        var inputNormalization = normalizations?.Input ?? (options.NormalizeInputs ? Normalization.Adapt(train.Inputs, n) : Normalization.Identity(n));
        var outputNormalization = normalizations?.Output ?? (options.NormalizeOutputs ? Normalization.Adapt(train.Targets, m) : Normalization.Identity(m));
        var mode = normalizations?.Mode ?? OutputNormalizationMode.Denormalize;
        _inputs = train.Inputs.ToArray();
        _targets = train.Targets.ToArray();
        inputNormalization.Normalize(_inputs);
        if (mode == OutputNormalizationMode.Denormalize)
        {
            outputNormalization.Normalize(_targets);   // loss on normalized targets, outputs de-normalized after training
        }
        else
        {
            // Loss on raw targets through y = (ŷ − μ)·(1/σ): the output layer is part of the graph.
            _outputMean = outputNormalization.MeanArray;
            _outputInverseStd = outputNormalization.InverseStdArray;
        }

        var widths = new[] { n }.Concat(options.HiddenLayers).Append(m).ToArray();
        var initial = MlpInitializer.GlorotUniform(widths, options.HiddenActivation, options.OutputActivation, new Random(Seeds.Derive(seed, 1)), inputNormalization, outputNormalization);
        _network = mode == OutputNormalizationMode.Denormalize ? initial : new Mlp(initial.LayerArray, inputNormalization, outputNormalization, mode);
        var layers = _network.LayerArray;
        _adam = new Adam(layers.SelectMany(l => new[] { l.WeightArray, l.BiasArray }).ToArray(), options.LearningRate, options.Beta1, options.Beta2, options.Epsilon);
        _shuffle = new Random(Seeds.Derive(seed, 2));
        _order = Enumerable.Range(0, train.Count).ToArray();
        _batchInputs = new double[options.BatchSize * n];
        _batchTargets = new double[options.BatchSize * m];
        _weights = new Variable[layers.Length];
        _biases = new Variable[layers.Length];
        _predictions = new double[validation.Count * m];
    }

    /// <summary>Epochs run so far.</summary>
    public int EpochsRun { get; private set; }

    /// <summary>The network being trained (its weights change with every epoch; see <see cref="Snapshot"/>).</summary>
    public Mlp Network => _network;

    /// <summary>Reshuffles the training set and takes one Adam step per mini-batch; returns the epoch's mean batch loss (normalized units).</summary>
    public double RunEpoch()
    {
        var count = _order.Length;
        var batch = _options.BatchSize;
        var (n, m) = (_network.InputCount, _network.OutputCount);
        _shuffle.Shuffle(_order);
        var total = 0.0;
        for (var start = 0; start < count; start += batch)
        {
            var size = Math.Min(batch, count - start);
            for (var r = 0; r < size; r++)
            {
                var sample = _order[start + r];
                _inputs.AsSpan(sample * n, n).CopyTo(_batchInputs.AsSpan(r * n));
                _targets.AsSpan(sample * m, m).CopyTo(_batchTargets.AsSpan(r * m));
            }

            total += Step(size) * size;
        }

        EpochsRun++;
        return total / count;
    }

    /// <summary>
    /// Mean squared error on the validation set in normalized units, mean of ((ŷ − y)/σ_y)², or in raw
    /// units, mean of (ŷ − y)², for a network that normalizes its outputs (the loss it is trained on).
    /// </summary>
    public double ValidationLoss()
    {
        if (_validation.Count == 0)
        {
            return double.NaN;
        }

        _network.Predict(_validation.Inputs, _predictions);
        var targets = _validation.Targets;
        if (_network.OutputMode == OutputNormalizationMode.Normalize)
        {
            return Metrics.MeanSquaredError(_predictions, targets);
        }

        var std = _network.OutputNormalization.Std;
        var m = _network.OutputCount;
        var sum = 0.0;
        for (var k = 0; k < _predictions.Length; k++)
        {
            var error = (_predictions[k] - targets[k]) / std[k % m];
            sum += error * error;
        }

        return sum / _predictions.Length;
    }

    /// <summary>A copy of the network as it is now.</summary>
    public Mlp Snapshot() => new(
        _network.Layers.Select(l => new DenseLayer(l.InputCount, l.OutputCount, l.Weights, l.Biases, l.Activation)).ToArray(),
        _network.InputNormalization,
        _network.OutputNormalization,
        _network.OutputMode);

    /// <summary>One Adam step on the first <paramref name="size"/> rows of the batch buffers; returns the batch loss.</summary>
    private double Step(int size)
    {
        var (n, m) = (_network.InputCount, _network.OutputCount);
        _tape.Reset();
        var h = _tape.Wrap(_batchInputs, size, n, requiresGradient: false);
        var target = _tape.Wrap(_batchTargets, size, m, requiresGradient: false);
        var layers = _network.LayerArray;
        for (var k = 0; k < layers.Length; k++)
        {
            h = MlpGraph.Layer(_tape, h, layers[k], trainable: true, out _weights[k], out _biases[k]);
        }

        if (_outputMean is { } mean && _outputInverseStd is { } inverseStd)
        {
            h = (h - _tape.Wrap(mean, 1, m, false)) * _tape.Wrap(inverseStd, 1, m, false);   // y = (ŷ − μ)·(1/σ), Keras invert=False
        }

        var loss = (h - target).Square().Mean();   // (1/(b·m)) Σ (ŷ − y)²
        _tape.Backward(loss);
        var alpha = _adam.BeginStep();
        for (var k = 0; k < layers.Length; k++)
        {
            _adam.Update(2 * k, _weights[k].Gradient, alpha);
            _adam.Update((2 * k) + 1, _biases[k].Gradient, alpha);
        }

        return loss.Scalar;
    }
}
