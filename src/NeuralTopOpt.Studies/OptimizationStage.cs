using System.Collections.Concurrent;
using System.Globalization;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Studies;

/// <summary>One optimization of the study and its full record.</summary>
/// <param name="Spec">What was run.</param>
/// <param name="Result">Compliance, iterations, history with time splits, snapshots, initial sensitivities.</param>
public sealed record StudyRun(StudyRunSpec Spec, TopologyRunResult Result);

/// <summary>
/// Stage 3: every optimization of the plan on the paper's half MBB beam, built as <c>ntopo optimize</c>
/// builds it (<see cref="TopologySetup"/>). Runs are independent, so they run side by side on the
/// study's cores, the longest first; each is its own cache entry (its fingerprint holds the settings
/// and the hash of the model file), so an interrupted study resumes run by run. An interrupted run is
/// not kept.
/// </summary>
internal static class OptimizationStage
{
    public static IReadOnlyList<StudyRun> Run(StudyContext context, IReadOnlyList<NetworkRecord> networks)
    {
        var runs = context.Plan.Runs;
        var results = new StudyRun[runs.Count];
        var finished = 0;
        var order = Enumerable.Range(0, runs.Count).OrderByDescending(i => ExpectedCost(runs[i])).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = context.Options.Parallelism, CancellationToken = context.Cancellation };
        Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering), parallel, i =>
        {
            var spec = runs[i];
            var network = spec.Network is null ? null : networks.First(n => n.Key == spec.Network);
            var cached = context.Cache.GetOrCompute(
                $"run-{spec.Key}",
                Fingerprint(context.Options, spec, network),
                () => new StudyRun(spec, Execute(context, spec, network, () => Volatile.Read(ref finished) / (double)runs.Count)));
            results[i] = cached.Value;
            var count = Interlocked.Increment(ref finished);
            context.Report(StudyStage.Optimization, string.Create(CultureInfo.InvariantCulture, $"{spec.Key}: {cached.Value.Result.Compliance:F2} after {cached.Value.Result.Iterations} iterations{(cached.FromCache ? " (cached)" : "")}"), count / (double)runs.Count, milestone: true);
        });
        return results;
    }

    /// <summary>The fingerprint of a run: everything its result depends on.</summary>
    public static string Fingerprint(StudyOptions options, StudyRunSpec spec, NetworkRecord? network) => StudyCache.Fingerprint(
        "run", spec, options.Nelx, options.Nely, options.VolumeFraction, options.FilterRadius, Setup(options, spec, null).Stopping, options.SnapshotIterations, network?.ModelHash);

    /// <summary>
    /// The run as a <see cref="TopologySetup"/>: the half MBB beam with the study's settings and the run's cell,
    /// material, optimizer and filter, capped at the budget of its kind (DBTO, HBTO, or beyond the paper).
    /// </summary>
    public static TopologySetup Setup(StudyOptions options, StudyRunSpec spec, MaterialSource? material)
    {
        var cap = options.Beyond.Contains(spec) ? options.BeyondMaxIterations
            : spec.Cell == StudyPlan.DbtoCell ? options.DbtoMaxIterations
            : options.HbtoMaxIterations;
        return spec.Setup(options, material, cap);
    }

    /// <summary>The material of a run: SIMP (Eq. 14–15) or the network with the run's derivative method.</summary>
    public static MaterialSource Material(StudyRunSpec spec, NetworkModel? model) =>
        model is null ? MaterialSource.Simp() : MaterialSource.Network(model, spec.Derivative);

    private static TopologyRunResult Execute(StudyContext context, StudyRunSpec spec, NetworkRecord? network, Func<double> fraction)
    {
        var model = network is null ? null : ModelFile.Load(context.Cache.PathOf(network.ModelFile));
        var run = Setup(context.Options, spec, Material(spec, model)).Build();
        var progress = new ActionProgress<TopologyIteration>(it =>
        {
            if (it.Iteration % 25 == 0)
            {
                context.Report(StudyStage.Optimization, string.Create(CultureInfo.InvariantCulture, $"{spec.Key}: iteration {it.Iteration}, compliance {it.Compliance:F2}"), fraction());
            }
        });
        var result = TopologyRun.Execute(run, new TopologyRunOptions { SnapshotIterations = context.Options.SnapshotIterations }, progress, context.Cancellation);
        if (result.ExitReason == ExitReason.Cancelled)
        {
            throw new OperationCanceledException(context.Cancellation);
        }

        return result;
    }

    /// <summary>A rough order of run times: more design fields take longer, the paper's setting longest among them.</summary>
    private static int ExpectedCost(StudyRunSpec spec) => (2 * spec.Family.FieldCount) - (spec.IsPaperSetting ? 0 : 1);
}
