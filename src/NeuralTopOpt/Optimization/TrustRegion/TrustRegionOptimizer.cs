using NeuralTopOpt.Optimization.Common;

namespace NeuralTopOpt.Optimization.TrustRegion;

/// <summary>
/// Trust-region interior-point SQP for
/// <code>
///   minimize f(x)  subject to  l ≤ x ≤ u,  c(x) = 0,  g(x) ≤ 0
/// </code>
/// in the manner of SciPy's <c>minimize(method='trust-constr')</c>, which the paper used (Sec. 3.1)
/// with <c>Bounds(0, 1, keep_feasible=True)</c>, an equality <c>NonlinearConstraint</c> and no Hessian.
/// Bounds and inequalities get slacks and a log barrier μ (Byrd, Hribar &amp; Nocedal 1999); each
/// barrier problem is solved by Byrd–Omojokun steps (a dogleg normal step within 0.8Δ, a tangential
/// step by projected CG) accepted on the merit function φ + ν‖b‖₂ with the penalty update of BHN
/// Eq. 3.51–3.52 and a second-order correction; μ and the subproblem tolerance shrink by 0.2. The
/// Hessian of the Lagrangian is a quasi-Newton approximation (<see cref="TrustRegionOptions.Hessian"/>,
/// <see cref="TrustRegionOptions.HessianForm"/>). <see cref="TrustRegionOptions.SciPy"/> follows SciPy
/// 1.10.1 rule for rule (docs/topology-optimization.md lists what was checked). Every evaluated point
/// lies strictly inside the bounds unless <see cref="TrustRegionOptions.EvaluateOutsideBounds"/>.
/// <para>
/// Stopping, as SciPy with <c>tol</c>: <see cref="ExitReason.OptimalityReached"/> when ‖∇ₓL‖∞
/// (least-squares multipliers) and the constraint violation are below
/// <see cref="StoppingCriteria.OptimalityTolerance"/> (SciPy's gtol; μ too with
/// <see cref="TrustRegionOptions.OptimalityNeedsSmallBarrier"/>); <see cref="ExitReason.TrustRadiusBelowTolerance"/> when Δ &lt;
/// <see cref="StoppingCriteria.ChangeTolerance"/> (xtol) and μ &lt; the barrier tolerance;
/// <see cref="ExitReason.MaxIterations"/>. An iteration is one trial step, accepted or not, or one
/// barrier update (SciPy's <c>nit</c> less its first row, the start), so a rejected step or a barrier
/// update reports a change of 0.
/// </para>
/// </summary>
public sealed class TrustRegionOptimizer : IOptimizer
{
    /// <summary>The command-line name.</summary>
    public const string MethodName = "trust-region";

    /// <summary>
    /// Bumped whenever the method's iterates change for the same options (caches of runs include it).
    /// 2: SciPy's Hessian form, secant pairs and iteration count. 3: SciPy's memoized evaluations (a
    /// trial equal to the last evaluated point is not evaluated; a barrier update after a rejected trial
    /// evaluates the iterate again). 4: no update from roundoff-sized steps outside the paper mode
    /// (<see cref="TrustRegionOptions.SkipRoundoffPairs"/>). 5: nor in the paper mode.
    /// </summary>
    public const int Revision = 5;

    /// <summary>Creates the optimizer with <paramref name="options"/> (validated), or the defaults.</summary>
    public TrustRegionOptimizer(TrustRegionOptions? options = null)
    {
        Options = options ?? TrustRegionOptions.Default;
        Options.Validate();
    }

    /// <summary>The settings.</summary>
    public TrustRegionOptions Options { get; }

    /// <inheritdoc/>
    public string Name => MethodName;

    /// <inheritdoc/>
    public OptimizationResult Minimize(
        IOptimizationProblem problem,
        ReadOnlySpan<double> start,
        StoppingCriteria stopping,
        IProgress<IterationReport>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var input = ProblemInput.Validate(MethodName, problem, start, stopping);
        return new InteriorPointRun(input, Options, stopping, progress).Run(cancellationToken);
    }
}
