using System.Diagnostics;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Studies;

/// <summary>
/// The paper's comparative study as one call (what <c>ntopo reproduce</c> runs): datasets, the three
/// networks of Table 1, every optimization of Fig. 5–11 and beyond, the exact references, then the
/// data files, the caller's report and <c>summary.json</c> (written last: its presence means the
/// study finished). Every stage is cached under the folder (<see cref="StudyCache"/>), so a repeated
/// or interrupted study resumes instead of starting over.
/// </summary>
/// <example>
/// <code>
/// var results = Study.Run("results", StudyOptions.Quick, new StudyRunOptions { Render = r => MyReport.Write(r) });
/// double compliance = results.Run("dbto-nnj").Result.Compliance;
/// </code>
/// </example>
public static class Study
{
    /// <summary>Runs (or resumes) the study of <paramref name="options"/> in <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidInputException">Invalid settings, or the folder cannot be written or is in use by another study.</exception>
    /// <exception cref="OperationCanceledException">Cancelled; the finished stages and runs stay in the cache.</exception>
    public static StudyResults Run(string folder, StudyOptions options, StudyRunOptions? run = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentNullException.ThrowIfNull(options);
        run ??= new StudyRunOptions();
        var plan = StudyPlan.Create(options);
        using var folderLock = StudyFolder.Lock(folder);
        StudyFolder.CheckBudget(folder, options.Budget, run.Force);
        var cache = new StudyCache(folder, run.Force);
        var context = new StudyContext(options, plan, cache, run.Progress, run.CancellationToken);
        var seconds = new Dictionary<string, double>();
        var total = Stopwatch.StartNew();
        var datasets = Stage(context, StudyStage.Datasets, seconds, () => DatasetStage.Run(context));
        var (networks, committed) = Stage(context, StudyStage.Training, seconds, () => (TrainingStage.Run(context, datasets), CommittedNetworkStage.Run(context)));
        var (runs, orientation, protocols) = Stage(context, StudyStage.Optimization, seconds, () =>
        {
            ModelRecord[] models = [.. networks.Select(n => n.Model), .. committed];
            var finished = OptimizationStage.Run(context, models);
            return (finished, OrientationAnalysis.Run(context, finished, networks), ProtocolStudy.Run(context, finished, datasets, models));
        });
        // Ground truth and verification depend on nothing of each other: they run side by side (the
        // verification's fine solves leave a core idle much of the time), each timed on its own clock.
        var (truth, verification) = SideBySide(
            () => options.Networks == StudyNetworks.Paper ? null : Stage(context, StudyStage.GroundTruth, seconds, () => GroundTruthStage.Run(context, networks)),
            () => Stage(context, StudyStage.Verification, seconds, () => VerificationStage.Run(context, runs, [.. networks.Select(n => n.Model), .. committed])));
        seconds = InStageOrder(seconds);
        var results = new StudyResults(
            cache.Folder, options, plan, datasets, networks, runs, truth, seconds, cache.Reused, run.Machine ?? MachineInfo.Current(), run.Software)
        {
            Orientation = orientation,
            Protocols = protocols,
            Verification = verification,
        };
        Stage(context, StudyStage.Outputs, seconds, () =>
        {
            StudyDataFiles.Write(results);
            run.Render?.Invoke(results);
            return 0;
        });
        seconds["total"] = total.Elapsed.TotalSeconds;
        StudySummary.Write(results);
        return results;
    }

    private static T Stage<T>(StudyContext context, StudyStage stage, Dictionary<string, double> seconds, Func<T> run)
    {
        var result = context.Time(stage, run, out var elapsed);
        lock (seconds)
        {
            seconds[stage.Name()] = elapsed.TotalSeconds;
        }

        return result;
    }

    // The stages' times in the order of the stages (the side-by-side ones finish in either order).
    private static Dictionary<string, double> InStageOrder(Dictionary<string, double> seconds) =>
        Enum.GetValues<StudyStage>().Select(s => s.Name()).Where(seconds.ContainsKey).ToDictionary(name => name, name => seconds[name]);

    // Runs both, the first on a pool thread; returns when both are done (so that nothing still writes
    // to the folder after a failure) and rethrows the first's exception, else the second's, unwrapped.
    private static (T1, T2) SideBySide<T1, T2>(Func<T1> first, Func<T2> second)
    {
        var task = Task.Run(first);
        T2 result;
        try
        {
            result = second();
        }
        catch
        {
            try
            {
                task.Wait();
            }
            catch (AggregateException)
            {
                // the second's exception is the one reported
            }

            throw;
        }

        return (task.GetAwaiter().GetResult(), result);
    }
}

/// <summary>How <see cref="Study.Run"/> runs (none of this changes the numbers, except <see cref="Force"/> recomputing them).</summary>
public sealed record StudyRunOptions
{
    /// <summary>Recompute every stage whatever the cache holds.</summary>
    public bool Force { get; init; }

    /// <summary>Receives progress from the stages (from worker threads).</summary>
    public IProgress<StudyProgress>? Progress { get; init; }

    /// <summary>Stops the study; finished stages and runs stay cached.</summary>
    public CancellationToken CancellationToken { get; init; }

    /// <summary>Renders the report from the results (figures, HTML) after the data files are written; its time counts in the outputs stage.</summary>
    public Action<StudyResults>? Render { get; init; }

    /// <summary>The machine to record (default: this one, now).</summary>
    public MachineInfo? Machine { get; init; }

    /// <summary>Versions of the software involved (name → version), recorded in the summary.</summary>
    public IReadOnlyDictionary<string, string> Software { get; init; } = new Dictionary<string, string>();
}
