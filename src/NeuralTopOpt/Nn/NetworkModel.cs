namespace NeuralTopOpt.Nn;

/// <summary>
/// A network together with what a model file records about it: the names of its inputs and
/// outputs and, when it was trained here, how (<see cref="TrainingMetadata"/>), or, when it was
/// imported, from where (<see cref="ModelSource"/>).
/// </summary>
public sealed record NetworkModel
{
    /// <summary>Creates a model; names default to x1, x2, … and y1, y2, ….</summary>
    public NetworkModel(Mlp network, IReadOnlyList<string>? inputNames = null, IReadOnlyList<string>? outputNames = null, TrainingMetadata? training = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        InputNames = Names(inputNames, network.InputCount, "x", "input");
        OutputNames = Names(outputNames, network.OutputCount, "y", "output");
        Training = training;
    }

    /// <summary>The network.</summary>
    public Mlp Network { get; }

    /// <summary>One name per input (dataset column names when trained from a CSV file).</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>One name per output.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>How the network was trained, or null.</summary>
    public TrainingMetadata? Training { get; }

    /// <summary>The file the network was imported from, or null for a network made here.</summary>
    public ModelSource? Source { get; init; }

    private static string[] Names(IReadOnlyList<string>? names, int count, string prefix, string what)
    {
        if (names is null)
        {
            return Enumerable.Range(1, count).Select(i => $"{prefix}{i}").ToArray();
        }

        if (names.Count != count)
        {
            throw new InvalidInputException($"{names.Count} {what} names for {count} {what}s");
        }

        return names.ToArray();
    }
}

/// <summary>What a model file records about a training run (paper Sec. 4.1, Table 1).</summary>
public sealed record TrainingMetadata
{
    /// <summary><c>paper</c> when trained by the paper's protocol (<c>Training.PaperProtocol</c>), null for ntopo's.</summary>
    public string? Protocol { get; init; }

    /// <summary>Seed of every random choice (split, initialization, shuffling).</summary>
    public int Seed { get; init; }

    /// <summary>Samples in the dataset.</summary>
    public int Samples { get; init; }

    /// <summary>Samples used for the weights.</summary>
    public int TrainSamples { get; init; }

    /// <summary>Samples used for validation (early stopping, choice among restarts).</summary>
    public int ValidationSamples { get; init; }

    /// <summary>Samples held out for the test metrics.</summary>
    public int TestSamples { get; init; }

    /// <summary>Epochs requested.</summary>
    public int Epochs { get; init; }

    /// <summary>Epochs run by the kept network (fewer when early stopping ended it).</summary>
    public int EpochsRun { get; init; }

    /// <summary>Mini-batch size.</summary>
    public int BatchSize { get; init; }

    /// <summary>Adam's learning rate.</summary>
    public double LearningRate { get; init; }

    /// <summary>Training restarts, of which the network with the lowest validation loss was kept.</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>Wall-clock seconds of the whole training (all restarts).</summary>
    public double Seconds { get; init; }

    /// <summary>Mean squared error on the test set, in the outputs' units, over all outputs.</summary>
    public double TestMse { get; init; }

    /// <summary>Coefficient of determination on the test set, averaged over outputs (NaN when a target is constant).</summary>
    public double TestR2 { get; init; }

    /// <summary>The validation loss (normalized MSE) of the kept network.</summary>
    public double ValidationLoss { get; init; }

    /// <summary>Where the data came from (a file name or a description), if known.</summary>
    public string? Data { get; init; }
}
