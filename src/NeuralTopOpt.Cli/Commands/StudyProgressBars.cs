using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Studies;
using Spectre.Console;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// One progress bar per stage of a study on standard error (what the stage is doing now, its share
/// done, elapsed time) when a person is watching; otherwise one log line per milestone (a stage
/// started or finished, a dataset, network or run done), so that a long run in CI or under
/// <c>nohup</c> shows where it is.
/// </summary>
internal static class StudyProgressBars
{
    public static T Run<T>(CliConsole console, Func<IProgress<StudyProgress>?, T> run)
    {
        if (!console.Interactive)
        {
            return run(new LogLines(console.Error));
        }

        var result = default(T)!;
        console.Status.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var tasks = Enum.GetValues<StudyStage>()
                    .Select(s => context.AddTask(Markup.Escape(s.Name()), autoStart: false, maxValue: 1))
                    .ToArray();
                result = run(new Reporter(tasks));
            });
        return result;
    }

    /// <summary>Updates the stage's bar from any thread (Spectre's tasks are thread-safe).</summary>
    private sealed class Reporter(ProgressTask[] tasks) : IProgress<StudyProgress>
    {
        public void Report(StudyProgress value)
        {
            var task = tasks[value.Index - 1];
            if (!task.IsStarted)
            {
                task.StartTask();
            }

            var text = value.Message.Length > 70 ? value.Message[..70] : value.Message;
            task.Description = Markup.Escape($"{value.Stage}: {text}");
            task.Value = value.Fraction;
            if (value.Fraction >= 1)
            {
                task.StopTask();
            }
        }
    }

    /// <summary>Writes each milestone as <c>[elapsed] stage: message</c>; serialized, as runs finish on several threads.</summary>
    private sealed class LogLines(TextWriter writer) : IProgress<StudyProgress>
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
        private readonly Lock _gate = new();

        public void Report(StudyProgress value)
        {
            if (!value.Milestone)
            {
                return;
            }

            lock (_gate)
            {
                writer.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,7:F1} s] {value.Stage}: {value.Message}"));
                writer.Flush();
            }
        }
    }
}
