namespace NeuralTopOpt.Studies;

/// <summary>
/// A measure between every pair of methods (Fig. 8 and 11): the mean squared difference of one vector
/// per method — final designs (θ_MSE) or initial sensitivities (∂φ₀/∂θ MSE). Symmetric with a zero
/// diagonal; N × N values row by row.
/// </summary>
/// <param name="Keys">Method keys (run keys or names such as <c>exact</c>).</param>
/// <param name="Labels">Names shown in tables and figures.</param>
/// <param name="Values">MSE of row i against column j at i·N + j.</param>
public sealed record MethodMatrix(IReadOnlyList<string> Keys, IReadOnlyList<string> Labels, double[] Values)
{
    /// <summary>The MSE between methods i and j.</summary>
    public double this[int i, int j] => Values[(i * Keys.Count) + j];

    /// <summary>The MSE between the methods keyed <paramref name="a"/> and <paramref name="b"/>.</summary>
    public double this[string a, string b] => this[IndexOf(a), IndexOf(b)];

    /// <summary>The matrix of mean squared differences between <paramref name="vectors"/> (all of one length).</summary>
    public static MethodMatrix MeanSquaredDifferences(IReadOnlyList<string> keys, IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<double>> vectors)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(vectors);
        if (keys.Count != vectors.Count || labels.Count != vectors.Count || vectors.Any(v => v.Count != vectors[0].Count))
        {
            throw new ArgumentException($"{keys.Count} keys, {labels.Count} labels and {vectors.Count} vectors, all vectors of one length, are needed");
        }

        var n = vectors.Count;
        var values = new double[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                double sum = 0;
                for (var k = 0; k < vectors[i].Count; k++)
                {
                    var d = vectors[i][k] - vectors[j][k];
                    sum += d * d;
                }

                values[(i * n) + j] = values[(j * n) + i] = sum / vectors[i].Count;
            }
        }

        return new MethodMatrix(keys, labels, values);
    }

    private int IndexOf(string key)
    {
        for (var i = 0; i < Keys.Count; i++)
        {
            if (Keys[i] == key)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"no method '{key}' in the matrix ({string.Join(", ", Keys)})");
    }
}
