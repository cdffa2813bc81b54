using System.Diagnostics;
using System.Globalization;

namespace NeuralTopOpt.Optimization.OptimalityCriteria;

/// <summary>
/// The optimality-criteria update of the 88-line code (Andreassen et al. 2011) for problems with one
/// linear constraint c(x) = aᵀx − b (= 0 or ≤ 0) with a ≥ 0, such as the DBTO volume of Eq. (12):
/// <code>
///   Bₑ = (−∂f/∂xₑ / (λ·∂c/∂xₑ))^η,
///   xₑ⁺ = clamp(xₑ·Bₑ, max(lₑ, xₑ − move), min(uₑ, xₑ + move)),
/// </code>
/// with the multiplier λ found by bisection so that c(x⁺) = 0. Because c is linear, c(x⁺) = c(x) + aᵀ(x⁺ − x)
/// is exact without calling the problem. The 88-line code stops its bisection at a relative width of
/// 10⁻³, which leaves the volume off by up to about 10⁻⁴; this one bisects until the constraint holds to
/// 10⁻¹² (or the bracket collapses). The bracket is relative to the gradient (it starts at the largest
/// ratio −∂f/∂xₑ / ∂c/∂xₑ), so the method is invariant to the scale of f: f and s·f give the same
/// iterates for any s &gt; 0, however small or large the compliance. Each iteration is one evaluation; it stops when max |Δx| falls
/// below the change tolerance or at the iteration limit. Progress reports carry the iterate; the
/// history in the result does not (X empty), so that long runs of large problems keep their memory
/// bounded — the final iterate is <see cref="OptimizationResult.X"/>.
/// </summary>
public sealed class OptimalityCriteria : IOptimizer
{
    /// <summary>Factors of 10 the multiplier bracket may widen by on either side of λ₀ (10⁶⁰ in all).</summary>
    private const int MaxWidening = 60;

    /// <summary>Variables per block of the update's pass (fixed: the order of the constraint's sum must not depend on the machine).</summary>
    private const int BlockSize = 1 << 14;

    private double[] _partials = new double[16];

    /// <summary>Creates the method with the 88-line code's move limit (0.2) and damping exponent (η = 0.5).</summary>
    public OptimalityCriteria(double move = 0.2, double dampingExponent = 0.5)
    {
        if (!(move > 0) || double.IsInfinity(move))
        {
            throw new InvalidInputException($"the OC move limit must be a positive number, not {move}");
        }

        if (!(dampingExponent > 0 && dampingExponent <= 1))
        {
            throw new InvalidInputException($"the OC damping exponent must lie in (0, 1], not {dampingExponent}");
        }

        Move = move;
        DampingExponent = dampingExponent;
    }

    /// <inheritdoc/>
    public string Name => "oc";

    /// <summary>Largest change of one variable per iteration.</summary>
    public double Move { get; }

    /// <summary>η.</summary>
    public double DampingExponent { get; }

    /// <summary>The multiplier λ of the last update (for checks of the optimality condition).</summary>
    public double LastMultiplier { get; private set; }

    /// <inheritdoc/>
    public OptimizationResult Minimize(
        IOptimizationProblem problem,
        ReadOnlySpan<double> start,
        StoppingCriteria stopping,
        IProgress<IterationReport>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(stopping);
        stopping.Validate();
        CheckProblem(problem);
        var n = problem.VariableCount;
        if (start.Length != n)
        {
            throw new InvalidInputException($"the starting point has {start.Length} values; the problem has {n} variables");
        }

        var lower = new double[n];
        var upper = new double[n];
        problem.GetBounds(lower, upper);
        for (var i = 0; i < n; i++)
        {
            if (!(start[i] >= lower[i] && start[i] <= upper[i]))
            {
                throw new InvalidInputException($"variable {i} of the starting point, {start[i].ToString(CultureInfo.InvariantCulture)}, is outside its bounds [{lower[i].ToString(CultureInfo.InvariantCulture)}, {upper[i].ToString(CultureInfo.InvariantCulture)}]");
            }
        }

        var clock = Stopwatch.StartNew();
        var x = start.ToArray();
        var next = new double[n];
        var gradient = new double[n];
        var jacobian = new double[n];
        var constraint = new double[1];
        var objective = problem.Evaluate(x, gradient);
        problem.EvaluateConstraints(x, constraint, jacobian);
        CheckJacobian(jacobian);
        var evaluations = 1;
        var history = new List<IterationReport>();
        var exit = ExitReason.MaxIterations;
        for (var iteration = 1; iteration <= stopping.MaxIterations; iteration++)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                exit = ExitReason.Cancelled;
                break;
            }

            LastMultiplier = Update(x, gradient, jacobian, constraint[0], lower, upper, next);
            var change = 0.0;
            for (var i = 0; i < n; i++)
            {
                change = Math.Max(change, Math.Abs(next[i] - x[i]));
            }

            (x, next) = (next, x);
            objective = problem.Evaluate(x, gradient);
            problem.EvaluateConstraints(x, constraint, jacobian);
            CheckJacobian(jacobian);
            evaluations++;
            var violation = problem.EqualityCount == 1 ? Math.Abs(constraint[0]) : Math.Max(0, constraint[0]);
            var report = new IterationReport(iteration, objective, change, violation, clock.Elapsed) { Evaluations = evaluations };
            history.Add(report);
            progress?.Report(report with { X = (double[])x.Clone() });
            if (change < stopping.ChangeTolerance)
            {
                exit = ExitReason.ChangeBelowTolerance;
                break;
            }
        }

        return new OptimizationResult(Name, x, objective, history.Count, exit, history, evaluations, clock.Elapsed);
    }

    /// <summary>
    /// One OC step: bisection on λ; writes x⁺ to <paramref name="next"/> and returns λ. The bracket
    /// starts at λ₀ = maxₑ(−∂f/∂xₑ / ∂c/∂xₑ), the multiplier at which no variable grows, and widens by
    /// factors of 10 either way until it holds the root, so the search is relative to the gradient's
    /// own size: multiplying f by any s > 0 multiplies λ by s and leaves x⁺ unchanged (an absolute
    /// bracket such as [0, 1] loses the root when the compliance is tiny, and every variable falls).
    /// </summary>
    private double Update(double[] x, double[] gradient, double[] jacobian, double constraint, double[] lower, double[] upper, double[] next)
    {
        double Residual(double lambda) => ConstraintAfterStep(lambda, constraint, x, gradient, jacobian, lower, upper, next);

        // c(λ) decreases with λ. λ₀ = max ratio: every xₑ·Bₑ ≤ xₑ there.
        var start = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            if (jacobian[i] > 0)
            {
                start = Math.Max(start, -gradient[i] / jacobian[i]);
            }
        }

        if (!(start > 0) || !double.IsFinite(start))
        {
            // No variable has a descent direction that the constraint prices: nothing grows at any λ.
            Residual(1);
            return 1;
        }

        var (low, high) = (start, start);
        var widen = 0;
        if (Residual(start) > 0)
        {
            do
            {
                (low, high) = (high, high * 10);
            }
            while (++widen < MaxWidening && Residual(high) > 0);
            if (Residual(high) > 0)
            {
                return high; // the move limits cannot remove enough material in one step: remove the most they allow
            }
        }
        else
        {
            do
            {
                (low, high) = (low / 10, low);
            }
            while (++widen < MaxWidening && Residual(low) < 0);
            if (Residual(low) < 0)
            {
                return low; // nor add enough: add the most they allow
            }
        }

        var scale = 1e-12 * Math.Max(1, Math.Abs(constraint));
        for (var step = 0; step < 200 && high - low > 1e-15 * (low + high); step++)
        {
            var middle = 0.5 * (low + high);
            var c = Residual(middle);
            if (Math.Abs(c) <= scale)
            {
                return middle;
            }

            if (c > 0)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        var lambda = 0.5 * (low + high);
        Residual(lambda);
        return lambda;
    }

    /// <summary>
    /// x⁺ for the multiplier λ into <paramref name="next"/>, and c(x⁺) = c(x) + aᵀ(x⁺ − x), in one
    /// pass over fixed blocks of <see cref="BlockSize"/> variables, on the machine's cores when there are four blocks
    /// or more. The sum adds each block in order and then the block sums in block order: the result does not depend on
    /// the number of threads, and for n ≤ <see cref="BlockSize"/> it is the plain sequential sum.
    /// </summary>
    private double ConstraintAfterStep(double lambda, double constraint, double[] x, double[] gradient, double[] jacobian, double[] lower, double[] upper, double[] next)
    {
        var n = x.Length;
        var blocks = Math.Max(1, (n + BlockSize - 1) / BlockSize);
        if (_partials.Length < blocks)
        {
            _partials = new double[blocks];
        }

        var partials = _partials;
        void Block(int b)
        {
            var end = Math.Min(n, (b + 1) * BlockSize);
            var sum = b == 0 ? constraint : 0.0;
            for (var i = b * BlockSize; i < end; i++)
            {
                var low = Math.Max(lower[i], x[i] - Move);
                var high = Math.Min(upper[i], x[i] + Move);
                double candidate;
                if (jacobian[i] > 0)
                {
                    var ratio = Math.Max(0, -gradient[i] / (lambda * jacobian[i]));
                    candidate = x[i] * (DampingExponent == 0.5 ? Math.Sqrt(ratio) : Math.Pow(ratio, DampingExponent));
                }
                else
                {
                    candidate = x[i];
                }

                next[i] = Math.Clamp(candidate, low, Math.Max(low, high));
                sum += jacobian[i] * (next[i] - x[i]);
            }

            partials[b] = sum;
        }

        if (blocks < 4 || Environment.ProcessorCount == 1)
        {
            for (var b = 0; b < blocks; b++)
            {
                Block(b);
            }
        }
        else
        {
            Parallel.For(0, blocks, Block);
        }

        var total = 0.0;
        for (var b = 0; b < blocks; b++)
        {
            total += partials[b];
        }

        return total;
    }

    private static void CheckProblem(IOptimizationProblem problem)
    {
        var constraints = problem.EqualityCount + problem.InequalityCount;
        if (constraints != 1)
        {
            throw new InvalidInputException($"the OC method handles exactly one linear constraint; this problem has {constraints}");
        }

        if (problem is not ILinearConstraintInfo info || !info.IsConstraintLinear(0))
        {
            throw new InvalidInputException(
                "the OC method needs a linear constraint such as the DBTO volume (Eq. 12); this problem's constraint is nonlinear (e.g. the HBTO volume of Eq. 13): use mma or trust-region");
        }
    }

    private static void CheckJacobian(double[] jacobian)
    {
        for (var i = 0; i < jacobian.Length; i++)
        {
            if (!(jacobian[i] >= 0))
            {
                throw new InvalidInputException($"the OC method needs a constraint that grows with every variable; its derivative for variable {i} is {jacobian[i].ToString(CultureInfo.InvariantCulture)}");
            }
        }
    }
}
