using System.Text.Json;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.QuasiNewton;
using NeuralTopOpt.Optimization.TrustRegion;

namespace NeuralTopOpt.Tests.Optimization.TrustRegion;

/// <summary>
/// <see cref="TrustRegionOptions.SciPy"/> against SciPy 1.10.1's <c>trust-constr</c> itself, row by
/// row of its verbose table, on small problems (every row, 15 to 151 per case): <c>scipy-traces.json</c> next to this file, written
/// by <c>tools/scipy/small_cases.py</c>. A row is a SciPy <c>niter</c> (the start, every trial step,
/// every barrier update); ours is iteration niter − 1. Every rule shows up in these numbers: the
/// objective after each step (the Hessian approximations B_f + B_c and their pairs, the normal and
/// tangential steps), the trust radius (its update table), μ (the barrier schedule and the
/// subproblem test), the evaluation count (rejected trials and second-order corrections evaluated),
/// and where and why the run stops.
/// </summary>
public class SciPyTraceTests
{
    private static readonly Lazy<JsonDocument> Data = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Optimization", "TrustRegion", "scipy-traces.json"))));

    [Theory]
    [InlineData("rosenbrock-bounds")]
    [InlineData("maratos")]
    [InlineData("compliance-linear")]
    [InlineData("compliance-bilinear")]
    [InlineData("compliance-bilinear-paper-tol")]
    [InlineData("hs071")]
    public void Every_row_of_scipy_trust_constr_is_reproduced(string name)
    {
        var trace = Data.Value.RootElement.GetProperty("traces").GetProperty(name);
        var rows = trace.GetProperty("rows").EnumerateArray().ToArray();
        var tol = trace.GetProperty("tol").GetDouble();
        var start = trace.GetProperty("x0").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        var problem = Problem(name);

        var result = new TrustRegionOptimizer(TrustRegionOptions.SciPy).Minimize(
            problem, start, new StoppingCriteria(trace.GetProperty("maxiter").GetInt32() - 1, tol, tol));

        for (var k = 1; k < Math.Min(rows.Length, result.History.Count + 1); k++)
        {
            var (row, ours) = (rows[k], result.History[k - 1]);
            var where = $"{name} niter {k + 1}";
            Assert.Equal(row.GetProperty("nfev").GetInt32(), ours.Evaluations);
            Assert.Equal(row.GetProperty("barrier_parameter").GetDouble(), ours.BarrierParameter!.Value, 1e-15);
            Relative(row.GetProperty("objective").GetDouble(), ours.Objective, 1e-8, $"{where}: objective"); // 1.3e-9 seen on Rosenbrock, else 2e-15
            Relative(row.GetProperty("tr_radius").GetDouble(), ours.TrustRadius!.Value, 1e-7, $"{where}: trust radius");
            Relative(row.GetProperty("optimality").GetDouble(), ours.Optimality!.Value, 1e-5, $"{where}: optimality", absolute: 1e-9);
        }

        Assert.Equal(rows.Length - 1, result.Iterations);
        Assert.Equal(
            trace.GetProperty("status").GetInt32() switch
            {
                0 => ExitReason.MaxIterations,
                1 => ExitReason.OptimalityReached,
                _ => ExitReason.TrustRadiusBelowTolerance,
            },
            result.ExitReason);
    }

    [Fact]
    public void Dense_bfgs_matches_scipy_bfgs_on_a_sequence_with_a_zero_and_a_negative_curvature_pair()
    {
        var reference = Data.Value.RootElement.GetProperty("bfgs");
        var n = reference.GetProperty("n").GetInt32();
        var bfgs = new DenseBfgs(n, CurvatureSafeguard.Skip);
        var outcomes = new List<string>();
        foreach (var pair in reference.GetProperty("pairs").EnumerateArray())
        {
            var s = pair.GetProperty("s").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            var y = pair.GetProperty("y").EnumerateArray().Select(e => e.GetDouble()).ToArray();
            outcomes.Add(bfgs.Update(s, y) == UpdateOutcome.Skipped ? "unchanged" : "changed");
        }

        Assert.Equal(reference.GetProperty("outcomes").EnumerateArray().Select(e => e.GetString()), outcomes);
        var matrix = reference.GetProperty("matrix").EnumerateArray().Select(r => r.EnumerateArray().Select(e => e.GetDouble()).ToArray()).ToArray();
        var column = new double[n];
        for (var j = 0; j < n; j++)
        {
            var unit = new double[n];
            unit[j] = 1;
            bfgs.Multiply(unit, column);
            for (var i = 0; i < n; i++)
            {
                Relative(matrix[i][j], column[i], 1e-12, $"B[{i},{j}]", absolute: 1e-12);
            }
        }
    }

    private static void Relative(double expected, double actual, double tolerance, string what, double absolute = 0)
    {
        Assert.True(
            Math.Abs(actual - expected) <= (tolerance * Math.Abs(expected)) + absolute,
            $"{what}: SciPy {expected:R}, ours {actual:R}");
    }

    private static IOptimizationProblem Problem(string name) => name switch
    {
        "rosenbrock-bounds" => new RosenbrockBounds(),
        "maratos" => new Maratos(),
        "hs071" => new Hs071Scipy(),
        "compliance-linear" => new ComplianceLinear(12, 0.4, 0.001),
        _ => new ComplianceBilinear(8, 0.5, 0.001),
    };

    // (0.1 + ((k·i + 3) mod 11)/10)², as small_cases.weights
    private static double[] Weights(int n, int k) => Enumerable.Range(0, n).Select(i => Math.Pow(0.1 + (((k * i) + 3) % 11 / 10.0), 2)).ToArray();

    /// <summary>Problems without a guard on the bounds: SciPy evaluates trial points outside them.</summary>
    private abstract class Unguarded(int n, int equalities, int inequalities, double lower, double upper) : IOptimizationProblem
    {
        public int VariableCount => n;

        public int EqualityCount => equalities;

        public int InequalityCount => inequalities;

        public virtual void GetBounds(Span<double> lb, Span<double> ub)
        {
            lb.Fill(lower);
            ub.Fill(upper);
        }

        public abstract double Evaluate(ReadOnlySpan<double> x, Span<double> gradient);

        public abstract void EvaluateConstraints(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian);
    }

    /// <summary>Rosenbrock on [−2, 0.5] × [−2, 2], unconstrained otherwise (x₀ ≤ 0.5 active).</summary>
    private sealed class RosenbrockBounds() : Unguarded(2, 0, 0, -2, 2)
    {
        public override void GetBounds(Span<double> lb, Span<double> ub)
        {
            base.GetBounds(lb, ub);
            ub[0] = 0.5;
        }

        public override double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = (-400 * x[0] * (x[1] - (x[0] * x[0]))) - (2 * (1 - x[0]));
            g[1] = 200 * (x[1] - (x[0] * x[0]));
            return (100 * (x[1] - (x[0] * x[0])) * (x[1] - (x[0] * x[0]))) + ((1 - x[0]) * (1 - x[0]));
        }

        public override void EvaluateConstraints(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian)
        {
        }
    }

    /// <summary>Nocedal &amp; Wright Example 15.4: 2(x² + y² − 1) − x on the unit circle, bounds ±5.</summary>
    private sealed class Maratos() : Unguarded(2, 1, 0, -5, 5)
    {
        public override double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            g[0] = (4 * x[0]) - 1;
            g[1] = 4 * x[1];
            return (2 * ((x[0] * x[0]) + (x[1] * x[1]) - 1)) - x[0];
        }

        public override void EvaluateConstraints(ReadOnlySpan<double> x, Span<double> c, Span<double> j)
        {
            c[0] = (x[0] * x[0]) + (x[1] * x[1]) - 1;
            j[0] = 2 * x[0];
            j[1] = 2 * x[1];
        }
    }

    /// <summary>HS071 as small_cases.hs071: Σx² = 40 and x₀x₁x₂x₃ ≥ 25 (as 25 − Πx ≤ 0), 1 ≤ x ≤ 5.</summary>
    private sealed class Hs071Scipy() : Unguarded(4, 1, 1, 1, 5)
    {
        public override double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            var s = x[0] + x[1] + x[2];
            g[0] = (x[3] * s) + (x[0] * x[3]);
            g[1] = x[0] * x[3];
            g[2] = (x[0] * x[3]) + 1;
            g[3] = x[0] * s;
            return (x[0] * x[3] * s) + x[2];
        }

        public override void EvaluateConstraints(ReadOnlySpan<double> x, Span<double> c, Span<double> j)
        {
            c[0] = (x[0] * x[0]) + (x[1] * x[1]) + (x[2] * x[2]) + (x[3] * x[3]) - 40;
            c[1] = 25 - (x[0] * x[1] * x[2] * x[3]);
            for (var i = 0; i < 4; i++)
            {
                j[i] = 2 * x[i];
            }

            j[4] = -x[1] * x[2] * x[3];
            j[5] = -x[0] * x[2] * x[3];
            j[6] = -x[0] * x[1] * x[3];
            j[7] = -x[0] * x[1] * x[2];
        }
    }

    /// <summary>Σ cᵢ/xᵢ with mean(x) = V: a linear constraint.</summary>
    private sealed class ComplianceLinear(int size, double volume, double lower) : Unguarded(size, 1, 0, lower, 1)
    {
        private readonly double[] _c = Weights(size, 7);

        public override double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            var f = 0.0;
            for (var i = 0; i < x.Length; i++)
            {
                f += _c[i] / x[i];
                g[i] = -_c[i] / (x[i] * x[i]);
            }

            return f;
        }

        public override void EvaluateConstraints(ReadOnlySpan<double> x, Span<double> c, Span<double> j)
        {
            var (sum, n) = (0.0, x.Length);
            for (var i = 0; i < n; i++)
            {
                sum += x[i];
                j[i] = 1.0 / n;
            }

            c[0] = (sum / n) - volume;
        }
    }

    /// <summary>Σ aᵢ/x₁ᵢ + bᵢ/x₂ᵢ with 1 − mean(x₁x₂) = V: the paper's bilinear HBTO constraint.</summary>
    private sealed class ComplianceBilinear(int elements, double volume, double lower) : Unguarded(2 * elements, 1, 0, lower, 1)
    {
        private readonly double[] _a = Weights(elements, 5);
        private readonly double[] _b = Weights(elements, 3);

        public override double Evaluate(ReadOnlySpan<double> x, Span<double> g)
        {
            var (fa, fb, m) = (0.0, 0.0, x.Length / 2);
            for (var i = 0; i < m; i++)
            {
                fa += _a[i] / x[i];
                fb += _b[i] / x[m + i];
                g[i] = -_a[i] / (x[i] * x[i]);
                g[m + i] = -_b[i] / (x[m + i] * x[m + i]);
            }

            return fa + fb;
        }

        public override void EvaluateConstraints(ReadOnlySpan<double> x, Span<double> c, Span<double> j)
        {
            var (sum, m) = (0.0, x.Length / 2);
            for (var i = 0; i < m; i++)
            {
                sum += x[i] * x[m + i];
                j[i] = -x[m + i] / m;
                j[m + i] = -x[i] / m;
            }

            c[0] = 1 - (sum / m) - volume;
        }
    }
}
