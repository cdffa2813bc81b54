namespace NeuralTopOpt.Tests.Optimization.Problems;

/// <summary>
/// An HBTO-like problem with the paper's bilinear volume constraint (Eq. 13), variables
/// x = [x₁; x₂] (N each, the paper's θ = [θ₁; θ₂]):
/// <code>
///   minimize Σ aᵢ/x₁ᵢ + bᵢ/x₂ᵢ     (aᵢ, bᵢ drawn as <see cref="ComplianceLike.Weight"/>)   subject to  1 − mean(x₁ ∘ x₂) = V,  lb ≤ x ≤ 1
/// </code>
/// (inequality form: mean(x₁ ∘ x₂) + V − 1 ≤ 0, active since f decreases in x). With ρ = x₁x₂ the
/// best split of a given ρ is a convex 1-D problem and the reduced objective is convex in ρ while the
/// constraint is linear in ρ, so the KKT point is the global minimizer: for the multiplier κ each
/// element minimizes aᵢ/x₁ + bᵢ/x₂ − κx₁x₂ over [lb, 1]², whose minimizer is the interior stationary
/// point x₁ = (a²/(κb))^⅓, x₂ = (b²/(κa))^⅓ or the best clipped stationary point on one of the four
/// edges; mean(ρ(κ)) = 1 − V fixes κ (ρ decreases in κ: bisection).
/// </summary>
internal sealed class BilinearComplianceLike : TestProblem
{
    private readonly double[] _a;
    private readonly double[] _b;
    private readonly double _volume;
    private readonly int _elements;

    public BilinearComplianceLike(int elements, double volume, double lower, int seed, bool asInequality = false)
        : base(2 * elements, asInequality ? 0 : 1, asInequality ? 1 : 0, ComplianceLike.Fill(2 * elements, lower), ComplianceLike.Fill(2 * elements, 1.0))
    {
        var random = new Random(seed);
        _elements = elements;
        _a = new double[elements];
        _b = new double[elements];
        for (var i = 0; i < elements; i++)
        {
            _a[i] = ComplianceLike.Weight(random);
            _b[i] = ComplianceLike.Weight(random);
        }

        _volume = volume;
    }

    /// <summary>θ = √(1 − V) everywhere, the paper's HBTO start (feasible).</summary>
    public double[] Start => ComplianceLike.Fill(VariableCount, Math.Sqrt(1 - _volume));

    public override double Objective(ReadOnlySpan<double> x, Span<double> g)
    {
        var f = 0.0;
        for (var i = 0; i < _elements; i++)
        {
            var (x1, x2) = (x[i], x[_elements + i]);
            f += (_a[i] / x1) + (_b[i] / x2);
            g[i] = -_a[i] / (x1 * x1);
            g[_elements + i] = -_b[i] / (x2 * x2);
        }

        return f;
    }

    public override void Constraints(ReadOnlySpan<double> x, Span<double> c, Span<double> j)
    {
        var sign = EqualityCount == 1 ? -1.0 : 1.0;
        var sum = 0.0;
        for (var i = 0; i < _elements; i++)
        {
            sum += x[i] * x[_elements + i];
            j[i] = sign * x[_elements + i] / _elements;
            j[_elements + i] = sign * x[i] / _elements;
        }

        // equality: 1 − mean(x₁x₂) − V;  inequality: mean(x₁x₂) + V − 1
        c[0] = sign * ((sum / _elements) + _volume - 1);
    }

    /// <summary>The exact minimizer and its objective.</summary>
    public (double[] X, double Objective) Exact()
    {
        var lb = Lower[0];
        var x = new double[VariableCount];
        var kappa = Bisection.Solve(k => MeanProduct(k, lb, x) - (1 - _volume), decreasing: true);
        MeanProduct(kappa, lb, x);
        var f = 0.0;
        for (var i = 0; i < _elements; i++)
        {
            f += (_a[i] / x[i]) + (_b[i] / x[_elements + i]);
        }

        return (x, f);
    }

    private double MeanProduct(double kappa, double lb, double[] x)
    {
        var sum = 0.0;
        for (var i = 0; i < _elements; i++)
        {
            var (x1, x2) = ElementMinimizer(_a[i], _b[i], kappa, lb);
            x[i] = x1;
            x[_elements + i] = x2;
            sum += x1 * x2;
        }

        return sum / _elements;
    }

    private static (double, double) ElementMinimizer(double a, double b, double kappa, double lb)
    {
        double H(double p, double q) => (a / p) + (b / q) + (kappa * p * q);
        var best = (X1: 1.0, X2: 1.0);
        var bestValue = H(1, 1);
        void Consider(double p, double q)
        {
            var v = H(p, q);
            if (v < bestValue)
            {
                bestValue = v;
                best = (p, q);
            }
        }

        var i1 = Math.Cbrt(a * a / (kappa * b));
        var i2 = Math.Cbrt(b * b / (kappa * a));
        if (i1 >= lb && i1 <= 1 && i2 >= lb && i2 <= 1)
        {
            Consider(i1, i2);
        }

        foreach (var edge in new[] { lb, 1.0 })
        {
            Consider(edge, Math.Clamp(Math.Sqrt(b / (kappa * edge)), lb, 1));
            Consider(Math.Clamp(Math.Sqrt(a / (kappa * edge)), lb, 1), edge);
        }

        return best;
    }
}
