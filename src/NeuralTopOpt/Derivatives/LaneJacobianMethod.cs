using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Derivatives;

/// <summary>
/// A method that runs the generic forward pass on groups of <c>TOps.Lanes</c> samples (every
/// method but <c>ad</c>): it loads each group's inputs into <see cref="X"/>, lets the method fill
/// <see cref="Y"/> and the group's Jacobian rows, and stores <see cref="Y"/> as the outputs. A last,
/// partial group is padded with copies of its last sample, so every sample takes the same path.
/// </summary>
/// <typeparam name="T">The number type of the method (real, complex or dual; one or four lanes).</typeparam>
/// <typeparam name="TOps">Its arithmetic.</typeparam>
internal abstract class LaneJacobianMethod<T, TOps> : JacobianMethod
    where T : unmanaged
    where TOps : INumberOps<T>
{
    protected LaneJacobianMethod(string name, Mlp network, int workspaceLength)
        : base(name, network)
    {
        X = new T[network.InputCount];
        Y = new T[network.OutputCount];
        Workspace = new T[workspaceLength];
    }

    /// <summary>The group's inputs, one value (of <c>TOps.Lanes</c> samples) per network input.</summary>
    protected T[] X { get; }

    /// <summary>The group's outputs, to be filled by <see cref="ComputeGroup"/>.</summary>
    protected T[] Y { get; }

    /// <summary>Scratch space of the forward pass.</summary>
    protected T[] Workspace { get; }

    /// <summary>False when the method writes the outputs itself (from a separate real pass).</summary>
    protected virtual bool StoresOutputs => true;

    protected override void Compute(int batch, ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> jacobian)
    {
        var (n, m) = (Network.InputCount, Network.OutputCount);
        for (var start = 0; start < batch; start += TOps.Lanes)
        {
            var count = Math.Min(TOps.Lanes, batch - start);
            Lanes.Load<T, TOps>(inputs, start, n, count, X);
            ComputeGroup(count, jacobian[(start * m * n)..]);
            if (StoresOutputs)
            {
                Lanes.Store<T, TOps>(Y, outputs, start, m, count);
            }
        }
    }

    /// <summary>
    /// Fills <see cref="Y"/> and the Jacobians of the group's <paramref name="count"/> samples, which
    /// start <paramref name="jacobian"/> (sample k's ∂y_o/∂x_i at k·m·n + o·n + i).
    /// </summary>
    protected abstract void ComputeGroup(int count, Span<double> jacobian);
}

/// <summary>Moves rows of a batch into and out of lane groups.</summary>
internal static class Lanes
{
    /// <summary>values[i] = lanes of column i of rows [start, start + count) of a batch with <paramref name="width"/> columns.</summary>
    public static void Load<T, TOps>(ReadOnlySpan<double> batch, int start, int width, int count, Span<T> values)
        where T : unmanaged
        where TOps : INumberOps<T>
    {
        for (var i = 0; i < width; i++)
        {
            values[i] = TOps.LoadReal(batch[((start * width) + i)..], width, count);
        }
    }

    /// <summary>Real parts of values[i] into column i of rows [start, start + count).</summary>
    public static void Store<T, TOps>(ReadOnlySpan<T> values, Span<double> batch, int start, int width, int count)
        where T : unmanaged
        where TOps : INumberOps<T>
    {
        for (var i = 0; i < width; i++)
        {
            TOps.StoreReal(values[i], batch[((start * width) + i)..], width, count);
        }
    }
}
