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
internal sealed class CsmMethod<TComplex, TComplexOps, TReal, TRealOps> : LaneJacobianMethod<TComplex, TComplexOps>
    where TComplex : unmanaged
    where TComplexOps : IComplexOps<TComplex>
    where TReal : unmanaged
    where TRealOps : INumberOps<TReal>
{
    private readonly double _step;
    private readonly MlpPredictor<TReal, TRealOps> _predictor;

    public CsmMethod(Mlp network, double step)
        : base("csm", network, MlpForward.WorkspaceLength(network))
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
    }

    protected override bool StoresOutputs => false;

    protected override void Compute(int batch, ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> jacobian)
    {
        _predictor.Predict(inputs, outputs);
        base.Compute(batch, inputs, outputs, jacobian);
        var inverse = 1 / _step;
        for (var k = 0; k < jacobian.Length; k++)
        {
            jacobian[k] *= inverse;                                   // Im[y(x + iηδ_j)] / η
        }
    }

    protected override void ComputeGroup(int count, Span<double> jacobian)
    {
        var (n, m) = (Network.InputCount, Network.OutputCount);
        for (var j = 0; j < n; j++)
        {
            var xj = X[j];
            X[j] = TComplexOps.AddImaginary(xj, _step);
            MlpForward.Run<TComplex, TComplexOps>(Network, X, Y, Workspace);
            X[j] = xj;
            for (var o = 0; o < m; o++)
            {
                TComplexOps.StoreImaginary(Y[o], jacobian[((o * n) + j)..], m * n, count);
            }
        }
    }
}
