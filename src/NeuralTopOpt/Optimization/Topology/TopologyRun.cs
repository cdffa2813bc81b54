using System.Diagnostics;

namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// Runs one topology optimization: any <see cref="IOptimizer"/> on a <see cref="ComplianceProblem"/>
/// made nondimensional by <see cref="ComplianceScale"/> (so that a run does not depend on the units of
/// loads and modulus; the optimizer's objective is w·φ, every record keeps φ),
/// recording what the paper reports (Sec. 4): the initial sensitivities ∂φ₀/∂θ before any update,
/// compliance, volume, change, clamped entries and the time split of every iteration, and the
/// designs at chosen iterations. Writes no files; progress goes to an <see cref="IProgress{T}"/>.
/// </summary>
/// <example>
/// <code>
/// var material = CellFamilies.Density.CreateMaterial(MaterialSource.Network(model, "nnj"));
/// var problem = new ComplianceProblem(StandardProblems.HalfMbb(60, 30), material, new ComplianceSettings());
/// var result = TopologyRun.Execute(problem, new TrustRegionOptimizer(), new StoppingCriteria(2000, 1e-3, 1e-3));
/// var (compliance, iterations, table2) = (result.Compliance, result.Iterations, result.SensitivityMillisecondsPerIteration);
/// </code>
/// </example>
public static class TopologyRun
{
    /// <summary>
    /// Analyzes the start design, then minimizes from it. A recorder observes the problem's
    /// <see cref="ComplianceProblem.Evaluated"/> records and the optimizer's reports during the run.
    /// </summary>
    /// <exception cref="InvalidInputException">A start design of the wrong size or outside the bounds, or a problem the optimizer cannot treat.</exception>
    public static TopologyRunResult Execute(
        ComplianceProblem problem,
        IOptimizer optimizer,
        StoppingCriteria stopping,
        TopologyRunOptions? options = null,
        IProgress<TopologyIteration>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(stopping);
        options ??= TopologyRunOptions.Default;
        stopping.Validate();
        var start = options.Start is null ? problem.InitialDesign() : CheckStart(problem, options.Start);
        var clock = Stopwatch.StartNew();
        var initial = problem.Analyze(start);

        // The optimizer sees the nondimensional compliance w·φ(f/c) of the loads divided by their size c
        // (c = 1 and w = 1 for the paper's problems: the problem itself); the records keep φ = c²·φ(f/c).
        var factor = ComplianceScale.Factor(problem.Structure, problem.Material);
        var size = ComplianceScale.LoadSize(problem.Structure);
        var unit = size == 1 ? problem : problem.WithLoadsDividedBy(size);
        var scaled = new ScaledProblem(unit, size == 1 ? factor : ComplianceScale.Factor(unit.Structure, unit.Material));
        var recorder = new TopologyRecorder(unit, scaled, size * size, options.SnapshotIterations, progress);
        unit.Evaluated += recorder.Add;
        OptimizationResult result;
        try
        {
            result = optimizer.Minimize(scaled, start, stopping, recorder, cancellationToken);
        }
        finally
        {
            unit.Evaluated -= recorder.Add;
        }

        var x = result.X.ToArray();
        var physical = problem.PhysicalDesign(x);
        var final = new DesignSnapshot(result.Iterations, recorder.Compliance(x, result.Objective), problem.VolumeOf(x), x, physical);
        return new TopologyRunResult(
            optimizer.Name, problem.Material.Name, initial, recorder.History, [.. recorder.Snapshots, final], result.ExitReason, result.Evaluations, clock.Elapsed)
        {
            ObjectiveScale = factor,
        };
    }

    /// <summary>Runs what <see cref="TopologySetup.Build"/> made.</summary>
    public static TopologyRunResult Execute(
        TopologyRunSetup setup, TopologyRunOptions? options = null, IProgress<TopologyIteration>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        return Execute(setup.Problem, setup.Optimizer, setup.Stopping, options, progress, cancellationToken);
    }

    private static double[] CheckStart(ComplianceProblem problem, IReadOnlyList<double> start)
    {
        if (start.Count != problem.VariableCount)
        {
            throw new InvalidInputException(
                $"the start design has {start.Count} values; the problem has {problem.VariableCount} ({problem.FieldCount} field(s) x {problem.ElementCount} elements)");
        }

        var (lower, upper) = (new double[start.Count], new double[start.Count]);
        problem.GetBounds(lower, upper);
        for (var i = 0; i < start.Count; i++)
        {
            if (!(start[i] >= lower[i] && start[i] <= upper[i]))
            {
                throw new InvalidInputException(
                    $"start design value {i} (element {i % problem.ElementCount}, field {(i / problem.ElementCount) + 1}) is {ProblemInputText(start[i])}; it must lie in [{ProblemInputText(lower[i])}, {ProblemInputText(upper[i])}]");
            }
        }

        return [.. start];
    }

    private static string ProblemInputText(double value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>Options of <see cref="TopologyRun.Execute(ComplianceProblem, IOptimizer, StoppingCriteria, TopologyRunOptions?, IProgress{TopologyIteration}?, CancellationToken)"/>.</summary>
public sealed record TopologyRunOptions
{
    /// <summary>The defaults: the problem's initial design, snapshots after iterations 1, 10 and 100.</summary>
    public static TopologyRunOptions Default { get; } = new();

    /// <summary>The start design θ₀ (field-major, within the bounds); null for <see cref="ComplianceProblem.InitialDesign"/> (Fig. 4B/4C).</summary>
    public IReadOnlyList<double>? Start { get; init; }

    /// <summary>Iterations after which the design is kept (the final design always is). Default 1, 10, 100 (Fig. 9).</summary>
    public IReadOnlyList<int> SnapshotIterations { get; init; } = [1, 10, 100];
}
