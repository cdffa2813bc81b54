using System.Diagnostics;
using System.Globalization;
using NeuralTopOpt.Nn.Data;

namespace NeuralTopOpt.Nn.Training;

/// <summary>
/// The paper's training protocol (<see cref="TrainingProtocol.Paper"/>), as its Keras 2.12 script runs it:
/// <list type="number">
/// <item>rows in file order: N_fit = round(0.85·N) (NumPy's round half to even) for fitting, the rest for
/// the test; Keras' <c>validation_split = 0.15/0.85</c> keeps the first ⌊N_fit·(1 − 0.15/0.85)⌋ rows
/// of those for training and the last for validation, before any shuffling;</item>
/// <item>input and output <c>Normalization</c> adapted on all N_fit rows: population mean and variance,
/// σ = max(√variance, 10⁻⁷); the output layer normalizes (y = (ŷ − μ)/σ, invert=False), so the
/// dense layers learn σy + μ and the loss is the MSE on raw targets;</item>
/// <item>Glorot-uniform weights, zero biases, Adam (α = 0.001, β = 0.9, 0.999, ε = 10⁻⁷), batches of 32
/// reshuffled every epoch, float64;</item>
/// <item>early stopping, when a patience p is given, as Keras' <c>EarlyStopping(monitor='loss',
/// patience=p)</c>: after each epoch the epoch's mean training loss either improves on the best
/// (strictly lower) and resets the wait, or raises the wait by one; training stops when the wait
/// reaches p; the last weights are kept (no restore).</item>
/// </list>
/// The published script defines <c>EarlyStopping(monitor='mse', patience=5)</c> but never passes it
/// to <c>fit</c>: its checkpoints record 1,095,000 Adam steps, 5,000 epochs × 219 batches of the 7,000
/// training rows. <see cref="TrainingOptions.Paper"/> therefore trains every epoch unless a patience is asked for.
/// </summary>
public static class PaperProtocol
{
    /// <summary>The fraction of rows (in file order) for training and validation.</summary>
    public const double FitFraction = 0.85;

    /// <summary>Keras' <c>validation_split</c> of those rows, 0.15/0.85.</summary>
    public const double ValidationSplit = 0.15 / 0.85;

    /// <summary>Keras' <c>backend.epsilon()</c>, the floor of a Normalization layer's σ.</summary>
    public const double Epsilon = 1e-7;

    /// <summary>The split of <paramref name="count"/> rows: training rows [0, Train), validation [Train, Train + Validation), test the rest.</summary>
    public static (int Train, int Validation, int Test) SplitSizes(int count)
    {
        var fit = (int)Math.Round(count * FitFraction, MidpointRounding.ToEven);
        var train = (int)Math.Floor(fit * (1.0 - ValidationSplit));
        return (train, fit - train, count - fit);
    }

    /// <summary>Trains a network on <paramref name="data"/> by the paper's protocol (<paramref name="options"/> with <see cref="TrainingProtocol.Paper"/>).</summary>
    /// <exception cref="InvalidInputException">The options are invalid, a part of the split would be empty, or training diverges.</exception>
    public static TrainingResult Train(Dataset data, TrainingOptions options, IProgress<TrainingProgress>? progress = null, string? dataDescription = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var (trainCount, validationCount, testCount) = SplitSizes(data.Count);
        if (trainCount < 1 || validationCount < 1 || testCount < 1)
        {
            throw new InvalidInputException($"{data.Count} samples split by the paper's protocol leave {trainCount} for training, {validationCount} for validation and {testCount} for testing; each needs at least one");
        }

        var fit = data.Subset(Enumerable.Range(0, trainCount + validationCount).ToArray());
        var train = data.Subset(Enumerable.Range(0, trainCount).ToArray());
        var validation = data.Subset(Enumerable.Range(trainCount, validationCount).ToArray());
        var test = data.Subset(Enumerable.Range(trainCount + validationCount, testCount).ToArray());
        var normalizations = (Adapt(fit.Inputs, fit.InputCount), Adapt(fit.Targets, fit.OutputCount), OutputNormalizationMode.Normalize);

        var clock = Stopwatch.StartNew();
        var trainer = new NetworkTrainer(train, validation, options, Seeds.Derive(options.Seed, 1), normalizations);
        var history = new List<EpochLoss>(options.Epochs);
        var stopping = new KerasEarlyStopping(options.Patience);
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var trainLoss = trainer.RunEpoch();
            var validationLoss = trainer.ValidationLoss();
            if (!double.IsFinite(trainLoss) || !double.IsFinite(validationLoss))
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                    $"training diverged at epoch {epoch} (loss {trainLoss}, validation loss {validationLoss}); try a lower learning rate"));
            }

            history.Add(new EpochLoss(epoch, trainLoss, validationLoss));
            progress?.Report(new TrainingProgress(1, 1, epoch, options.Epochs, trainLoss, validationLoss, clock.Elapsed));
            if (stopping.ShouldStop(trainLoss))
            {
                break;
            }
        }

        var network = trainer.Snapshot();
        var predictions = network.Predict(test.Inputs);
        var metadata = new TrainingMetadata
        {
            Protocol = TrainingProtocol.Paper.Name(),
            Seed = options.Seed,
            Samples = data.Count,
            TrainSamples = trainCount,
            ValidationSamples = validationCount,
            TestSamples = testCount,
            Epochs = options.Epochs,
            EpochsRun = trainer.EpochsRun,
            BatchSize = options.BatchSize,
            LearningRate = options.LearningRate,
            Restarts = 1,
            Seconds = clock.Elapsed.TotalSeconds,
            TestMse = Metrics.MeanSquaredError(predictions, test.Targets),
            TestR2 = Metrics.RSquared(predictions, test.Targets, test.OutputCount),
            ValidationLoss = history[^1].ValidationLoss,
            Data = dataDescription,
        };
        return new TrainingResult(new NetworkModel(network, data.InputNames, data.OutputNames, metadata), history);
    }

    /// <summary>Keras' Normalization.adapt: population mean and variance per feature, σ = max(√variance, 10⁻⁷).</summary>
    internal static Normalization Adapt(ReadOnlySpan<double> rows, int count)
    {
        var n = rows.Length / count;
        var (mean, std) = (new double[count], new double[count]);
        for (var k = 0; k < count; k++)
        {
            var sum = 0.0;
            for (var r = 0; r < n; r++)
            {
                sum += rows[(r * count) + k];
            }

            mean[k] = sum / n;
            var squares = 0.0;
            for (var r = 0; r < n; r++)
            {
                var d = rows[(r * count) + k] - mean[k];
                squares += d * d;
            }

            std[k] = Math.Max(Math.Sqrt(squares / n), Epsilon);
        }

        return new Normalization(mean, std);
    }
}

/// <summary>
/// Keras 2.12's <c>EarlyStopping(monitor='loss', patience=p, min_delta=0, restore_best_weights=False)</c>:
/// <c>wait += 1; if loss &lt; best: best = loss, wait = 0; elif wait ≥ p (after the first epoch): stop</c>.
/// With no patience it never stops.
/// </summary>
internal sealed class KerasEarlyStopping(int? patience)
{
    private double _best = double.PositiveInfinity;
    private int _wait;
    private int _epoch;

    /// <summary>Records one epoch's monitored loss; true when training should stop now.</summary>
    public bool ShouldStop(double loss)
    {
        _epoch++;
        if (patience is not { } p)
        {
            return false;
        }

        _wait++;
        if (loss < _best)
        {
            (_best, _wait) = (loss, 0);
            return false;
        }

        return _wait >= p && _epoch > 1;
    }
}
