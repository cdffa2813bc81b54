namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// The outcome of <see cref="TopologyRun.Execute(ComplianceProblem, IOptimizer, StoppingCriteria, TopologyRunOptions?, IProgress{TopologyIteration}?, CancellationToken)"/>: one optimization of a
/// <see cref="ComplianceProblem"/>, with its per-iteration records, the initial sensitivities and
/// design snapshots. Immutable.
/// </summary>
/// <param name="Optimizer">The optimizer's name (<c>trust-region</c>, <c>mma</c>, <c>oc</c>).</param>
/// <param name="Material">The material model's name (<c>simp</c>, <c>nn</c>).</param>
/// <param name="Initial">The analysis of the start design: φ₀, θ̃₀ and ∂φ₀/∂θ raw and filtered (Fig. 8 and 11 compare these).</param>
/// <param name="History">One record per optimizer iteration, in order.</param>
/// <param name="Snapshots">The designs at the requested iterations that the run reached, in order, then the final design.</param>
/// <param name="ExitReason">Why the optimizer stopped.</param>
/// <param name="Evaluations">Objective and gradient evaluations of the optimizer (the initial analysis not counted).</param>
/// <param name="Wall">Wall time of the initial analysis and the optimization.</param>
public sealed record TopologyRunResult(
    string Optimizer,
    string Material,
    DesignAnalysis Initial,
    IReadOnlyList<TopologyIteration> History,
    IReadOnlyList<DesignSnapshot> Snapshots,
    ExitReason ExitReason,
    int Evaluations,
    TimeSpan Wall)
{
    /// <summary>w of <see cref="ComplianceScale"/>: the optimizer minimized w·φ (1 for the paper's problems).</summary>
    public double ObjectiveScale { get; init; } = 1;

    /// <summary>The final design (the last snapshot).</summary>
    public DesignSnapshot Final => Snapshots[^1];

    /// <summary>φ of the final design.</summary>
    public double Compliance => Final.Compliance;

    /// <summary>v(θ̃) of the final design.</summary>
    public double Volume => Final.Volume;

    /// <summary>Completed optimizer iterations.</summary>
    public int Iterations => History.Count;

    /// <summary>
    /// Mean time per iteration spent on ∂C/∂θ by the material model's derivative method, in
    /// milliseconds: the paper's Table 2 quantity (every evaluation of the iteration counted). The
    /// first iterations run code the JIT has not optimized yet, which weighs on short runs; the
    /// <see cref="MedianSplit"/> is robust to that.
    /// </summary>
    public double SensitivityMillisecondsPerIteration => History.Count == 0 ? 0 : History.Sum(h => h.Derivative.TotalMilliseconds) / History.Count;

    /// <summary>Mean time per iteration of each part, in milliseconds.</summary>
    public TimeSplit MeanSplit => Split(values => values.Average());

    /// <summary>Median time per iteration of each part, in milliseconds (insensitive to the JIT warm-up of the first iterations).</summary>
    public TimeSplit MedianSplit => Split(Median);

    private TimeSplit Split(Func<double[], double> statistic) => History.Count == 0 ? new TimeSplit(0, 0, 0, 0, 0, 0) : new TimeSplit(
        statistic([.. History.Select(h => h.FeSolve.TotalMilliseconds)]),
        statistic([.. History.Select(h => h.Material.TotalMilliseconds)]),
        statistic([.. History.Select(h => h.Derivative.TotalMilliseconds)]),
        statistic([.. History.Select(h => h.Sensitivity.TotalMilliseconds)]),
        statistic([.. History.Select(h => h.Filter.TotalMilliseconds)]),
        statistic([.. History.Select(h => h.Optimizer.TotalMilliseconds)]));

    private static double Median(double[] values)
    {
        Array.Sort(values);
        var middle = values.Length / 2;
        return values.Length % 2 == 1 ? values[middle] : 0.5 * (values[middle - 1] + values[middle]);
    }
}

/// <summary>
/// One optimizer iteration of a topology run. Values belong to the iterate after the iteration;
/// times add up every evaluation the iteration made (a trust-region iteration may evaluate a
/// rejected trial point and a second-order correction).
/// </summary>
/// <param name="Iteration">1 for the first iteration, …</param>
/// <param name="Compliance">φ of the iterate.</param>
/// <param name="Volume">v(θ̃) of the iterate (Eq. 12 or 13).</param>
/// <param name="MaxChange">max |Δθ| of the iteration (0 for a rejected trust-region step).</param>
/// <param name="ConstraintViolation">The optimizer's constraint violation.</param>
/// <param name="ClampedEntries">Stiffness entries the material model clamped at the iterate.</param>
/// <param name="Evaluations">Problem evaluations made during the iteration.</param>
/// <param name="FeSolve">Assembly, factorization and solves.</param>
/// <param name="Material">The material model's C(θ).</param>
/// <param name="Derivative">The material model's ∂C/∂θ (the derivative method).</param>
/// <param name="Sensitivity">The chain rule of Eq. (10)–(11).</param>
/// <param name="Filter">Sensitivity or density filter.</param>
/// <param name="Optimizer">The optimizer's own work: the wall time of the iteration less the evaluations.</param>
/// <param name="Elapsed">Time since the optimizer started.</param>
public sealed record TopologyIteration(
    int Iteration,
    double Compliance,
    double Volume,
    double MaxChange,
    double ConstraintViolation,
    int ClampedEntries,
    int Evaluations,
    TimeSpan FeSolve,
    TimeSpan Material,
    TimeSpan Derivative,
    TimeSpan Sensitivity,
    TimeSpan Filter,
    TimeSpan Optimizer,
    TimeSpan Elapsed);

/// <summary>A design reached by a run.</summary>
/// <param name="Iteration">The iteration after which it was taken (the final one for the last snapshot).</param>
/// <param name="Compliance">φ.</param>
/// <param name="Volume">v(θ̃).</param>
/// <param name="X">The design variables θ, field-major (θ₁ of all elements, then θ₂).</param>
/// <param name="Physical">The physical design θ̃, field-major.</param>
public sealed record DesignSnapshot(int Iteration, double Compliance, double Volume, IReadOnlyList<double> X, IReadOnlyList<double> Physical);

/// <summary>Milliseconds per iteration of each part of a run (mean or median over the iterations).</summary>
/// <param name="FeSolve">FE assembly, factorization and solve.</param>
/// <param name="Material">C(θ).</param>
/// <param name="Derivative">∂C/∂θ.</param>
/// <param name="Sensitivity">Eq. (10)–(11).</param>
/// <param name="Filter">The filter.</param>
/// <param name="Optimizer">The optimizer's step.</param>
public sealed record TimeSplit(double FeSolve, double Material, double Derivative, double Sensitivity, double Filter, double Optimizer);
