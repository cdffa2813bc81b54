using System.Diagnostics;
using System.Globalization;
using NeuralTopOpt.Nn.Data;

namespace NeuralTopOpt.Nn.Training;

/// <summary>
/// Training as the paper does it (Sec. 4.1): split the samples 70/15/15, train for the given epochs
/// (optionally stopping early on the validation loss), repeat for several restarts and keep the
/// network with the lowest validation loss, then report the test MSE and R² and the time taken.
/// Single-threaded and seeded: the same data, options and build give the same model bit for bit.
/// </summary>
public static class Trainer
{
    /// <summary>Splits <paramref name="data"/> (seeded by the options) and trains on it.</summary>
    public static TrainingResult Train(Dataset data, TrainingOptions options, IProgress<TrainingProgress>? progress = null, string? dataDescription = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Protocol == TrainingProtocol.Paper)
        {
            return PaperProtocol.Train(data, options, progress, dataDescription, cancellation);
        }

        var split = data.Split(options.Split, Seeds.Derive(options.Seed, 0));
        return Train(split, options, progress, dataDescription, cancellation);
    }

    /// <summary>Trains on an existing split.</summary>
    public static TrainingResult Train(DatasetSplit split, TrainingOptions options, IProgress<TrainingProgress>? progress = null, string? dataDescription = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Protocol == TrainingProtocol.Paper)
        {
            throw new InvalidInputException("the paper's protocol splits the rows itself (file order); pass the whole dataset");
        }

        var clock = Stopwatch.StartNew();
        Run? best = null;
        for (var restart = 0; restart < options.Restarts; restart++)
        {
            var run = TrainOnce(split, options, restart, progress, clock, cancellation);
            if (best is null || run.ValidationLoss < best.ValidationLoss)
            {
                best = run;
            }
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var test = split.Test;
        var predictions = best!.Network.Predict(test.Inputs);
        var metadata = new TrainingMetadata
        {
            Seed = options.Seed,
            Samples = split.Train.Count + split.Validation.Count + test.Count,
            TrainSamples = split.Train.Count,
            ValidationSamples = split.Validation.Count,
            TestSamples = test.Count,
            Epochs = options.Epochs,
            EpochsRun = best.EpochsRun,
            BatchSize = options.BatchSize,
            LearningRate = options.LearningRate,
            Restarts = options.Restarts,
            Seconds = seconds,
            TestMse = Metrics.MeanSquaredError(predictions, test.Targets),
            TestR2 = Metrics.RSquared(predictions, test.Targets, test.OutputCount),
            ValidationLoss = best.ValidationLoss,
            Data = dataDescription,
        };
        return new TrainingResult(new NetworkModel(best.Network, test.InputNames, test.OutputNames, metadata), best.History);
    }

    private static Run TrainOnce(DatasetSplit split, TrainingOptions options, int restart, IProgress<TrainingProgress>? progress, Stopwatch clock, CancellationToken cancellation)
    {
        var trainer = new NetworkTrainer(split.Train, split.Validation, options, Seeds.Derive(options.Seed, restart + 1));
        var history = new List<EpochLoss>(options.Epochs);
        var (bestLoss, bestEpoch) = (double.PositiveInfinity, 0);
        Mlp? bestNetwork = null;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            cancellation.ThrowIfCancellationRequested();
            var trainLoss = trainer.RunEpoch();
            var validationLoss = trainer.ValidationLoss();
            if (!double.IsFinite(trainLoss) || !double.IsFinite(validationLoss))
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                    $"training diverged at epoch {epoch} of run {restart + 1} (loss {trainLoss}, validation loss {validationLoss}); try a lower learning rate"));
            }

            history.Add(new EpochLoss(epoch, trainLoss, validationLoss));
            progress?.Report(new TrainingProgress(restart + 1, options.Restarts, epoch, options.Epochs, trainLoss, validationLoss, clock.Elapsed));
            if (options.Patience is not { } patience)
            {
                continue;
            }

            if (validationLoss < bestLoss)
            {
                (bestLoss, bestEpoch, bestNetwork) = (validationLoss, epoch, trainer.Snapshot());
            }
            else if (epoch - bestEpoch >= patience)
            {
                break;
            }
        }

        return bestNetwork is not null
            ? new Run(bestNetwork, bestLoss, bestEpoch, history)
            : new Run(trainer.Snapshot(), history[^1].ValidationLoss, trainer.EpochsRun, history);
    }

    private sealed record Run(Mlp Network, double ValidationLoss, int EpochsRun, IReadOnlyList<EpochLoss> History);
}

/// <summary>A trained model and the loss history of the kept run.</summary>
/// <param name="Model">The network with its names and training metadata.</param>
/// <param name="History">Train and validation loss after every epoch of the kept run.</param>
public sealed record TrainingResult(NetworkModel Model, IReadOnlyList<EpochLoss> History);

/// <summary>Losses after one epoch (normalized units).</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="TrainLoss">Mean batch loss of the epoch.</param>
/// <param name="ValidationLoss">Loss on the validation set after the epoch.</param>
public readonly record struct EpochLoss(int Epoch, double TrainLoss, double ValidationLoss);
