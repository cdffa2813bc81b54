using System.Globalization;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Datasets;
using Spectre.Console;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// A progress bar with the remaining time on standard error while a dataset is computed, when a person
/// is watching; silent otherwise. Samples resumed from a checkpoint are shown in the count but left out
/// of the bar, so that the rate and the ETA are those of this session.
/// </summary>
internal static class DatasetProgressBar
{
    public static T Run<T>(CliConsole console, string title, Func<IProgress<DatasetProgress>?, T> run)
    {
        if (!console.Interactive)
        {
            return run(null);
        }

        var result = default(T)!;
        console.Status.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), autoStart: true, maxValue: 1);
                result = run(new Reporter(task, title));
            });
        return result;
    }

    private sealed class Reporter(ProgressTask task, string title) : IProgress<DatasetProgress>
    {
        public void Report(DatasetProgress value)
        {
            var resumed = value.Resumed > 0 ? $", {value.Resumed} resumed" : "";
            task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{title} {value.Completed}/{value.Total}{resumed}"));
            task.MaxValue = Math.Max(1, value.Total - value.Resumed);
            task.Value = value.Completed - value.Resumed;
        }
    }
}
