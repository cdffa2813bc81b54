using System.Diagnostics;
using NeuralTopOpt.Nn.Data;
using NeuralTopOpt.Nn.Training;

namespace NeuralTopOpt.Nn.Tuning;

/// <summary>
/// Hyperband (Li, Jamieson, DeSalvo, Rostamizadeh and Talwalkar 2017), the search the paper ran with
/// Keras-Tuner, with epochs as the resource:
/// <code>
///   s_max = ⌊log_η R⌋,  B = (s_max + 1)·R
///   for s = s_max … 0:
///     n = ⌈(B/R)·η^s/(s + 1)⌉,  r = R·η^(−s);  T = n random configurations
///     for i = 0 … s:   (successive halving)
///       n_i = ⌊n·η^(−i)⌋,  r_i = r·η^i
///       train every t ∈ T to r_i epochs and take its validation loss
///       T = the ⌊n_i/η⌋ best of T
///   return the configuration with the lowest loss seen
/// </code>
/// A configuration promoted to the next round continues training from where it stopped, which gives
/// the same network as training it from scratch for r_i epochs (the shuffling continues its own
/// seeded stream). Seeded and deterministic for any <see cref="HyperbandOptions.Parallelism"/>.
/// </summary>
public static class Hyperband
{
    /// <summary>Searches on <paramref name="data"/>, split once with the options' seed.</summary>
    public static HyperbandResult Search(Dataset data, HyperbandOptions options, IProgress<HyperbandTrial>? progress = null, string? dataDescription = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var clock = Stopwatch.StartNew();
        var split = data.Split(options.Training.Split, Seeds.Derive(options.Seed, 0));
        var draw = new Random(Seeds.Derive(options.Seed, 1));
        var trials = new List<HyperbandTrial>();
        (HyperbandTrial Trial, Mlp Network)? best = null;
        var nextId = 0;
        foreach (var bracket in Plan(options))
        {
            var survivors = Enumerable.Range(0, bracket[0].Configurations).Select(_ => new Candidate(options.Space.Draw(draw, nextId++))).ToList();
            foreach (var round in bracket)
            {
                survivors = survivors.OrderBy(c => c.Loss).ThenBy(c => c.Configuration.Id).Take(round.Configurations).ToList();
                Train(survivors, round.Epochs, split, options, cancellation);
                foreach (var candidate in survivors)
                {
                    var trial = new HyperbandTrial(round.Bracket, round.Index, candidate.Configuration, round.Epochs, candidate.Loss);
                    trials.Add(trial);
                    progress?.Report(trial);
                    if (trial.ValidationLoss < (best?.Trial.ValidationLoss ?? double.PositiveInfinity))
                    {
                        best = (trial, candidate.Trainer!.Snapshot());
                    }
                }
            }
        }

        var (bestTrial, network) = best ?? throw new InvalidInputException("every configuration diverged (validation loss NaN or infinite); try lower learning rates");
        var predictions = network.Predict(split.Test.Inputs);
        var metadata = new TrainingMetadata
        {
            Seed = options.Seed,
            Samples = data.Count,
            TrainSamples = split.Train.Count,
            ValidationSamples = split.Validation.Count,
            TestSamples = split.Test.Count,
            Epochs = bestTrial.Epochs,
            EpochsRun = bestTrial.Epochs,
            BatchSize = options.Training.BatchSize,
            LearningRate = bestTrial.Configuration.LearningRate,
            Seconds = clock.Elapsed.TotalSeconds,
            TestMse = Metrics.MeanSquaredError(predictions, split.Test.Targets),
            TestR2 = Metrics.RSquared(predictions, split.Test.Targets, split.Test.OutputCount),
            ValidationLoss = bestTrial.ValidationLoss,
            Data = dataDescription,
        };
        return new HyperbandResult(bestTrial, new NetworkModel(network, data.InputNames, data.OutputNames, metadata), trials);
    }

    /// <summary>How many trials (trainings to a number of epochs) a search with these options runs.</summary>
    public static int PlannedTrials(HyperbandOptions options) => Plan(options).Sum(bracket => bracket.Sum(round => round.Configurations));

    /// <summary>
    /// The brackets s = s_max … 0, each a list of successive-halving rounds i = 0 … s with
    /// n_i = ⌊n·η^(−i)⌋ configurations (⌊n_(i−1)/η⌋, the best of the previous round) trained to
    /// r_i = R·η^(i−s) epochs (rounded, at least 1).
    /// </summary>
    internal static IEnumerable<Round[]> Plan(HyperbandOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (eta, maxEpochs) = (options.Eta, options.MaxEpochs);
        var sMax = (int)Math.Floor((Math.Log(maxEpochs) / Math.Log(eta)) + 1e-9);
        for (var s = sMax; s >= 0; s--)
        {
            var power = Enumerable.Repeat((long)eta, s).Aggregate(1L, (p, e) => p * e);     // η^s
            var n = (int)((((sMax + 1) * power) + s) / (s + 1));                          // ⌈(B/R)·η^s/(s + 1)⌉, B = (s_max + 1)R
            var rounds = new List<Round>();
            for (var i = 0; i <= s && n > 0; i++, n /= eta)
            {
                rounds.Add(new Round(s, i, n, Math.Max(1, (int)Math.Round(maxEpochs * Math.Pow(eta, i - s)))));
            }

            yield return rounds.ToArray();
        }
    }

    /// <summary>Brings every candidate to <paramref name="epochs"/> epochs and records its validation loss.</summary>
    private static void Train(List<Candidate> candidates, int epochs, DatasetSplit split, HyperbandOptions options, CancellationToken cancellation)
    {
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellation };
        Parallel.For(0, candidates.Count, parallel, k =>
        {
            var candidate = candidates[k];
            var c = candidate.Configuration;
            candidate.Trainer ??= new NetworkTrainer(split.Train, split.Validation, options.Training with
            {
                HiddenLayers = Enumerable.Repeat(c.Neurons, c.Layers).ToArray(),
                LearningRate = c.LearningRate,
                Seed = options.Seed,
            }, Seeds.Derive(options.Seed, 1000 + c.Id));
            while (candidate.Trainer.EpochsRun < epochs)
            {
                cancellation.ThrowIfCancellationRequested();
                candidate.Trainer.RunEpoch();
            }

            var loss = candidate.Trainer.ValidationLoss();
            candidate.Loss = double.IsNaN(loss) ? double.PositiveInfinity : loss;   // a diverged run ranks last
        });
    }

    /// <summary>Round <paramref name="Index"/> of bracket <paramref name="Bracket"/>: how many configurations, to how many epochs.</summary>
    internal readonly record struct Round(int Bracket, int Index, int Configurations, int Epochs);

    private sealed class Candidate(HyperbandConfiguration configuration)
    {
        public HyperbandConfiguration Configuration { get; } = configuration;

        public NetworkTrainer? Trainer { get; set; }

        public double Loss { get; set; } = double.PositiveInfinity;
    }
}
