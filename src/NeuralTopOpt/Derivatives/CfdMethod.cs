using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Derivatives;

/// <summary>
/// <c>cfd</c>: the central finite difference of Eq. (7), ∂y/∂x_j ≈ (y(x + hδ_j) − y(x − hδ_j)) / 2h,
/// with 1 + 2n real forward passes per group of lanes (the first gives the outputs).
/// </summary>
/// <typeparam name="T">Real numbers: <see cref="double"/> or four SIMD lanes.</typeparam>
/// <typeparam name="TOps">Their arithmetic.</typeparam>
internal sealed class CfdMethod<T, TOps> : JacobianMethod
    where T : unmanaged
    where TOps : INumberOps<T>
{
    private readonly double _step;
    private readonly T[] _x;
    private readonly T[] _y;
    private readonly T[] _plus;
    private readonly T[] _minus;
    private readonly T[] _jacobian;
    private readonly T[] _workspace;

    public CfdMethod(Mlp network, double step)
        : base("cfd", network)
    {
        _step = step;
        _x = new T[network.InputCount];
        _y = new T[network.OutputCount];
        _plus = new T[network.OutputCount];
        _minus = new T[network.OutputCount];
        _jacobian = new T[network.OutputCount * network.InputCount];
        _workspace = new T[MlpForward.WorkspaceLength(network)];
    }

    protected override void Compute(int batch, ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> jacobian)
    {
        var (n, m) = (Network.InputCount, Network.OutputCount);
        var twoH = TOps.Constant(2 * _step);
        for (var start = 0; start < batch; start += TOps.Lanes)
        {
            var count = Math.Min(TOps.Lanes, batch - start);
            Lanes.Load<T, TOps>(inputs, start, n, count, _x);
            MlpForward.Run<T, TOps>(Network, _x, _y, _workspace);
            for (var j = 0; j < n; j++)
            {
                var xj = _x[j];
                _x[j] = TOps.Add(xj, TOps.Constant(_step));
                MlpForward.Run<T, TOps>(Network, _x, _plus, _workspace);
                _x[j] = TOps.Subtract(xj, TOps.Constant(_step));
                MlpForward.Run<T, TOps>(Network, _x, _minus, _workspace);
                _x[j] = xj;
                for (var o = 0; o < m; o++)
                {
                    _jacobian[(o * n) + j] = TOps.Divide(TOps.Subtract(_plus[o], _minus[o]), twoH);
                }
            }

            Lanes.Store<T, TOps>(_y, outputs, start, m, count);
            Lanes.Store<T, TOps>(_jacobian, jacobian, start, m * n, count);
        }
    }
}
