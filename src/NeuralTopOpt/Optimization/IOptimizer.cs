namespace NeuralTopOpt.Optimization;

/// <summary>
/// A method that minimizes an <see cref="IOptimizationProblem"/> from a starting point:
/// trust-region (SciPy <c>trust-constr</c> style), MMA, optimality criteria. The loop does no I/O;
/// each completed iteration is reported to <c>progress</c>, and the outcome comes back as an
/// immutable <see cref="OptimizationResult"/>.
/// </summary>
public interface IOptimizer
{
    /// <summary>Short name used on the command line (<c>trust-region</c>, <c>mma</c>, <c>oc</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Minimizes <paramref name="problem"/> from <paramref name="start"/> (which must lie within the
    /// bounds). Throws <see cref="InvalidInputException"/> for a problem the method cannot treat
    /// (for example OC with a nonlinear constraint). Cancellation ends the run with
    /// <see cref="ExitReason.Cancelled"/> and the best point so far, rather than an exception.
    /// </summary>
    OptimizationResult Minimize(
        IOptimizationProblem problem,
        ReadOnlySpan<double> start,
        StoppingCriteria stopping,
        IProgress<IterationReport>? progress = null,
        CancellationToken cancellationToken = default);
}

/// <summary>When an optimizer stops.</summary>
/// <param name="MaxIterations">Stop after this many iterations (design updates).</param>
/// <param name="ChangeTolerance">
/// Stop when an accepted update changes no variable by more than this (max |Δx|, the paper's
/// criterion with 10⁻³), or, for trust-region methods, when the trust radius falls below it.
/// </param>
/// <param name="OptimalityTolerance">
/// Stop when the first-order optimality measure (∞-norm of the Lagrangian gradient, with the
/// constraint violation) falls below this. Zero disables the test.
/// </param>
public sealed record StoppingCriteria(int MaxIterations = 1000, double ChangeTolerance = 1e-3, double OptimalityTolerance = 0)
{
    /// <summary>Throws <see cref="InvalidInputException"/> for a criterion that cannot stop a run sensibly.</summary>
    public void Validate()
    {
        if (MaxIterations < 1)
        {
            throw new InvalidInputException($"the maximum number of iterations must be at least 1, not {MaxIterations}");
        }

        if (!(ChangeTolerance >= 0) || double.IsInfinity(ChangeTolerance))
        {
            throw new InvalidInputException($"the change tolerance must be a finite number >= 0, not {ChangeTolerance}");
        }

        if (!(OptimalityTolerance >= 0) || double.IsInfinity(OptimalityTolerance))
        {
            throw new InvalidInputException($"the optimality tolerance must be a finite number >= 0, not {OptimalityTolerance}");
        }
    }
}
