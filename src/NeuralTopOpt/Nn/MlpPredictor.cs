using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Nn;

/// <summary>
/// Batched real predictions of one network with a workspace kept between calls: the hot-path form
/// of <see cref="Mlp.Predict(ReadOnlySpan{double}, Span{double})"/> (which pools its workspace
/// instead). Not thread-safe; one per thread.
/// </summary>
/// <typeparam name="T">The real number type: <see cref="double"/> (one sample at a time) or a four-lane register.</typeparam>
/// <typeparam name="TOps">Its arithmetic.</typeparam>
public sealed class MlpPredictor<T, TOps>
    where T : unmanaged
    where TOps : INumberOps<T>
{
    private readonly T[] _workspace;

    /// <summary>Creates a predictor of <paramref name="network"/>.</summary>
    public MlpPredictor(Mlp network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        _workspace = new T[MlpForward.WorkspaceLength(network) + network.InputCount + network.OutputCount];
    }

    /// <summary>The network evaluated.</summary>
    public Mlp Network { get; }

    /// <summary>outputs (batch × outputs) = MLP(inputs (batch × inputs)).</summary>
    /// <exception cref="InvalidInputException">An input is NaN or infinite, or the inputs are not whole samples.</exception>
    public void Predict(ReadOnlySpan<double> inputs, Span<double> outputs)
    {
        Network.BatchSize(inputs, outputs.Length, Network.OutputCount);
        MlpForward.Predict<T, TOps>(Network, inputs, outputs, _workspace);
    }
}
