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
internal sealed class DualMethod<T, TOps>(Mlp network)
    : LaneJacobianMethod<T, TOps>("dual", network, MlpForward.WorkspaceLength(network))
    where T : unmanaged
    where TOps : IDualOps<T>
{
    protected override void ComputeGroup(int count, Span<double> jacobian)
    {
        var (n, m) = (Network.InputCount, Network.OutputCount);
        for (var j = 0; j < n; j++)
        {
            var xj = X[j];
            X[j] = TOps.WithTangent(xj, 1);
            MlpForward.Run<T, TOps>(Network, X, Y, Workspace);
            X[j] = xj;
            for (var o = 0; o < m; o++)
            {
                TOps.StoreTangent(Y[o], jacobian[((o * n) + j)..], m * n, count);
            }
        }
    }
}
