using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Derivatives;

/// <summary><c>nnj</c>: the analytic network Jacobian of <see cref="NnjKernel"/>, Eq. (3)–(6), one group of lanes at a time.</summary>
/// <typeparam name="T">Real numbers: <see cref="double"/> or four SIMD lanes.</typeparam>
/// <typeparam name="TOps">Their arithmetic.</typeparam>
internal sealed class NnjMethod<T, TOps>(Mlp network)
    : LaneJacobianMethod<T, TOps>("nnj", network, NnjKernel.WorkspaceLength(network))
    where T : unmanaged
    where TOps : INumberOps<T>
{
    private readonly T[] _jacobian = new T[network.OutputCount * network.InputCount];

    protected override void ComputeGroup(int count, Span<double> jacobian)
    {
        NnjKernel.Run<T, TOps>(Network, X, Y, _jacobian, Workspace);
        Lanes.Store<T, TOps>(_jacobian, jacobian, 0, _jacobian.Length, count);
    }
}
