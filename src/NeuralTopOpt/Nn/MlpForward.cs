using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Nn;

/// <summary>
/// The forward pass of <see cref="Mlp"/>, written once for every number type: real numbers predict,
/// complex numbers give the complex step (Eq. 8), dual numbers forward-mode derivatives. Each value
/// of the number type T in these methods carries <c>TOps.Lanes</c> samples.
/// </summary>
public static class MlpForward
{
    /// <summary>Length of the workspace that <see cref="Run{T, TOps}"/> needs: two layers of the widest width.</summary>
    public static int WorkspaceLength(Mlp network)
    {
        ArgumentNullException.ThrowIfNull(network);
        return 2 * network.MaxWidth;
    }

    /// <summary>
    /// Evaluates one group of lanes: <paramref name="output"/>[o] = y_o(<paramref name="input"/>), with
    /// x̂_i = (x_i − μ_i)·(1/σ_i), z_j = B_j + Σ_i W[j,i]·y_i (summed in order of i), y_j = F(z_j),
    /// and y_o = ŷ_o·σ_o + μ_o, Eq. (1)–(2) (or y_o = (ŷ_o − μ_o)·(1/σ_o), <see cref="OutputNormalizationMode.Normalize"/>).
    /// </summary>
    public static void Run<T, TOps>(Mlp network, ReadOnlySpan<T> input, Span<T> output, Span<T> workspace)
        where T : unmanaged
        where TOps : INumberOps<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var width = network.MaxWidth;
        var current = workspace[..width];
        var next = workspace.Slice(width, width);
        NormalizeInput<T, TOps>(network, input, current);
        foreach (var layer in network.LayerArray)
        {
            var weights = layer.WeightArray;
            var biases = layer.BiasArray;
            var inputs = layer.InputCount;
            for (var j = 0; j < layer.OutputCount; j++)
            {
                var z = TOps.Constant(biases[j]);
                var row = j * inputs;
                for (var i = 0; i < inputs; i++)
                {
                    z = TOps.MultiplyAdd(current[i], weights[row + i], z);
                }

                next[j] = z;
            }

            ActivationFunctions.Apply<T, TOps>(layer.Activation, next[..layer.OutputCount]);

            var swap = current;
            current = next;
            next = swap;
        }

        DenormalizeOutput<T, TOps>(network, current, output);
    }

    /// <summary>
    /// Evaluates a batch of real inputs (batch × inputs, row-major) into real outputs
    /// (batch × outputs), one group of <c>TOps.Lanes</c> samples at a time; a last, partial group is
    /// padded with copies of its last sample. <paramref name="workspace"/> needs
    /// <see cref="WorkspaceLength"/> + inputs + outputs values. Inputs are not validated here.
    /// </summary>
    public static void Predict<T, TOps>(Mlp network, ReadOnlySpan<double> inputs, Span<double> outputs, Span<T> workspace)
        where T : unmanaged
        where TOps : INumberOps<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        var n = network.InputCount;
        var m = network.OutputCount;
        var batch = inputs.Length / n;
        var layers = WorkspaceLength(network);
        var x = workspace.Slice(layers, n);
        var y = workspace.Slice(layers + n, m);
        for (var start = 0; start < batch; start += TOps.Lanes)
        {
            var count = Math.Min(TOps.Lanes, batch - start);
            for (var i = 0; i < n; i++)
            {
                x[i] = TOps.LoadReal(inputs[((start * n) + i)..], n, count);
            }

            Run<T, TOps>(network, x, y, workspace[..layers]);
            for (var o = 0; o < m; o++)
            {
                TOps.StoreReal(y[o], outputs[((start * m) + o)..], m, count);
            }
        }
    }

    /// <summary>x̂_i = (x_i − μ_i)·(1/σ_i).</summary>
    internal static void NormalizeInput<T, TOps>(Mlp network, ReadOnlySpan<T> input, Span<T> normalized)
        where T : unmanaged
        where TOps : INumberOps<T>
    {
        var mean = network.InputNormalization.Mean;
        var inverseStd = network.InputNormalization.InverseStd;
        for (var i = 0; i < network.InputCount; i++)
        {
            normalized[i] = TOps.Scale(TOps.Subtract(input[i], TOps.Constant(mean[i])), inverseStd[i]);
        }
    }

    /// <summary>y_o = ŷ_o·σ_o + μ_o, or y_o = (ŷ_o − μ_o)·(1/σ_o) when the network normalizes its outputs.</summary>
    internal static void DenormalizeOutput<T, TOps>(Mlp network, ReadOnlySpan<T> normalized, Span<T> output)
        where T : unmanaged
        where TOps : INumberOps<T>
    {
        var mean = network.OutputNormalization.Mean;
        if (network.OutputMode == OutputNormalizationMode.Normalize)
        {
            var inverseStd = network.OutputNormalization.InverseStd;
            for (var o = 0; o < network.OutputCount; o++)
            {
                output[o] = TOps.Scale(TOps.Subtract(normalized[o], TOps.Constant(mean[o])), inverseStd[o]);
            }

            return;
        }

        var std = network.OutputNormalization.Std;
        for (var o = 0; o < network.OutputCount; o++)
        {
            output[o] = TOps.MultiplyAdd(normalized[o], std[o], TOps.Constant(mean[o]));
        }
    }
}
