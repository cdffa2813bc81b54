using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Derivatives;

/// <summary><c>nnj</c>: the analytic network Jacobian of <see cref="NnjKernel"/>, Eq. (3)–(6), one group of lanes at a time.</summary>
/// <typeparam name="T">Real numbers: <see cref="double"/> or four SIMD lanes.</typeparam>
/// <typeparam name="TOps">Their arithmetic.</typeparam>
internal sealed class NnjMethod<T, TOps> : JacobianMethod
    where T : unmanaged
    where TOps : INumberOps<T>
{
    private readonly T[] _x;
    private readonly T[] _y;
    private readonly T[] _jacobian;
    private readonly T[] _workspace;

    public NnjMethod(Mlp network)
        : base("nnj", network)
    {
        _x = new T[network.InputCount];
        _y = new T[network.OutputCount];
        _jacobian = new T[network.OutputCount * network.InputCount];
        _workspace = new T[NnjKernel.WorkspaceLength(network)];
    }

    protected override void Compute(int batch, ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> jacobian)
    {
        var (n, m) = (Network.InputCount, Network.OutputCount);
        for (var start = 0; start < batch; start += TOps.Lanes)
        {
            var count = Math.Min(TOps.Lanes, batch - start);
            Lanes.Load<T, TOps>(inputs, start, n, count, _x);
            NnjKernel.Run<T, TOps>(Network, _x, _y, _jacobian, _workspace);
            Lanes.Store<T, TOps>(_y, outputs, start, m, count);
            Lanes.Store<T, TOps>(_jacobian, jacobian, start, m * n, count);
        }
    }
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
