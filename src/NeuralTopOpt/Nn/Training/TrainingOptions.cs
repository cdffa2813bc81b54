using System.Globalization;
using NeuralTopOpt.Nn.Data;

namespace NeuralTopOpt.Nn.Training;

/// <summary>
/// Architecture and training settings. The defaults are the paper's (Sec. 4.1) and Keras' defaults
/// it relied on: one hidden layer of 64 sigmoid neurons, linear output, input and output
/// normalization adapted to the training data, Glorot-uniform weights and zero biases, Adam with
/// learning rate 0.001, β1 = 0.9, β2 = 0.999, ε = 1e-7, mean squared error, mini-batches of 32
/// reshuffled every epoch, 5000 epochs, a 70/15/15 split.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Widths of the hidden layers, N_N for each of the N_L layers.</summary>
    public IReadOnlyList<int> HiddenLayers { get; init; } = [64];

    /// <summary>Activation of every hidden layer.</summary>
    public Activation HiddenActivation { get; init; } = Activation.Sigmoid;

    /// <summary>Activation of the output layer.</summary>
    public Activation OutputActivation { get; init; } = Activation.Linear;

    /// <summary>Epochs (passes over the training set).</summary>
    public int Epochs { get; init; } = 5000;

    /// <summary>Samples per mini-batch; the last batch of an epoch may be smaller.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam's step size α.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Adam's first-moment decay β1.</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam's second-moment decay β2.</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>Adam's ε (added to √v̂).</summary>
    public double Epsilon { get; init; } = 1e-7;

    /// <summary>Seed of the split, the initial weights and the shuffling.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// Stop when the validation loss has not improved for this many epochs and keep the best weights;
    /// null trains every epoch and keeps the last (as Keras' fit). Under <see cref="TrainingProtocol.Paper"/>
    /// it is Keras' EarlyStopping on the training loss, keeping the last weights.
    /// </summary>
    public int? Patience { get; init; }

    /// <summary>ntopo's protocol or the paper's (<see cref="PaperProtocol"/>): split, normalizations, loss and stopping.</summary>
    public TrainingProtocol Protocol { get; init; } = TrainingProtocol.Ntopo;

    /// <summary>
    /// The paper's protocol with its settings (one hidden layer of 64 sigmoid neurons, 5000 epochs,
    /// batch 32, Adam 0.001) and <paramref name="seed"/>; <paramref name="trainingLossPatience"/> adds
    /// Keras' EarlyStopping(monitor='loss') — the published networks ran without it (see <see cref="PaperProtocol"/>).
    /// </summary>
    public static TrainingOptions Paper(int seed, int? trainingLossPatience = null) => new()
    {
        Protocol = TrainingProtocol.Paper,
        Seed = seed,
        Patience = trainingLossPatience,
    };

    /// <summary>Networks trained from different initial weights; the one with the lowest validation loss is kept (the paper's <c>reps</c>).</summary>
    public int Restarts { get; init; } = 1;

    /// <summary>
    /// Normalize inputs by their training mean and standard deviation. An input that is constant in the
    /// training data is refused (normalized or not it carries no information).
    /// </summary>
    public bool NormalizeInputs { get; init; } = true;

    /// <summary>
    /// Train on normalized targets and de-normalize the outputs. A target that is constant in the
    /// training data gets std 1 (it is only shifted), as Keras' <c>adapt</c> would leave it fittable.
    /// </summary>
    public bool NormalizeOutputs { get; init; } = true;

    /// <summary>Train/validation/test fractions.</summary>
    public SplitFractions Split { get; init; } = SplitFractions.Paper;

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message)
        {
            if (!ok)
            {
                throw new InvalidInputException(message);
            }
        }

        var c = CultureInfo.InvariantCulture;
        Require(HiddenLayers.All(w => w >= 1), $"hidden layer widths must be at least 1, not {string.Join(',', HiddenLayers)}");
        Require(Epochs >= 1, $"epochs must be at least 1, not {Epochs}");
        Require(BatchSize >= 1, $"the batch size must be at least 1, not {BatchSize}");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), string.Create(c, $"the learning rate must be a positive number, not {LearningRate}"));
        Require(Beta1 >= 0 && Beta1 < 1 && Beta2 >= 0 && Beta2 < 1, string.Create(c, $"Adam's β1 and β2 must lie in [0, 1), not {Beta1} and {Beta2}"));
        Require(Epsilon > 0 && double.IsFinite(Epsilon), string.Create(c, $"Adam's ε must be a positive number, not {Epsilon}"));
        Require(Patience is null or >= 1, $"the early-stopping patience must be at least 1 epoch, not {Patience}");
        Require(Restarts >= 1, $"restarts must be at least 1, not {Restarts}");
        Require(Enum.IsDefined(Protocol), $"unknown training protocol {Protocol}");
        Require(Protocol != TrainingProtocol.Paper || Restarts == 1, $"the paper's protocol trains one network; restarts must be 1, not {Restarts}");
        Require(Protocol != TrainingProtocol.Paper || (NormalizeInputs && NormalizeOutputs), "the paper's protocol normalizes inputs and outputs");
        Split.Validate();
    }

    /// <summary>
    /// Refuses a training whose network or buffers cannot be held: a layer with more weights than one
    /// array holds, a batch of activations beyond an array, or an estimate of the memory (weights, Adam's
    /// two moments, gradients and the best-weights copy — about 7 copies of the parameters — plus the
    /// tape's activations for a batch and the samples) above <see cref="IO.MemoryBudget"/>. Called before
    /// anything is allocated, so that <c>--hidden 100000000</c> fails at once instead of growing.
    /// </summary>
    /// <exception cref="InvalidInputException">The training does not fit.</exception>
    public void CheckSize(int inputs, int outputs, int samples)
    {
        var widths = new long[] { inputs }.Concat(HiddenLayers.Select(w => (long)w)).Append(outputs).ToArray();
        var architecture = string.Join('-', widths);
        var parameters = 0.0;
        for (var l = 1; l < widths.Length; l++)
        {
            IO.MemoryBudget.RequireArray((double)widths[l - 1] * widths[l], $"layer {l} of the {architecture} network", "use narrower hidden layers");
            parameters += ((double)widths[l - 1] * widths[l]) + widths[l];
        }

        IO.MemoryBudget.RequireArray((double)BatchSize * widths.Max(), $"a batch of {BatchSize} through the {architecture} network", "use narrower layers or a smaller batch");
        var bytes = 8.0 * ((7 * parameters) + (6.0 * BatchSize * widths.Sum()) + (2.0 * samples * (inputs + outputs)));
        IO.MemoryBudget.Require(bytes, string.Create(CultureInfo.InvariantCulture, $"training the {architecture} network ({parameters:N0} parameters, batch {BatchSize})"), "use narrower hidden layers");
    }

    /// <summary>The architecture these options build for <paramref name="inputs"/> and <paramref name="outputs"/>, e.g. <c>1-64-1</c>.</summary>
    public string Architecture(int inputs, int outputs) => string.Join('-', new[] { inputs }.Concat(HiddenLayers).Append(outputs).Select(w => w.ToString(CultureInfo.InvariantCulture)));
}

/// <summary>One epoch of one training run, as reported to <see cref="IProgress{T}"/>.</summary>
/// <param name="Restart">Which restart (1-based).</param>
/// <param name="Restarts">How many restarts in all.</param>
/// <param name="Epoch">Epochs completed (1-based).</param>
/// <param name="Epochs">Epochs requested.</param>
/// <param name="TrainLoss">Mean squared error over the epoch's batches (normalized units).</param>
/// <param name="ValidationLoss">Mean squared error on the validation set after the epoch (normalized units).</param>
/// <param name="Elapsed">Time since training started.</param>
public sealed record TrainingProgress(int Restart, int Restarts, int Epoch, int Epochs, double TrainLoss, double ValidationLoss, TimeSpan Elapsed);
