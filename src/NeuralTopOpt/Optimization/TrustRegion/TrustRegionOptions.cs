using NeuralTopOpt.Optimization.Common;
using NeuralTopOpt.Optimization.QuasiNewton;

namespace NeuralTopOpt.Optimization.TrustRegion;

/// <summary>
/// Settings of <see cref="TrustRegionOptimizer"/>. The numbers default to SciPy's
/// <c>trust-constr</c> (<c>initial_tr_radius</c>, <c>initial_constr_penalty</c>,
/// <c>initial_barrier_parameter</c>, <c>initial_barrier_tolerance</c>).
/// </summary>
public sealed record TrustRegionOptions
{
    /// <summary>
    /// The defaults: SciPy's algorithm (<see cref="LagrangianHessianForm.Separate"/>,
    /// <see cref="SecantPairs.ConsecutiveEvaluations"/>, barrier updates counted, SciPy's stopping
    /// tests) with a limited-memory, damped Hessian (fast at any n), no evaluation outside the bounds and
    /// no update from roundoff-sized steps (<see cref="SkipRoundoffPairs"/>).
    /// </summary>
    public static TrustRegionOptions Default { get; } = new();

    /// <summary>
    /// SciPy 1.10.1's <c>minimize(method='trust-constr')</c> without a Hessian, as the paper ran it:
    /// <see cref="Default"/> with dense BFGS approximations whose updates are skipped when the
    /// curvature test fails and trial points outside the bounds evaluated before they are rejected. Like
    /// <see cref="Default"/> it takes no update from a roundoff-sized step (<see cref="SkipRoundoffPairs"/>),
    /// where SciPy updates with a y that is roundoff noise: SciPy's own run there depends on the last bits
    /// (another BLAS, loads in other units), so no implementation can follow it, and the paper mode must
    /// not depend on the units of the loads (issue 11).
    /// </summary>
    public static TrustRegionOptions SciPy { get; } = new()
    {
        Hessian = HessianApproximation.DenseBfgs,
        Safeguard = CurvatureSafeguard.Skip,
        EvaluateOutsideBounds = true,
    };

    /// <summary>Quasi-Newton approximation of ∇²ₓₓL. Default: limited-memory BFGS (fast at n in the thousands).</summary>
    public HessianApproximation Hessian { get; init; } = HessianApproximation.LimitedMemoryBfgs;

    /// <summary>What a BFGS update does when sᵀy is too small. Default: Powell damping.</summary>
    public CurvatureSafeguard Safeguard { get; init; } = CurvatureSafeguard.Damp;

    /// <summary>
    /// How ∇²ₓₓL is assembled: B_f + B_c from one approximation of the objective's Hessian and one of
    /// vᵀc's (SciPy's <c>LagrangianHessian</c>, the default), or one approximation of ∇²ₓₓL itself.
    /// </summary>
    public LagrangianHessianForm HessianForm { get; init; } = LagrangianHessianForm.Separate;

    /// <summary>Where the secant pairs come from. Default: consecutive evaluations, as SciPy's <c>ScalarFunction</c>.</summary>
    public SecantPairs SecantPairs { get; init; } = SecantPairs.ConsecutiveEvaluations;

    /// <summary>Whether a barrier update counts as an iteration (SciPy's <c>nit</c> does). Default true.</summary>
    public bool CountBarrierUpdates { get; init; } = true;

    /// <summary>
    /// Beyond SciPy: also bound the variable part of every step by the fraction-to-boundary rule
    /// −τ(x − l) ≤ dx ≤ τ(u − x). SciPy bounds only the slack steps (dₛ ≥ −τ), which implies the same
    /// when the bound rows of the linearized constraints hold. Default false.
    /// </summary>
    public bool VariableFractionToBoundary { get; init; }

    /// <summary>
    /// Whether a trial point outside the bounds (a step whose bound rows the linearization does not
    /// meet) is still evaluated for its secant pair before it is rejected, as SciPy does (its barrier
    /// is then +∞). Only for problems defined beyond their bounds. Default false: such a point is
    /// rejected unevaluated and every evaluated point lies strictly inside the bounds.
    /// </summary>
    public bool EvaluateOutsideBounds { get; init; }

    /// <summary>
    /// Beyond SciPy: the optimality stop also requires μ below the optimality tolerance. SciPy stops on
    /// ‖∇ₓL‖∞ and the violation alone, so a step that meets gtol inside an early barrier problem ends
    /// the run with the bounds' multipliers still displaced by μ (x off an active bound by about μ/λ).
    /// Default false.
    /// </summary>
    public bool OptimalityNeedsSmallBarrier { get; init; }

    /// <summary>
    /// Beyond SciPy: no quasi-Newton update from a secant pair whose step is below roundoff,
    /// ‖s‖∞ ≤ 10⁻¹²‖x‖∞. SciPy updates with every pair of consecutive evaluations; a second-order
    /// correction of a linear constraint moves x by roundoff only, so its y is noise, and the update
    /// turns last-bit differences (another BLAS, loads in other units) into a different run. Default
    /// true, in <see cref="SciPy"/> too.
    /// </summary>
    public bool SkipRoundoffPairs { get; init; } = true;

    /// <summary>Pairs kept by the limited-memory approximation (r). Default 10.</summary>
    public int Memory { get; init; } = 10;

    /// <summary>Δ₀, the initial trust radius (also the least radius a new barrier subproblem starts with). Default 1.</summary>
    public double InitialTrustRadius { get; init; } = 1.0;

    /// <summary>ν₀, the initial penalty of the merit function φ + ν‖c‖₂, reset for each barrier subproblem. Default 1.</summary>
    public double InitialPenalty { get; init; } = 1.0;

    /// <summary>μ₀, the initial barrier parameter. Default 0.1.</summary>
    public double InitialBarrierParameter { get; init; } = 0.1;

    /// <summary>The initial tolerance of a barrier subproblem. Default 0.1.</summary>
    public double InitialBarrierTolerance { get; init; } = 0.1;

    /// <summary>
    /// The trust-radius stop also requires μ below this (SciPy's <c>barrier_tol</c>);
    /// null means <see cref="StoppingCriteria.ChangeTolerance"/> (SciPy's <c>tol</c> sets xtol and
    /// <c>barrier_tol</c> alike).
    /// </summary>
    public double? BarrierTolerance { get; init; }

    /// <summary>
    /// A start closer to a finite bound than p = κ·min(max(1, |bound|), uᵢ − lᵢ) is moved to distance p
    /// (κ = this value), since the barrier needs a strictly interior point. Default 10⁻².
    /// </summary>
    public double BoundPush { get; init; } = 1e-2;

    /// <summary>Throws <see cref="InvalidInputException"/> for a setting outside its range.</summary>
    public void Validate()
    {
        if (!Enum.IsDefined(HessianForm) || !Enum.IsDefined(SecantPairs))
        {
            throw new InvalidInputException($"trust-region: unknown Hessian form {HessianForm} or secant pairs {SecantPairs}");
        }

        if (!Enum.IsDefined(Hessian))
        {
            throw new InvalidInputException($"trust-region: unknown Hessian approximation {Hessian}");
        }

        if (!Enum.IsDefined(Safeguard))
        {
            throw new InvalidInputException($"trust-region: unknown curvature safeguard {Safeguard}");
        }

        if (Memory < 1 || Memory > 100)
        {
            throw new InvalidInputException($"trust-region: the limited-memory size must be between 1 and 100, not {Memory}");
        }

        Positive(InitialTrustRadius, "initial trust radius");
        Positive(InitialPenalty, "initial penalty");
        Positive(InitialBarrierParameter, "initial barrier parameter");
        Positive(InitialBarrierTolerance, "initial barrier tolerance");
        if (BarrierTolerance is { } barrier && !(barrier >= 0 && double.IsFinite(barrier)))
        {
            throw new InvalidInputException($"trust-region: the barrier tolerance must be a finite number >= 0, not {ProblemInput.Format(barrier)}");
        }

        if (!(BoundPush > 0 && BoundPush < 0.5))
        {
            throw new InvalidInputException($"trust-region: the bound push must be in (0, 0.5), not {ProblemInput.Format(BoundPush)}");
        }
    }

    private static void Positive(double value, string name)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new InvalidInputException($"trust-region: the {name} must be a finite number > 0, not {ProblemInput.Format(value)}");
        }
    }
}

/// <summary>How the trust-region method puts together its approximation of ∇²ₓₓL = ∇²f + Σ vᵢ∇²cᵢ.</summary>
public enum LagrangianHessianForm
{
    /// <summary>
    /// B_f + B_c: one quasi-Newton approximation of ∇²f (pairs ∇f₊ − ∇f) and one of ∇²(vᵀc) over all
    /// general constraints (pairs (J₊ − J)ᵀv with the multipliers of the moment), each with its own
    /// first-update scaling. SciPy's <c>trust-constr</c> without a Hessian: the objective and the
    /// <c>NonlinearConstraint</c> each hold a <c>BFGS()</c>, summed by <c>LagrangianHessian</c>. A linear
    /// constraint's approximation is never updated and stays the identity, so it adds I to ∇²f.
    /// </summary>
    Separate,

    /// <summary>One approximation of ∇²ₓₓL from pairs ∇ₓL(x₊, v) − ∇ₓL(x, v) (Nocedal &amp; Wright Sec. 18.3).</summary>
    Single,
}

/// <summary>Which points a secant pair (s, y) joins.</summary>
public enum SecantPairs
{
    /// <summary>
    /// Each evaluated point with the point evaluated before it — trial points that are rejected and
    /// second-order corrections included — and, for B_c, the latest pair again whenever the
    /// multipliers change (after an accepted step, after a barrier update). SciPy's
    /// <c>ScalarFunction</c>/<c>VectorFunction</c> with a <c>HessianUpdateStrategy</c> update at every
    /// new x and at every new v.
    /// </summary>
    ConsecutiveEvaluations,

    /// <summary>Each trial point with the current iterate, accepted or not; second-order corrections not used.</summary>
    FromIterate,
}
