using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Derivatives;

/// <summary>
/// <c>cfd</c>: the central finite difference of Eq. (7), ∂y/∂x_j ≈ (y(x + hδ_j) − y(x − hδ_j)) / 2h,
/// with 1 + 2n real forward passes per group of lanes (the first gives the outputs).
/// </summary>
/// <typeparam name="T">Real numbers: <see cref="double"/> or four SIMD lanes.</typeparam>
/// <typeparam name="TOps">Their arithmetic.</typeparam>
internal sealed class CfdMethod<T, TOps>(Mlp network, double step)
    : LaneJacobianMethod<T, TOps>("cfd", network, MlpForward.WorkspaceLength(network))
    where T : unmanaged
    where TOps : INumberOps<T>
{
    private readonly T[] _plus = new T[network.OutputCount];
    private readonly T[] _minus = new T[network.OutputCount];
    private readonly T[] _jacobian = new T[network.OutputCount * network.InputCount];

    protected override void ComputeGroup(int count, Span<double> jacobian)
    {
        var (n, m) = (Network.InputCount, Network.OutputCount);
        var twoH = TOps.Constant(2 * step);
        MlpForward.Run<T, TOps>(Network, X, Y, Workspace);
        for (var j = 0; j < n; j++)
        {
            var xj = X[j];
            X[j] = TOps.Add(xj, TOps.Constant(step));
            MlpForward.Run<T, TOps>(Network, X, _plus, Workspace);
            X[j] = TOps.Subtract(xj, TOps.Constant(step));
            MlpForward.Run<T, TOps>(Network, X, _minus, Workspace);
            X[j] = xj;
            for (var o = 0; o < m; o++)
            {
                _jacobian[(o * n) + j] = TOps.Divide(TOps.Subtract(_plus[o], _minus[o]), twoH);
            }
        }

        Lanes.Store<T, TOps>(_jacobian, jacobian, 0, _jacobian.Length, count);
    }
}
