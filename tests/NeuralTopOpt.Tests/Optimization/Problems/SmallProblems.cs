namespace NeuralTopOpt.Tests.Optimization.Problems;

/// <summary>Rosenbrock's function f = (1 − x₀)² + 100(x₁ − x₀²)² with bounds.</summary>
internal sealed class Rosenbrock(double[] lower, double[] upper) : TestProblem(2, 0, 0, lower, upper)
{
    public override double Objective(ReadOnlySpan<double> x, Span<double> g)
    {
        var a = 1 - x[0];
        var b = x[1] - (x[0] * x[0]);
        g[0] = (-2 * a) - (400 * x[0] * b);
        g[1] = 200 * b;
        return (a * a) + (100 * b * b);
    }
}

/// <summary>
/// Hock &amp; Schittkowski problem 71 (Hock &amp; Schittkowski 1981; the IPOPT tutorial problem):
/// f = x₀x₃(x₀ + x₁ + x₂) + x₂, x₀x₁x₂x₃ ≥ 25, Σxᵢ² = 40, 1 ≤ x ≤ 5; f* = 17.0140173 at
/// (1, 4.7429994, 3.8211503, 1.3794082). With <c>sphereAsInequality</c> the equality becomes
/// Σxᵢ² ≤ 40, which has the same solution (its multiplier has the sign of an active upper bound).
/// </summary>
internal sealed class Hs071(bool sphereAsInequality = false)
    : TestProblem(4, sphereAsInequality ? 0 : 1, sphereAsInequality ? 2 : 1, [1, 1, 1, 1], [5, 5, 5, 5])
{
    public static readonly double[] Solution = [1.0, 4.74299963, 3.82114998, 1.37940829];
    public const double Optimum = 17.0140173;

    public override double Objective(ReadOnlySpan<double> x, Span<double> g)
    {
        var sum = x[0] + x[1] + x[2];
        g[0] = (x[3] * sum) + (x[0] * x[3]);
        g[1] = x[0] * x[3];
        g[2] = (x[0] * x[3]) + 1;
        g[3] = x[0] * sum;
        return (x[0] * x[3] * sum) + x[2];
    }

    // rows: [Σx² − 40 (= 0 or ≤ 0)], 25 − x₀x₁x₂x₃ ≤ 0
    public override void Constraints(ReadOnlySpan<double> x, Span<double> c, Span<double> j)
    {
        var sphere = EqualityCount == 1 ? 0 : 1;
        var product = sphere == 0 ? 1 : 0;
        c[sphere] = (x[0] * x[0]) + (x[1] * x[1]) + (x[2] * x[2]) + (x[3] * x[3]) - 40;
        for (var i = 0; i < 4; i++)
        {
            j[(sphere * 4) + i] = 2 * x[i];
        }

        c[product] = 25 - (x[0] * x[1] * x[2] * x[3]);
        j[(product * 4) + 0] = -x[1] * x[2] * x[3];
        j[(product * 4) + 1] = -x[0] * x[2] * x[3];
        j[(product * 4) + 2] = -x[0] * x[1] * x[3];
        j[(product * 4) + 3] = -x[0] * x[1] * x[2];
    }
}

/// <summary>
/// Hock &amp; Schittkowski problem 35: f = 9 − 8x₀ − 6x₁ − 4x₂ + 2x₀² + 2x₁² + x₂² + 2x₀x₁ + 2x₀x₂,
/// x₀ + x₁ + 2x₂ ≤ 3, x ≥ 0; f* = 1/9 at (4/3, 7/9, 4/9). <paramref name="upper"/> allows finite
/// (inactive) upper bounds for methods that need them.
/// </summary>
internal sealed class Hs035(double upper = double.PositiveInfinity)
    : TestProblem(3, 0, 1, [0, 0, 0], [upper, upper, upper])
{
    public static readonly double[] Solution = [4.0 / 3, 7.0 / 9, 4.0 / 9];
    public const double Optimum = 1.0 / 9;

    public override double Objective(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = -8 + (4 * x[0]) + (2 * x[1]) + (2 * x[2]);
        g[1] = -6 + (4 * x[1]) + (2 * x[0]);
        g[2] = -4 + (2 * x[2]) + (2 * x[0]);
        return 9 - (8 * x[0]) - (6 * x[1]) - (4 * x[2]) + (2 * x[0] * x[0]) + (2 * x[1] * x[1]) + (x[2] * x[2])
            + (2 * x[0] * x[1]) + (2 * x[0] * x[2]);
    }

    public override void Constraints(ReadOnlySpan<double> x, Span<double> c, Span<double> j)
    {
        c[0] = x[0] + x[1] + (2 * x[2]) - 3;
        j[0] = 1;
        j[1] = 1;
        j[2] = 2;
    }
}

/// <summary>
/// Hock &amp; Schittkowski problem 21: f = 0.01x₀² + x₁² − 100, 10x₀ − x₁ ≥ 10, 2 ≤ x₀ ≤ 50,
/// −50 ≤ x₁ ≤ 50; f* = −99.96 at (2, 0) (the bound x₀ ≥ 2 active, the inequality not).
/// </summary>
internal sealed class Hs021() : TestProblem(2, 0, 1, [2, -50], [50, 50])
{
    public static readonly double[] Solution = [2.0, 0.0];
    public const double Optimum = -99.96;

    public override double Objective(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = 0.02 * x[0];
        g[1] = 2 * x[1];
        return (0.01 * x[0] * x[0]) + (x[1] * x[1]) - 100;
    }

    public override void Constraints(ReadOnlySpan<double> x, Span<double> c, Span<double> j)
    {
        c[0] = 10 - (10 * x[0]) + x[1];
        j[0] = -10;
        j[1] = 1;
    }
}

/// <summary>
/// Hock &amp; Schittkowski problem 6: f = (1 − x₀)², 10(x₁ − x₀²) = 0, no bounds; f* = 0 at (1, 1),
/// from (−1.2, 1): the pure equality-constrained path (no slacks, no barrier).
/// </summary>
internal sealed class Hs006() : TestProblem(2, 1, 0, [double.NegativeInfinity, double.NegativeInfinity], [double.PositiveInfinity, double.PositiveInfinity])
{
    public override double Objective(ReadOnlySpan<double> x, Span<double> g)
    {
        g[0] = -2 * (1 - x[0]);
        g[1] = 0;
        return (1 - x[0]) * (1 - x[0]);
    }

    public override void Constraints(ReadOnlySpan<double> x, Span<double> c, Span<double> j)
    {
        c[0] = 10 * (x[1] - (x[0] * x[0]));
        j[0] = -20 * x[0];
        j[1] = 10;
    }
}
