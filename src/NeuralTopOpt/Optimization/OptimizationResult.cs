namespace NeuralTopOpt.Optimization;

/// <summary>Why an optimizer stopped.</summary>
public enum ExitReason
{
    /// <summary>An accepted update changed no variable by more than the change tolerance.</summary>
    ChangeBelowTolerance,

    /// <summary>The first-order optimality measure fell below the optimality tolerance.</summary>
    OptimalityReached,

    /// <summary>The trust radius fell below the change tolerance (SciPy <c>trust-constr</c>'s xtol test).</summary>
    TrustRadiusBelowTolerance,

    /// <summary>The iteration limit was reached before any convergence test passed.</summary>
    MaxIterations,

    /// <summary>The caller cancelled the run.</summary>
    Cancelled,

    /// <summary>No further progress was possible (e.g. no step reduces the merit function).</summary>
    Stalled,
}

/// <summary>One completed iteration, as reported to observers and kept in the history.</summary>
/// <param name="Iteration">1 for the first update, 2 for the second, ...</param>
/// <param name="Objective">f at the iterate after this update.</param>
/// <param name="MaxChange">max |Δx| of this update.</param>
/// <param name="ConstraintViolation">Largest violation: max(|cᵢ|, max(0, gⱼ)).</param>
/// <param name="Elapsed">Time since the optimizer started.</param>
public sealed record IterationReport(int Iteration, double Objective, double MaxChange, double ConstraintViolation, TimeSpan Elapsed)
{
    /// <summary>
    /// The iterate after this update (a copy owned by the report) in the reports sent to observers;
    /// empty in <see cref="OptimizationResult.History"/>, which keeps no iterates to bound its memory.
    /// </summary>
    public ReadOnlyMemory<double> X { get; init; }

    /// <summary>First-order optimality measure, when the method computes one.</summary>
    public double? Optimality { get; init; }

    /// <summary>Trust radius after this iteration (trust-region methods).</summary>
    public double? TrustRadius { get; init; }

    /// <summary>Barrier parameter (interior-point treatment of bounds).</summary>
    public double? BarrierParameter { get; init; }

    /// <summary>Objective and gradient evaluations so far.</summary>
    public int Evaluations { get; init; }
}

/// <summary>The outcome of <see cref="IOptimizer.Minimize"/>: final point, exit reason and history.</summary>
/// <param name="Optimizer">Name of the method.</param>
/// <param name="X">The final iterate.</param>
/// <param name="Objective">f(X).</param>
/// <param name="Iterations">Completed iterations.</param>
/// <param name="ExitReason">Why the run stopped.</param>
/// <param name="History">Every iteration's report, in order, without the iterates (<see cref="IterationReport.X"/> is empty).</param>
/// <param name="Evaluations">Objective and gradient evaluations.</param>
/// <param name="Elapsed">Wall time of the run.</param>
public sealed record OptimizationResult(
    string Optimizer,
    IReadOnlyList<double> X,
    double Objective,
    int Iterations,
    ExitReason ExitReason,
    IReadOnlyList<IterationReport> History,
    int Evaluations,
    TimeSpan Elapsed);
