using NeuralTopOpt.Optimization;

namespace NeuralTopOpt.Studies;

/// <summary>
/// One run on the paper's own network against the paper's run of the same formulation and method
/// (<see cref="PaperResults"/>), with issue 10's targets: the final compliance within 1 % (DBTO) or
/// 1.5 % (HBTO), the iterations within 30 %, and a converged run (one that hit the iteration cap fails).
/// Iterations compare as SciPy counts them: its <c>niter</c> includes the start design, so ours + 1.
/// </summary>
/// <param name="Run">Our run.</param>
/// <param name="Paper">The paper's run (runs.csv).</param>
/// <param name="Log">The paper's SciPy log, or null (HBTO by AD has none).</param>
public sealed record PaperNetworkComparison(StudyRun Run, PaperRun Paper, ScipyLog? Log)
{
    /// <summary>Largest relative compliance gap that passes: 1 % for DBTO, 1.5 % for HBTO (issue 10 §3).</summary>
    public double ComplianceTarget => Paper.Formulation == "dbto" ? 0.01 : 0.015;

    /// <summary>Largest relative iteration gap that passes (30 %).</summary>
    public const double IterationTarget = 0.30;

    /// <summary>Our iterations counted as SciPy's <c>niter</c> (which counts the start design): ours + 1.</summary>
    public int ScipyIterations => Run.Result.Iterations + 1;

    /// <summary>Our final compliance over the paper's, minus 1.</summary>
    public double ComplianceGap => (Run.Result.Compliance / Paper.Compliance) - 1;

    /// <summary>Our iterations (SciPy's count) over the paper's, minus 1.</summary>
    public double IterationGap => ((double)ScipyIterations / Paper.Iterations) - 1;

    /// <summary>True when the run stopped by a convergence test (not the iteration cap, a stall or a cancel).</summary>
    public bool Converged => Run.Result.ExitReason is ExitReason.ChangeBelowTolerance or ExitReason.TrustRadiusBelowTolerance or ExitReason.OptimalityReached;

    /// <summary>The compliance target met.</summary>
    public bool CompliancePasses => Math.Abs(ComplianceGap) <= ComplianceTarget;

    /// <summary>The iteration target met.</summary>
    public bool IterationsPass => Math.Abs(IterationGap) <= IterationTarget;

    /// <summary>Every target met by a converged run.</summary>
    public bool Passes => Converged && CompliancePasses && IterationsPass;

    /// <summary>SciPy's name of our exit reason: <c>xtol</c> (trust radius), <c>gtol</c> (optimality), or ours.</summary>
    public string ScipyTermination => Run.Result.ExitReason switch
    {
        ExitReason.TrustRadiusBelowTolerance => "xtol",
        ExitReason.OptimalityReached => "gtol",
        ExitReason.MaxIterations => "iteration cap",
        ExitReason.ChangeBelowTolerance => "change < tol",
        var other => other.ToString(),
    };

    /// <summary>The paper's objective at SciPy's niter k + 1 against ours after k iterations, for k in <paramref name="iterations"/> that both reached.</summary>
    public IReadOnlyList<(int Iteration, double Ours, double Paper)> Trajectory(IEnumerable<int> iterations)
    {
        ArgumentNullException.ThrowIfNull(iterations);
        var history = Run.Result.History;
        return Log is null
            ? []
            : [.. iterations
                .Where(k => k >= 1 && k <= history.Count && Log.ObjectiveAt(k + 1) is not null)
                .Select(k => (k, history[k - 1].Compliance, Log.ObjectiveAt(k + 1)!.Value))];
    }
}
