using System.Globalization;
using NeuralTopOpt.IO;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Data;
using NeuralTopOpt.Nn.Training;

namespace NeuralTopOpt.Studies;

/// <summary>A network of Table 1 that the study trained (or found in its cache).</summary>
/// <param name="Key">The network's key (<see cref="StudyNetworkSpec.Key"/>).</param>
/// <param name="ModelFile">The model file, relative to the study folder.</param>
/// <param name="ModelHash">SHA-256 of the model file (part of every run's fingerprint).</param>
/// <param name="Training">The training record: samples, split, seed, seconds, test MSE and R².</param>
/// <param name="History">Training and validation loss after every epoch.</param>
public sealed record NetworkRecord(string Key, string ModelFile, string ModelHash, TrainingMetadata Training, IReadOnlyList<EpochLoss> History);

/// <summary>
/// Stage 2: the three networks of Table 1 (Sec. 4.1: one hidden layer of 64 sigmoid neurons, linear
/// output, Adam 0.001, batch 32, 5,000 epochs, 70/15/15), trained side by side on the study's cores
/// (training is single-threaded), written to <c>models/</c>. A network is reused while its dataset
/// and settings are the same and its model file is unchanged.
/// </summary>
internal static class TrainingStage
{
    public static IReadOnlyList<NetworkRecord> Run(StudyContext context, IReadOnlyList<DatasetRecord> datasets)
    {
        var networks = context.Plan.AllNetworks;
        var records = new NetworkRecord[networks.Count];
        var done = new int[networks.Count];
        var total = (double)context.Options.Epochs * networks.Count;

        // Largest dataset first, so that the longest training starts at once.
        var order = Enumerable.Range(0, networks.Count).OrderByDescending(i => datasets.First(d => d.Key == networks[i].Dataset).Samples * networks[i].Outputs.Count).ToArray();
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = context.Options.Parallelism, CancellationToken = context.Cancellation }, i =>
        {
            var network = networks[i];
            var dataset = datasets.First(d => d.Key == network.Dataset);
            var options = Options(context.Options, network);
            var file = Path.Combine("models", network.Key + ".json");
            var path = context.Cache.PathOf(file);
            var cached = context.Cache.GetOrCompute(
                $"network-{network.Key}",
                StudyCache.Fingerprint("network", dataset.Hash, network.Inputs, network.Outputs, options),
                () =>
                {
                    var data = Dataset.FromCsv(CsvTable.Read(context.Cache.PathOf(dataset.File)), network.Inputs, network.Outputs);
                    var progress = new ActionProgress<TrainingProgress>(p =>
                    {
                        Volatile.Write(ref done[i], p.Epoch);
                        context.Report(StudyStage.Training, string.Create(CultureInfo.InvariantCulture, $"{network.Key}: epoch {p.Epoch}/{p.Epochs}, loss {p.TrainLoss:E2}"), done.Sum() / total);
                    });
                    var result = Trainer.Train(data, options, progress, Path.GetFileName(dataset.File), context.Cancellation);
                    NeuralTopOpt.Nn.ModelFile.Save(result.Model, path);
                    return new NetworkRecord(network.Key, file, StudyCache.FileHash(path), result.Model.Training!, result.History);
                },
                record => StudyCache.FileHash(path) == record.ModelHash);
            records[i] = cached.Value;
            Volatile.Write(ref done[i], context.Options.Epochs);
            var training = cached.Value.Training;
            context.Report(
                StudyStage.Training,
                string.Create(CultureInfo.InvariantCulture, $"{network.Key}: test MSE {training.TestMse:0.00e0}, R² {training.TestR2:F4}{(cached.FromCache ? " (cached)" : $" in {training.Seconds:F1} s")}"),
                done.Sum() / total,
                milestone: true);
        });
        return records;
    }

    /// <summary>The training settings of <paramref name="network"/>: the study's, with its own seed.</summary>
    public static TrainingOptions Options(StudyOptions options, StudyNetworkSpec network) => new()
    {
        HiddenLayers = [options.HiddenNeurons],
        Epochs = options.Epochs,
        BatchSize = options.BatchSize,
        LearningRate = options.LearningRate,
        Seed = options.Seeds.Training(network.SeedStream),
    };
}
