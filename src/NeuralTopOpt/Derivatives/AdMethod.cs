using NeuralTopOpt.AutoDiff;
using NeuralTopOpt.Nn;

namespace NeuralTopOpt.Derivatives;

/// <summary>
/// <c>ad</c>: reverse-mode automatic differentiation. The network is recorded on a <see cref="Tape"/>
/// as whole-batch matrix operations (<see cref="MlpGraph"/>); the Jacobian is then assembled from
/// one vector-Jacobian product per output o, with seed v = e_o in every row: since the samples of a
/// batch are independent, row b of vᵀ·∂Y/∂X is ∂y_o/∂x of sample b. The outputs are the tape's
/// forward values (equal to the predictions up to rounding: the product sums in another order).
/// </summary>
internal sealed class AdMethod : JacobianMethod
{
    private readonly Tape _tape = new();
    private double[] _seed = [];

    public AdMethod(Mlp network)
        : base("ad", network)
    {
    }

    protected override void Compute(int batch, ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> jacobian)
    {
        var (n, m) = (Network.InputCount, Network.OutputCount);
        _tape.Reset();
        var x = _tape.Input(inputs, batch, n);
        var y = MlpGraph.Record(_tape, Network, x);
        y.Value.CopyTo(outputs);
        if (_seed.Length != batch * m)
        {
            _seed = new double[batch * m];
        }

        for (var o = 0; o < m; o++)
        {
            Array.Clear(_seed);
            for (var b = 0; b < batch; b++)
            {
                _seed[(b * m) + o] = 1;
            }

            _tape.Backward(y, _seed);
            var gradient = x.Gradient;
            for (var b = 0; b < batch; b++)
            {
                gradient.Slice(b * n, n).CopyTo(jacobian.Slice((b * m * n) + (o * n), n));
            }
        }
    }
}
