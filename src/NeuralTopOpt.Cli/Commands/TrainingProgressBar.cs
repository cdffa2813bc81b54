using System.Globalization;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Nn.Training;
using Spectre.Console;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// Runs a training with a progress bar on standard error (epoch, train and validation loss) when a
/// person is watching; silently otherwise.
/// </summary>
internal static class TrainingProgressBar
{
    public static T Run<T>(CliConsole console, string title, int total, Func<IProgress<TrainingProgress>?, T> train)
    {
        if (!console.Interactive)
        {
            return train(null);
        }

        var result = default(T)!;
        console.Status.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), maxValue: total);
                result = train(new Reporter(task, title));
            });
        return result;
    }

    /// <summary>Updates the bar from the training thread (Spectre's tasks are thread-safe).</summary>
    private sealed class Reporter(ProgressTask task, string title) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value)
        {
            var restart = value.Restarts > 1 ? $" run {value.Restart}/{value.Restarts}" : "";
            task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"{title}{restart} epoch {value.Epoch}/{value.Epochs} loss {value.TrainLoss:E2} val {value.ValidationLoss:E2}"));
            task.Value = ((value.Restart - 1) * value.Epochs) + value.Epoch;
        }
    }
}
