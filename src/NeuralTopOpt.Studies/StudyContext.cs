using System.Diagnostics;
using System.Globalization;

namespace NeuralTopOpt.Studies;

/// <summary>What every stage of a study shares: the plan, the cache, progress and cancellation.</summary>
internal sealed class StudyContext(StudyOptions options, StudyPlan plan, StudyCache cache, IProgress<StudyProgress>? progress, CancellationToken cancellation)
{
    public StudyOptions Options { get; } = options;

    public StudyPlan Plan { get; } = plan;

    public StudyCache Cache { get; } = cache;

    public CancellationToken Cancellation { get; } = cancellation;

    /// <summary>Reports <paramref name="message"/> for stage <paramref name="stage"/> at <paramref name="fraction"/> done.</summary>
    public void Report(StudyStage stage, string message, double fraction, bool milestone = false) =>
        progress?.Report(new StudyProgress(stage.Name(), (int)stage + 1, StudyStages.Count, message, Math.Clamp(fraction, 0, 1), milestone));

    /// <summary>Runs one stage, timing it.</summary>
    public T Time<T>(StudyStage stage, Func<T> run, out TimeSpan elapsed)
    {
        Cancellation.ThrowIfCancellationRequested();
        Report(stage, "starting", 0, milestone: true);
        var clock = Stopwatch.StartNew();
        var result = run();
        elapsed = clock.Elapsed;
        Report(stage, string.Create(CultureInfo.InvariantCulture, $"done in {elapsed.TotalSeconds:F1} s"), 1, milestone: true);
        return result;
    }
}

/// <summary>The stages of a study, in order.</summary>
public enum StudyStage
{
    /// <summary>The SIMP and hole-cell datasets.</summary>
    Datasets,

    /// <summary>The three networks of Table 1.</summary>
    Training,

    /// <summary>Every topology optimization run.</summary>
    Optimization,

    /// <summary>Exact derivatives, the Fig. 3C grid and the Appendix B example.</summary>
    GroundTruth,

    /// <summary>The fine-scale verification of the HBTO designs (issue 13 §2).</summary>
    Verification,

    /// <summary>Data files, figures, the report and the summary.</summary>
    Outputs,
}

/// <summary>Names of the <see cref="StudyStage"/>s.</summary>
public static class StudyStages
{
    /// <summary>Number of stages.</summary>
    public const int Count = 6;

    /// <summary>The stage's name in progress reports and summaries (<c>datasets</c>, <c>training</c>, <c>optimization</c>, <c>ground_truth</c>, <c>verification</c>, <c>outputs</c>).</summary>
    public static string Name(this StudyStage stage) => stage switch
    {
        StudyStage.Datasets => "datasets",
        StudyStage.Training => "training",
        StudyStage.Optimization => "optimization",
        StudyStage.GroundTruth => "ground_truth",
        StudyStage.Verification => "verification",
        _ => "outputs",
    };
}
