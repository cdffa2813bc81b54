using System.Globalization;
using NeuralTopOpt.Nn.Training;

namespace NeuralTopOpt.Nn.Tuning;

/// <summary>
/// The hyperparameters Hyperband searches (the paper tuned N_L, N_N and the learning rate, Sec. 4.1):
/// hidden layers uniform in [<see cref="MinLayers"/>, <see cref="MaxLayers"/>], neurons per layer
/// uniform on the grid <see cref="MinNeurons"/>, <see cref="MinNeurons"/> + <see cref="NeuronStep"/>,
/// … ≤ <see cref="MaxNeurons"/>, and a learning rate chosen from <see cref="LearningRates"/>.
/// </summary>
public sealed record HyperbandSpace
{
    /// <summary>Fewest hidden layers.</summary>
    public int MinLayers { get; init; } = 1;

    /// <summary>Most hidden layers.</summary>
    public int MaxLayers { get; init; } = 3;

    /// <summary>Fewest neurons per hidden layer.</summary>
    public int MinNeurons { get; init; } = 8;

    /// <summary>Most neurons per hidden layer.</summary>
    public int MaxNeurons { get; init; } = 128;

    /// <summary>Grid step of the neuron count.</summary>
    public int NeuronStep { get; init; } = 8;

    /// <summary>Candidate learning rates.</summary>
    public IReadOnlyList<double> LearningRates { get; init; } = [1e-2, 1e-3, 1e-4];

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first invalid bound.</summary>
    public void Validate()
    {
        if (MinLayers < 1 || MaxLayers < MinLayers)
        {
            throw new InvalidInputException($"hidden layers must range over 1 ≤ min ≤ max, not {MinLayers}..{MaxLayers}");
        }

        if (MinNeurons < 1 || MaxNeurons < MinNeurons || NeuronStep < 1)
        {
            throw new InvalidInputException($"neurons must range over 1 ≤ min ≤ max with a positive step, not {MinNeurons}..{MaxNeurons} step {NeuronStep}");
        }

        if (LearningRates.Count == 0 || LearningRates.Any(r => !(r > 0) || !double.IsFinite(r)))
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"learning rates must be positive numbers, not [{string.Join(", ", LearningRates)}]"));
        }
    }

    /// <summary>Draws a configuration.</summary>
    internal HyperbandConfiguration Draw(Random random, int id)
    {
        var layers = random.Next(MinLayers, MaxLayers + 1);
        var neurons = MinNeurons + (NeuronStep * random.Next(0, ((MaxNeurons - MinNeurons) / NeuronStep) + 1));
        var rate = LearningRates[random.Next(LearningRates.Count)];
        return new HyperbandConfiguration(id, layers, neurons, rate);
    }
}

/// <summary>Settings of a Hyperband search.</summary>
public sealed record HyperbandOptions
{
    /// <summary>R: the most epochs one configuration is trained for.</summary>
    public int MaxEpochs { get; init; } = 81;

    /// <summary>η: each round keeps 1/η of the configurations and trains them η times longer.</summary>
    public int Eta { get; init; } = 3;

    /// <summary>Seed of the split, the drawn configurations and every training.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>What is searched.</summary>
    public HyperbandSpace Space { get; init; } = new();

    /// <summary>Everything not searched (activations, batch size, normalization, split); its layers, rate, epochs and seed are replaced.</summary>
    public TrainingOptions Training { get; init; } = new();

    /// <summary>Configurations trained at the same time (each on its own thread); results do not depend on it.</summary>
    public int Parallelism { get; init; } = 1;

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (MaxEpochs < 1 || Eta < 2 || Parallelism < 1)
        {
            throw new InvalidInputException($"Hyperband needs max epochs ≥ 1, η ≥ 2 and parallelism ≥ 1, not {MaxEpochs}, {Eta} and {Parallelism}");
        }

        Space.Validate();
        Training.Validate();
    }
}

/// <summary>One point of the search space.</summary>
/// <param name="Id">Order in which it was drawn (0-based).</param>
/// <param name="Layers">Hidden layers, N_L.</param>
/// <param name="Neurons">Neurons per hidden layer, N_N.</param>
/// <param name="LearningRate">Adam's learning rate.</param>
public sealed record HyperbandConfiguration(int Id, int Layers, int Neurons, double LearningRate)
{
    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Layers}×{Neurons}, lr {LearningRate}");
}

/// <summary>One training of one configuration to a given number of epochs.</summary>
/// <param name="Bracket">s, from s_max down to 0.</param>
/// <param name="Round">i, the successive-halving round within the bracket.</param>
/// <param name="Configuration">What was trained.</param>
/// <param name="Epochs">r_i, the epochs it has been trained for.</param>
/// <param name="ValidationLoss">Its validation loss after those epochs (normalized MSE).</param>
public sealed record HyperbandTrial(int Bracket, int Round, HyperbandConfiguration Configuration, int Epochs, double ValidationLoss);

/// <summary>The outcome of a search.</summary>
/// <param name="Best">The trial with the lowest validation loss.</param>
/// <param name="Model">That trial's network, with test metrics in its training metadata.</param>
/// <param name="Trials">Every trial, in the order run.</param>
public sealed record HyperbandResult(HyperbandTrial Best, NetworkModel Model, IReadOnlyList<HyperbandTrial> Trials);
