namespace NeuralTopOpt.Tests.Optimization.Problems;

/// <summary>
/// A separable stand-in for compliance minimization (DBTO-like):
/// <code>
///   minimize Σ cᵢ/xᵢ   subject to  mean(x) = V  (or mean(x) − V ≤ 0),  lb ≤ x ≤ 1
/// </code>
/// with cᵢ = max(tᵢ, 10⁻⁴)², tᵢ ~ U(−0.05, 1.3) from a seed, so that most xᵢ are free and some end
/// at either bound (free ones have curvature 2κ/xᵢ, comparable to the objective's scale). The KKT conditions
/// −cᵢ/xᵢ² + κ − ζₗ + ζᵤ = 0 give xᵢ(κ) = clip(√(cᵢ/κ), lb, 1), and mean(x(κ)) = V fixes κ &gt; 0
/// (mean(x(κ)) decreases in κ: bisection). Since f is decreasing in every xᵢ, the volume constraint
/// is active and the inequality form has the same solution.
/// </summary>
internal sealed class ComplianceLike : TestProblem
{
    private readonly double[] _c;
    private readonly double _volume;

    public ComplianceLike(int n, double volume, double lower, int seed, bool asInequality = false)
        : base(n, asInequality ? 0 : 1, asInequality ? 1 : 0, Fill(n, lower), Fill(n, 1.0))
    {
        var random = new Random(seed);
        _c = new double[n];
        for (var i = 0; i < n; i++)
        {
            _c[i] = Weight(random);
        }

        _volume = volume;
    }

    public double[] Start => Fill(VariableCount, _volume);

    public override double Objective(ReadOnlySpan<double> x, Span<double> g)
    {
        var f = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            f += _c[i] / x[i];
            g[i] = -_c[i] / (x[i] * x[i]);
        }

        return f;
    }

    public override void Constraints(ReadOnlySpan<double> x, Span<double> c, Span<double> j)
    {
        var n = x.Length;
        var sum = 0.0;
        for (var i = 0; i < n; i++)
        {
            sum += x[i];
            j[i] = 1.0 / n;
        }

        c[0] = (sum / n) - _volume;
    }

    /// <summary>The exact minimizer, its objective and the multiplier κ of the volume constraint.</summary>
    public (double[] X, double Objective, double Multiplier) Exact()
    {
        var lb = Lower[0];
        var x = new double[VariableCount];
        var kappa = Bisection.Solve(k => Mean(k, lb, x) - _volume, decreasing: true);
        Mean(kappa, lb, x);
        var f = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            f += _c[i] / x[i];
        }

        return (x, f, kappa);
    }

    private double Mean(double kappa, double lb, double[] x)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = Math.Clamp(Math.Sqrt(_c[i] / kappa), lb, 1.0);
        }

        return x.Average();
    }

    /// <summary>max(t, 10⁻⁴)² with t ~ U(−0.05, 1.3).</summary>
    internal static double Weight(Random random)
    {
        var t = -0.05 + (1.35 * random.NextDouble());
        return Math.Max(t, 1e-4) * Math.Max(t, 1e-4);
    }

    internal static double[] Fill(int n, double value) => Enumerable.Repeat(value, n).ToArray();
}

/// <summary>Bisection on log κ ∈ [10⁻³⁰, 10³⁰] for a monotone function of κ.</summary>
internal static class Bisection
{
    public static double Solve(Func<double, double> residual, bool decreasing)
    {
        double lo = -30, hi = 30;
        for (var k = 0; k < 200; k++)
        {
            var mid = 0.5 * (lo + hi);
            var r = residual(Math.Pow(10, mid));
            if ((r > 0) == decreasing)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return Math.Pow(10, 0.5 * (lo + hi));
    }
}
