namespace NeuralTopOpt.Studies;

/// <summary>
/// A network's derivatives by each method against exact values at the same points: for DBTO dE/dθ
/// against Eq. (15), for HBTO ∂C/∂θ against the homogenized cell's exact derivative. Values are laid
/// out point by point with <see cref="Stride"/> entries each (1 for DBTO; 8 for HBTO: ∂C_t/∂θ_k at
/// 2t + k, t = C11, C12, C22, C33).
/// </summary>
/// <param name="Network">Key of the network.</param>
/// <param name="Stride">Entries per point.</param>
/// <param name="Exact">The exact derivatives.</param>
/// <param name="Methods">The network's derivatives by method, in the layout of <paramref name="Exact"/>.</param>
public sealed record DerivativeComparison(string Network, int Stride, double[] Exact, IReadOnlyDictionary<string, double[]> Methods)
{
    /// <summary>Root mean square of the exact values (the scale of the errors).</summary>
    public double ExactRms => Math.Sqrt(Exact.Average(v => v * v));

    /// <summary>Root mean square error of <paramref name="method"/> over every point and entry.</summary>
    public double Rmse(string method) => Math.Sqrt(Errors(method).Average(e => e * e));

    /// <summary><see cref="Rmse"/> divided by <see cref="ExactRms"/>.</summary>
    public double RelativeRmse(string method) => Rmse(method) / ExactRms;

    /// <summary>Largest absolute error of <paramref name="method"/>.</summary>
    public double MaxError(string method) => Errors(method).Max(Math.Abs);

    /// <summary>Root mean square error of entry <paramref name="entry"/> (0 … <see cref="Stride"/> − 1) over the points.</summary>
    public double EntryRmse(string method, int entry) =>
        Math.Sqrt(Errors(method).Where((_, i) => i % Stride == entry).Average(e => e * e));

    /// <summary>Root mean square of the exact entry <paramref name="entry"/>.</summary>
    public double EntryRms(int entry) => Math.Sqrt(Exact.Where((_, i) => i % Stride == entry).Average(v => v * v));

    /// <summary>‖J_method − J_exact‖ / ‖J_exact‖ at each point (Euclidean norms over the point's entries).</summary>
    public double[] RelativeErrorByPoint(string method)
    {
        var values = Methods[method];
        var points = Exact.Length / Stride;
        var result = new double[points];
        for (var p = 0; p < points; p++)
        {
            double error = 0, norm = 0;
            for (var k = p * Stride; k < (p + 1) * Stride; k++)
            {
                error += (values[k] - Exact[k]) * (values[k] - Exact[k]);
                norm += Exact[k] * Exact[k];
            }

            result[p] = norm > 0 ? Math.Sqrt(error / norm) : Math.Sqrt(error);
        }

        return result;
    }

    private IEnumerable<double> Errors(string method)
    {
        var values = Methods[method];
        return Exact.Select((v, i) => values[i] - v);
    }
}
