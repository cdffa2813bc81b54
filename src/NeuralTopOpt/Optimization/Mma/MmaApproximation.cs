namespace NeuralTopOpt.Optimization.Mma;

/// <summary>
/// The convex separable MMA approximation at x (Svanberg 1987; Svanberg 2007 notes, Sec. 3–4, the
/// <c>mmasub</c> routine):
/// <code>
///   f̃ᵢ(x) = Σⱼ ( pᵢⱼ/(uⱼ − xⱼ) + qᵢⱼ/(xⱼ − lⱼ) ) − bᵢ     (i = 0 objective, i ≥ 1 constraints; b₀ dropped)
///   pᵢⱼ = (uⱼ − xⱼ)²·(1.001·(∂fᵢ/∂xⱼ)⁺ + 0.001·(∂fᵢ/∂xⱼ)⁻ + 10⁻⁵/(xmaxⱼ − xminⱼ))
///   qᵢⱼ = (xⱼ − lⱼ)²·(0.001·(∂fᵢ/∂xⱼ)⁺ + 1.001·(∂fᵢ/∂xⱼ)⁻ + 10⁻⁵/(xmaxⱼ − xminⱼ))
/// </code>
/// with moving asymptotes l, u (x ∓ 0.5·(xmax − xmin) for the first two iterations, then widened by
/// 1.2 or narrowed by 0.7 depending on whether xⱼ keeps its direction, kept within 0.01–10 ranges of
/// x) and the subproblem bounds α = max(xmin, l + 0.1(x − l), x − move·(xmax − xmin)),
/// β = min(xmax, u − 0.1(u − x), x + move·(xmax − xmin)).
/// </summary>
internal sealed class MmaApproximation
{
    private const double Albefa = 0.1;
    private const double Raa0 = 1e-5;

    private readonly MmaOptions _options;

    public MmaApproximation(int n, int m, MmaOptions options)
    {
        _options = options;
        Low = new double[n];
        Upp = new double[n];
        Alpha = new double[n];
        Beta = new double[n];
        P0 = new double[n];
        Q0 = new double[n];
        P = new double[m * n];
        Q = new double[m * n];
        B = new double[m];
    }

    public double[] Low { get; }

    public double[] Upp { get; }

    public double[] Alpha { get; }

    public double[] Beta { get; }

    public double[] P0 { get; }

    public double[] Q0 { get; }

    /// <summary>m × n, row-major.</summary>
    public double[] P { get; }

    /// <summary>m × n, row-major.</summary>
    public double[] Q { get; }

    public double[] B { get; }

    /// <summary>
    /// Builds the approximation at <paramref name="x"/> for outer iteration <paramref name="iteration"/>
    /// (1, 2, ...), given the two previous iterates, the bounds, ∇f₀, the constraint values and their Jacobian.
    /// With <paramref name="moveAsymptotes"/> false the asymptotes of the previous call are kept (a
    /// rebuild within one iteration, e.g. with ∇f₀ rescaled).
    /// </summary>
    public void Build(
        int iteration, ReadOnlySpan<double> x, ReadOnlySpan<double> xOld1, ReadOnlySpan<double> xOld2,
        ReadOnlySpan<double> xmin, ReadOnlySpan<double> xmax, ReadOnlySpan<double> df0, ReadOnlySpan<double> fval, ReadOnlySpan<double> dfdx,
        bool moveAsymptotes = true)
    {
        var n = x.Length;
        var m = fval.Length;
        if (moveAsymptotes)
        {
            UpdateAsymptotes(iteration, x, xOld1, xOld2, xmin, xmax);
        }

        for (var j = 0; j < n; j++)
        {
            var range = xmax[j] - xmin[j];
            Alpha[j] = Math.Max(Math.Max(Low[j] + (Albefa * (x[j] - Low[j])), x[j] - (_options.Move * range)), xmin[j]);
            Beta[j] = Math.Min(Math.Min(Upp[j] - (Albefa * (Upp[j] - x[j])), x[j] + (_options.Move * range)), xmax[j]);
            var inverseRange = 1.0 / Math.Max(range, 1e-5);
            var ux2 = (Upp[j] - x[j]) * (Upp[j] - x[j]);
            var xl2 = (x[j] - Low[j]) * (x[j] - Low[j]);
            (P0[j], Q0[j]) = Coefficients(df0[j], inverseRange, ux2, xl2);
            for (var i = 0; i < m; i++)
            {
                (P[(i * n) + j], Q[(i * n) + j]) = Coefficients(dfdx[(i * n) + j], inverseRange, ux2, xl2);
            }
        }

        // bᵢ = Σⱼ pᵢⱼ/(uⱼ − xⱼ) + qᵢⱼ/(xⱼ − lⱼ) − fᵢ(x), so that f̃ᵢ(x) = fᵢ(x)
        for (var i = 0; i < m; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < n; j++)
            {
                sum += (P[(i * n) + j] / (Upp[j] - x[j])) + (Q[(i * n) + j] / (x[j] - Low[j]));
            }

            B[i] = sum - fval[i];
        }
    }

    private static (double P, double Q) Coefficients(double derivative, double inverseRange, double ux2, double xl2)
    {
        var plus = Math.Max(derivative, 0.0);
        var minus = Math.Max(-derivative, 0.0);
        var pq = (0.001 * (plus + minus)) + (Raa0 * inverseRange);
        return ((plus + pq) * ux2, (minus + pq) * xl2);
    }

    private void UpdateAsymptotes(
        int iteration, ReadOnlySpan<double> x, ReadOnlySpan<double> xOld1, ReadOnlySpan<double> xOld2, ReadOnlySpan<double> xmin, ReadOnlySpan<double> xmax)
    {
        for (var j = 0; j < x.Length; j++)
        {
            var range = xmax[j] - xmin[j];
            if (iteration <= 2)
            {
                Low[j] = x[j] - (_options.AsymptoteInitial * range);
                Upp[j] = x[j] + (_options.AsymptoteInitial * range);
                continue;
            }

            var trend = (x[j] - xOld1[j]) * (xOld1[j] - xOld2[j]);
            var factor = trend > 0 ? _options.AsymptoteIncrease : trend < 0 ? _options.AsymptoteDecrease : 1.0;
            Low[j] = Math.Clamp(x[j] - (factor * (xOld1[j] - Low[j])), x[j] - (10 * range), x[j] - (0.01 * range));
            Upp[j] = Math.Clamp(x[j] + (factor * (Upp[j] - xOld1[j])), x[j] + (0.01 * range), x[j] + (10 * range));
        }
    }
}
