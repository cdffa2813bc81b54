namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// Turns the optimizer's iteration reports and the problem's evaluation records into
/// <see cref="TopologyIteration"/>s and snapshots. The evaluations since the previous report belong
/// to the iteration; the iterate's own evaluation is the latest one whose compliance equals the
/// reported objective (an iteration that rejects its step keeps the previous iterate's).
/// </summary>
internal sealed class TopologyRecorder(ComplianceProblem problem, IReadOnlyList<int> snapshotIterations, IProgress<TopologyIteration>? progress)
    : IProgress<IterationReport>
{
    private readonly List<ComplianceEvaluation> _pending = [];
    private readonly HashSet<int> _wanted = [.. snapshotIterations];
    private ComplianceEvaluation? _iterate;
    private TimeSpan _previousElapsed;

    public List<TopologyIteration> History { get; } = [];

    public List<DesignSnapshot> Snapshots { get; } = [];

    public void Add(ComplianceEvaluation evaluation) => _pending.Add(evaluation);

    public void Report(IterationReport value)
    {
        TimeSpan fe = default, material = default, derivative = default, sensitivity = default, filter = default;
        foreach (var e in _pending)
        {
            (fe, material, derivative, sensitivity, filter) = (fe + e.FeSolve, material + e.Material, derivative + e.Derivative, sensitivity + e.Sensitivity, filter + e.Filter);
        }

        for (var i = _pending.Count - 1; i >= 0; i--)
        {
            if (_pending[i].Compliance.Equals(value.Objective))
            {
                _iterate = _pending[i];
                break;
            }
        }

        var optimizer = value.Elapsed - _previousElapsed - (fe + material + derivative + sensitivity + filter);
        var x = value.X.ToArray();
        var physical = x.Length == problem.VariableCount ? problem.PhysicalDesign(x) : null;
        var volume = physical is null ? _iterate?.Volume ?? double.NaN : problem.Volume(physical);
        var record = new TopologyIteration(
            value.Iteration,
            value.Objective,
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
        if (physical is not null && _wanted.Contains(value.Iteration))
        {
            Snapshots.Add(new DesignSnapshot(value.Iteration, value.Objective, volume, x, physical));
        }

        _pending.Clear();
        _previousElapsed = value.Elapsed;
        progress?.Report(record);
    }
}
