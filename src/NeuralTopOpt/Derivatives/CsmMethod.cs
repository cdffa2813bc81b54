using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Derivatives;

/// <summary>
/// <c>csm</c>: the complex step of Eq. (8), ∂y/∂x_j ≈ Im[y(x + iηδ_j)] / η, one complex forward pass
/// per input through the generic forward pass. No difference is taken, so there is no cancellation;
/// the result is exact to rounding when η·|y''| ≪ |y'|. The outputs come from a real pass, so they
/// equal the predictions. Networks with a non-holomorphic activation (ReLU) are refused.
/// </summary>
/// <typeparam name="TComplex">Complex numbers: <see cref="System.Numerics.Complex"/> or <see cref="ComplexX4"/>.</typeparam>
/// <typeparam name="TComplexOps">Their arithmetic.</typeparam>
/// <typeparam name="TReal">The matching real numbers for the outputs.</typeparam>
/// <typeparam name="TRealOps">Their arithmetic.</typeparam>
internal sealed class CsmMethod<TComplex, TComplexOps, TReal, TRealOps> : JacobianMethod
    where TComplex : unmanaged
    where TComplexOps : IComplexOps<TComplex>
    where TReal : unmanaged
    where TRealOps : INumberOps<TReal>
{
    private readonly double _step;
    private readonly MlpPredictor<TReal, TRealOps> _predictor;
    private readonly TComplex[] _x;
    private readonly TComplex[] _y;
    private readonly TComplex[] _workspace;

    public CsmMethod(Mlp network, double step)
        : base("csm", network)
    {
        for (var n = 0; n < network.Layers.Count; n++)
        {
            var activation = network.Layers[n].Activation;
            if (!activation.IsHolomorphic())
            {
                throw new InvalidInputException($"csm needs holomorphic activations, but layer {n + 1} uses {activation.Name()}; use nnj, ad, dual or cfd");
            }
        }

        _step = step;
        _predictor = new MlpPredictor<TReal, TRealOps>(network);
        _x = new TComplex[network.InputCount];
        _y = new TComplex[network.OutputCount];
        _workspace = new TComplex[MlpForward.WorkspaceLength(network)];
    }

    protected override void Compute(int batch, ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> jacobian)
    {
        var (n, m) = (Network.InputCount, Network.OutputCount);
        _predictor.Predict(inputs, outputs);
        for (var start = 0; start < batch; start += TComplexOps.Lanes)
        {
            var count = Math.Min(TComplexOps.Lanes, batch - start);
            Lanes.Load<TComplex, TComplexOps>(inputs, start, n, count, _x);
            for (var j = 0; j < n; j++)
            {
                var xj = _x[j];
                _x[j] = TComplexOps.AddImaginary(xj, _step);
                MlpForward.Run<TComplex, TComplexOps>(Network, _x, _y, _workspace);
                _x[j] = xj;
                for (var o = 0; o < m; o++)
                {
                    TComplexOps.StoreImaginary(_y[o], jacobian[((start * m * n) + (o * n) + j)..], m * n, count);
                }
            }
        }

        var inverse = 1 / _step;
        for (var k = 0; k < batch * m * n; k++)
        {
            jacobian[k] *= inverse;
        }
    }
}
