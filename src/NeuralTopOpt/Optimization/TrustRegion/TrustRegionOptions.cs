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
    /// <summary>The defaults.</summary>
    public static TrustRegionOptions Default { get; } = new();

    /// <summary>Quasi-Newton approximation of ∇²ₓₓL. Default: limited-memory BFGS (fast at n in the thousands).</summary>
    public HessianApproximation Hessian { get; init; } = HessianApproximation.LimitedMemoryBfgs;

    /// <summary>What a BFGS update does when sᵀy is too small. Default: Powell damping.</summary>
    public CurvatureSafeguard Safeguard { get; init; } = CurvatureSafeguard.Damp;

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
    /// The trust-radius stop (and, with barrier terms, the optimality stop) also requires μ below this;
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
