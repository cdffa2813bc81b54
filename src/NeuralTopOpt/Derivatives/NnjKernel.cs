using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Derivatives;

/// <summary>
/// The neural network Jacobian, Eq. (3)–(6), accumulated from the input forward through every
/// layer (the order of Eq. 3), including the two normalization layers:
/// <code>
///   G_0 = ∂x̂/∂x = diag(1/σ_x)
///   G_n = ∂y_n/∂x = diag(F_n'(z_n)) · W_n · G_(n−1),   z_n = W_n y_(n−1) + B_n     (Eq. 4)
///   ∂y/∂x = diag(σ_y) · G_(N_L+1)        (diag(1/σ_y) when the network normalizes its outputs)
/// </code>
/// F' is the analytic derivative of <see cref="ActivationFunctions"/>. The values y are computed
/// by exactly the operations of <see cref="MlpForward.Run{T, TOps}"/>, so they equal the predictions.
/// </summary>
internal static class NnjKernel
{
    /// <summary>Two activation layers and two Jacobian blocks of the widest width.</summary>
    public static int WorkspaceLength(Mlp network) => network.MaxWidth * (3 + (2 * network.InputCount));

    /// <summary>One group of lanes: <paramref name="y"/> (m) and <paramref name="jacobian"/> (m × n, row-major).</summary>
    public static void Run<T, TOps>(Mlp network, ReadOnlySpan<T> x, Span<T> y, Span<T> jacobian, Span<T> workspace)
        where T : unmanaged
        where TOps : INumberOps<T>
    {
        var n = network.InputCount;
        var width = network.MaxWidth;
        var current = workspace[..width];
        var next = workspace.Slice(width, width);
        var g = workspace.Slice(2 * width, width * n);
        var gNext = workspace.Slice((2 * width) + (width * n), width * n);
        var slopes = workspace.Slice((2 * width) + (2 * width * n), width);

        MlpForward.NormalizeInput<T, TOps>(network, x, current);
        var inverseStd = network.InputNormalization.InverseStd;
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < n; k++)
            {
                g[(i * n) + k] = TOps.Constant(i == k ? inverseStd[i] : 0);
            }
        }

        foreach (var layer in network.LayerArray)
        {
            var weights = layer.WeightArray;
            var biases = layer.BiasArray;
            var inputs = layer.InputCount;
            for (var j = 0; j < layer.OutputCount; j++)
            {
                var row = j * inputs;
                var z = TOps.Constant(biases[j]);
                for (var i = 0; i < inputs; i++)
                {
                    z = TOps.MultiplyAdd(current[i], weights[row + i], z);
                }

                next[j] = z;
            }

            ActivationFunctions.Evaluate<T, TOps>(layer.Activation, next[..layer.OutputCount], slopes);
            for (var j = 0; j < layer.OutputCount; j++)
            {
                var row = j * inputs;
                for (var k = 0; k < n; k++)
                {
                    var sum = TOps.Constant(0);
                    for (var i = 0; i < inputs; i++)
                    {
                        sum = TOps.MultiplyAdd(g[(i * n) + k], weights[row + i], sum);
                    }

                    gNext[(j * n) + k] = TOps.Multiply(slopes[j], sum);   // F'(z_j)·Σ_i W[j,i]·G[i,k]
                }
            }

            var swap = current;
            current = next;
            next = swap;
            swap = g;
            g = gNext;
            gNext = swap;
        }

        MlpForward.DenormalizeOutput<T, TOps>(network, current, y);
        var slope = network.OutputSlope;
        for (var o = 0; o < network.OutputCount; o++)
        {
            for (var k = 0; k < n; k++)
            {
                jacobian[(o * n) + k] = TOps.Scale(g[(o * n) + k], slope[o]);
            }
        }
    }
}
