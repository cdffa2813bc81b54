namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// Turns the optimizer's iteration reports and the problem's evaluation records into
/// <see cref="TopologyIteration"/>s and snapshots. The evaluations since the previous report belong
/// to the iteration; the iterate's own evaluation is the latest one whose compliance, scaled as the
/// optimizer sees it, equals the reported objective (an iteration that rejects its step keeps the
/// previous iterate's). Records carry φ, not the optimizer's w·φ.
/// </summary>
internal sealed class TopologyRecorder(ComplianceProblem problem, ScaledProblem scaled, IReadOnlyList<int> snapshotIterations, IProgress<TopologyIteration>? progress)
    : IProgress<IterationReport>
{
    private readonly List<ComplianceEvaluation> _pending = [];
    private readonly HashSet<int> _wanted = [.. snapshotIterations];
    private ComplianceEvaluation? _iterate;
    private TimeSpan _previousElapsed;

    public List<TopologyIteration> History { get; } = [];

    public List<DesignSnapshot> Snapshots { get; } = [];

    public void Add(ComplianceEvaluation evaluation) => _pending.Add(evaluation);

    /// <summary>φ of an objective value the optimizer reported: the evaluation it came from, or w⁻¹ times it.</summary>
    public double Compliance(double objective)
    {
        if (_iterate is { } iterate && scaled.Scale(iterate.Compliance).Equals(objective))
        {
            return iterate.Compliance;
        }

        for (var i = _pending.Count - 1; i >= 0; i--)
        {
            if (scaled.Scale(_pending[i].Compliance).Equals(objective))
            {
                return _pending[i].Compliance;
            }
        }

        return scaled.Unscale(objective);
    }

    public void Report(IterationReport value)
    {
        TimeSpan fe = default, material = default, derivative = default, sensitivity = default, filter = default;
        foreach (var e in _pending)
        {
            (fe, material, derivative, sensitivity, filter) = (fe + e.FeSolve, material + e.Material, derivative + e.Derivative, sensitivity + e.Sensitivity, filter + e.Filter);
        }

        for (var i = _pending.Count - 1; i >= 0; i--)
        {
            if (scaled.Scale(_pending[i].Compliance).Equals(value.Objective))
            {
                _iterate = _pending[i];
                break;
            }
        }

        var compliance = Compliance(value.Objective);

        var optimizer = value.Elapsed - _previousElapsed - (fe + material + derivative + sensitivity + filter);
        var x = value.X.ToArray();
        var physical = x.Length == problem.VariableCount ? problem.PhysicalDesign(x) : null;
        var volume = physical is null ? _iterate?.Volume ?? double.NaN : problem.Volume(physical);
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
        if (physical is not null && _wanted.Contains(value.Iteration))
        {
            Snapshots.Add(new DesignSnapshot(value.Iteration, compliance, volume, x, physical));
        }

        _pending.Clear();
        _previousElapsed = value.Elapsed;
        progress?.Report(record);
    }
}
