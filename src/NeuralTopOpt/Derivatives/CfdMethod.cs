using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Derivatives;

/// <summary>
/// <c>cfd</c>: the central finite difference of Eq. (7), ∂y/∂x_j ≈ (y(x + hδ_j) − y(x − hδ_j)) / 2h,
/// with 1 + 2n real forward passes per group of lanes (the first gives the outputs). With
/// <see cref="InputRounding.Float32"/> every point is rounded to float32 before the network sees it,
/// y(float32(x ± hδ_j)) with the other coordinates float32(x_i), as the paper's <c>predict</c> calls did.
/// </summary>
/// <typeparam name="T">Real numbers: <see cref="double"/> or four SIMD lanes.</typeparam>
/// <typeparam name="TOps">Their arithmetic.</typeparam>
internal sealed class CfdMethod<T, TOps>(Mlp network, double step, InputRounding rounding = InputRounding.None)
    : LaneJacobianMethod<T, TOps>("cfd", network, MlpForward.WorkspaceLength(network))
    where T : unmanaged
    where TOps : INumberOps<T>
{
    private readonly T[] _plus = new T[network.OutputCount];
    private readonly T[] _minus = new T[network.OutputCount];
    private readonly T[] _jacobian = new T[network.OutputCount * network.InputCount];
    private readonly double[] _lanes = new double[TOps.Lanes];
    private readonly T[] _rounded = new T[network.InputCount];

    protected override void ComputeGroup(int count, Span<double> jacobian)
    {
        var (n, m) = (Network.InputCount, Network.OutputCount);
        var twoH = TOps.Constant(2 * step);
        var x = X;
        if (rounding == InputRounding.Float32)
        {
            for (var i = 0; i < n; i++)
            {
                _rounded[i] = Round(X[i]);
            }

            x = _rounded;
        }

        MlpForward.Run<T, TOps>(Network, x, Y, Workspace);
        for (var j = 0; j < n; j++)
        {
            var (original, xj) = (X[j], x[j]);   // x is X itself unless rounding
            x[j] = Round(TOps.Add(original, TOps.Constant(step)));
            MlpForward.Run<T, TOps>(Network, x, _plus, Workspace);
            x[j] = Round(TOps.Subtract(original, TOps.Constant(step)));
            MlpForward.Run<T, TOps>(Network, x, _minus, Workspace);
            x[j] = xj;
            for (var o = 0; o < m; o++)
            {
                _jacobian[(o * n) + j] = TOps.Divide(TOps.Subtract(_plus[o], _minus[o]), twoH);
            }
        }

        Lanes.Store<T, TOps>(_jacobian, jacobian, 0, _jacobian.Length, count);
    }

    /// <summary>float32(value) in every lane when rounding, else value.</summary>
    private T Round(T value)
    {
        if (rounding == InputRounding.None)
        {
            return value;
        }

        TOps.StoreReal(value, _lanes, 1, TOps.Lanes);
        for (var k = 0; k < _lanes.Length; k++)
        {
            _lanes[k] = (float)_lanes[k];
        }

        return TOps.LoadReal(_lanes, 1, TOps.Lanes);
    }
}
