using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Tests.Derivatives;

/// <summary>
/// Compares Jacobians at the scale where rounding acts. ∂y_o/∂x_i is a sum of products along every
/// path through the network; its rounding error is a few ulps of the sum of the absolute values of
/// those products, |J|_abs = diag(σ_y)·|diag F'_N|·|W_N|···|diag F'_1|·|W_1|·diag(1/σ_x) (diag(1/σ_y) first
/// when the network normalizes its outputs). For an entry
/// without cancellation |J|_abs = |J|, so the measure below is the ordinary relative difference; for
/// an entry that cancels to almost nothing, it is relative to the size of the cancelling terms.
/// </summary>
internal static class JacobianComparison
{
    /// <summary>max over entries of |a − b| / |J|_abs.</summary>
    public static double WorstRelativeDifference(Mlp network, double[] inputs, JacobianResult a, JacobianResult b)
    {
        var scale = AbsoluteJacobian(network, inputs);
        var worst = 0.0;
        for (var k = 0; k < a.Jacobian.Length; k++)
        {
            var difference = Math.Abs(a.Jacobian[k] - b.Jacobian[k]);
            if (difference > 0)
            {
                worst = Math.Max(worst, difference / scale[k]);
            }
        }

        return worst;
    }

    /// <summary>|J|_abs for every sample, in the Jacobian layout (batch × m × n).</summary>
    public static double[] AbsoluteJacobian(Mlp network, double[] inputs)
    {
        var (n, m) = (network.InputCount, network.OutputCount);
        var batch = inputs.Length / n;
        var result = new double[batch * m * n];
        for (var b = 0; b < batch; b++)
        {
            var y = network.InputNormalization.Mean.ToArray().Select((mean, i) => (inputs[(b * n) + i] - mean) / network.InputNormalization.Std[i]).ToArray();
            var g = new double[n, n];
            for (var i = 0; i < n; i++)
            {
                g[i, i] = 1 / network.InputNormalization.Std[i];
            }

            foreach (var layer in network.Layers)
            {
                var next = new double[layer.OutputCount];
                var gNext = new double[layer.OutputCount, n];
                for (var j = 0; j < layer.OutputCount; j++)
                {
                    var z = layer.Biases[j];
                    for (var i = 0; i < layer.InputCount; i++)
                    {
                        z += layer.Weight(j, i) * y[i];
                    }

                    next[j] = ActivationFunctions.Evaluate<double, RealOps>(layer.Activation, z, out var slope);
                    for (var k = 0; k < n; k++)
                    {
                        for (var i = 0; i < layer.InputCount; i++)
                        {
                            gNext[j, k] += Math.Abs(slope * layer.Weight(j, i)) * g[i, k];
                        }
                    }
                }

                (y, g) = (next, gNext);
            }

            for (var o = 0; o < m; o++)
            {
                for (var k = 0; k < n; k++)
                {
                    var slope = network.OutputMode == OutputNormalizationMode.Normalize ? 1 / network.OutputNormalization.Std[o] : network.OutputNormalization.Std[o];
                    result[(b * m * n) + (o * n) + k] = slope * g[o, k];
                }
            }
        }

        return result;
    }
}
