namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// The observer of a <see cref="TopologyRun"/>: turns the problem's evaluation records and the
/// optimizer's iteration reports into <see cref="TopologyIteration"/>s and snapshots. The evaluations
/// since the previous report belong to the iteration (their times add up); the iterate's own
/// evaluation is the one of the reported design (<see cref="ComplianceProblem.DesignOf"/>); an
/// iteration that rejects its step keeps the previous iterate's. The optimizer minimizes the
/// nondimensional w·φ (<see cref="ScaledProblem"/>) of <paramref name="problem"/>, whose loads are the run's
/// divided by their size c; records carry the run's φ = c²·φ(f/c) (<paramref name="loadFactor"/> = c²): the
/// iterate's own evaluation's when the report names it, else the reported objective divided by w.
/// </summary>
internal sealed class TopologyRecorder(ComplianceProblem problem, ScaledProblem scaled, double loadFactor, IReadOnlyList<int> snapshotIterations, IProgress<TopologyIteration>? progress)
    : IProgress<IterationReport>
{
    private readonly List<ComplianceEvaluation> _pending = [];
    private readonly HashSet<int> _wanted = [.. snapshotIterations];
    private ComplianceEvaluation? _iterate;
    private TimeSpan _previousElapsed;

    public List<TopologyIteration> History { get; } = [];

    public List<DesignSnapshot> Snapshots { get; } = [];

    public void Add(ComplianceEvaluation evaluation) => _pending.Add(evaluation);

    /// <summary>
    /// φ of the design <paramref name="x"/> whose objective the optimizer reported as <paramref name="objective"/>:
    /// the compliance of the iterate's evaluation when <paramref name="x"/> is that design, else w⁻¹ times the objective.
    /// </summary>
    public double Compliance(ReadOnlySpan<double> x, double objective)
    {
        if (_iterate is { } iterate && problem.DesignOf(x) == iterate.Design)
        {
            return loadFactor * iterate.Compliance;
        }

        // A design the recorder has not seen evaluated last (an optimizer that reports an earlier point):
        // the iterate kept from before if its scaled compliance is the objective, else the objective in φ's units.
        return loadFactor * (_iterate is { } previous && scaled.Scale(previous.Compliance).Equals(objective) ? previous.Compliance : scaled.Unscale(objective));
    }

    public void Report(IterationReport value)
    {
        TimeSpan fe = default, material = default, derivative = default, sensitivity = default, filter = default;
        foreach (var e in _pending)
        {
            (fe, material, derivative, sensitivity, filter) = (fe + e.FeSolve, material + e.Material, derivative + e.Derivative, sensitivity + e.Sensitivity, filter + e.Filter);
        }

        var x = value.X.Span;
        var design = problem.DesignOf(x);
        if (design is not null && _pending.FindLast(e => e.Design == design) is { } own)
        {
            _iterate = own;
        }

        var compliance = Compliance(x, value.Objective);
        var optimizer = value.Elapsed - _previousElapsed - (fe + material + derivative + sensitivity + filter);
        var known = x.Length == problem.VariableCount;
        var volume = known ? problem.VolumeOf(x) : _iterate?.Volume ?? double.NaN;
        var record = new TopologyIteration(
            value.Iteration,
            compliance,
            volume,
            value.MaxChange,
            value.ConstraintViolation,
            _iterate?.ClampedEntries ?? 0,
            _pending.Count,
            fe,
            material,
            derivative,
            sensitivity,
            filter,
            optimizer > TimeSpan.Zero ? optimizer : TimeSpan.Zero,
            value.Elapsed);
        History.Add(record);
        if (known && _wanted.Contains(value.Iteration))
        {
            Snapshots.Add(new DesignSnapshot(value.Iteration, compliance, volume, x.ToArray(), problem.PhysicalDesign(x)));
        }

        _pending.Clear();
        _previousElapsed = value.Elapsed;
        progress?.Report(record);
    }
}
