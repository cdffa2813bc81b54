using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Derivatives;

/// <summary>
/// <c>dual</c>: forward-mode automatic differentiation with dual numbers through the generic forward
/// pass, one pass per input: x_j + 1·ε gives y + (∂y/∂x_j)·ε (a Jacobian-vector product with δ_j).
/// The value parts follow the real operations exactly, so the outputs equal the predictions.
/// </summary>
/// <typeparam name="T">Dual numbers: <see cref="AutoDiff.Dual"/> or <see cref="AutoDiff.DualX4"/>.</typeparam>
/// <typeparam name="TOps">Their arithmetic.</typeparam>
internal sealed class DualMethod<T, TOps> : JacobianMethod
    where T : unmanaged
    where TOps : IDualOps<T>
{
    private readonly T[] _x;
    private readonly T[] _y;
    private readonly T[] _workspace;

    public DualMethod(Mlp network)
        : base("dual", network)
    {
        _x = new T[network.InputCount];
        _y = new T[network.OutputCount];
        _workspace = new T[MlpForward.WorkspaceLength(network)];
    }

    protected override void Compute(int batch, ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> jacobian)
    {
        var (n, m) = (Network.InputCount, Network.OutputCount);
        for (var start = 0; start < batch; start += TOps.Lanes)
        {
            var count = Math.Min(TOps.Lanes, batch - start);
            Lanes.Load<T, TOps>(inputs, start, n, count, _x);
            for (var j = 0; j < n; j++)
            {
                var xj = _x[j];
                _x[j] = TOps.WithTangent(xj, 1);
                MlpForward.Run<T, TOps>(Network, _x, _y, _workspace);
                _x[j] = xj;
                for (var o = 0; o < m; o++)
                {
                    TOps.StoreTangent(_y[o], jacobian[((start * m * n) + (o * n) + j)..], m * n, count);
                }
            }

            Lanes.Store<T, TOps>(_y, outputs, start, m, count);
        }
    }
}
