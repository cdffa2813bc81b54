using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Tuning;
using Spectre.Console;

namespace NeuralTopOpt.Cli.Commands;

/// <summary><c>ntopo tune --data FILE --inputs … --outputs …</c>: Hyperband over hidden layers, neurons and learning rate.</summary>
internal static class TuneCommand
{
    public static Command Create(CliConsole console)
    {
        var options = new TrainingCommandOptions();
        var maxEpochs = new Option<int>("--max-epochs") { Description = "R: the most epochs one configuration is trained for.", DefaultValueFactory = _ => 81 };
        var eta = new Option<int>("--eta") { Description = "η: keep 1/η of the configurations each round.", DefaultValueFactory = _ => 3 };
        var layers = new Option<string>("--layers") { Description = "Range of hidden layers, min..max.", DefaultValueFactory = _ => "1..3" };
        var neurons = new Option<string>("--neurons") { Description = "Range of neurons per hidden layer, min..max.", DefaultValueFactory = _ => "8..128" };
        var neuronStep = new Option<int>("--neuron-step") { Description = "Grid step of the neuron count.", DefaultValueFactory = _ => 8 };
        var rates = new Option<string>("--lr") { Description = "Candidate learning rates, comma-separated.", DefaultValueFactory = _ => "0.01,0.001,0.0001" };
        var parallel = new Option<int>("--parallel") { Description = "Configurations trained at once (results do not depend on it).", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Write the best network found (with test metrics) to this model file." };
        var command = new Command("tune", "Search hidden layers, neurons and learning rate with Hyperband (Li et al. 2017), seeded.")
        {
            maxEpochs, eta, layers, neurons, neuronStep, rates, parallel, output,
        };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            if (parse.GetValue(output) is { } target)
            {
                IO.AtomicFile.CheckTarget(target);
            }

            var (data, source) = options.Dataset(parse);
            var (minLayers, maxLayers) = CommandLineValues.Range(parse.GetValue(layers)!, "--layers");
            var (minNeurons, maxNeurons) = CommandLineValues.Range(parse.GetValue(neurons)!, "--neurons");
            var search = new HyperbandOptions
            {
                MaxEpochs = parse.GetValue(maxEpochs),
                Eta = parse.GetValue(eta),
                Seed = parse.GetValue(options.Seed),
                Parallelism = parse.GetValue(parallel),
                Training = options.Training(parse),
                Space = new HyperbandSpace
                {
                    MinLayers = minLayers,
                    MaxLayers = maxLayers,
                    MinNeurons = minNeurons,
                    MaxNeurons = maxNeurons,
                    NeuronStep = parse.GetValue(neuronStep),
                    LearningRates = CommandLineValues.Numbers(parse.GetValue(rates)!, "--lr"),
                },
            };
            search.Validate();
            var result = Run(console, search, data, source);
            var path = parse.GetValue(output);
            if (path is not null)
            {
                ModelFile.Save(result.Model, path);
            }

            Report(console, parse.GetValue(options.Json), result, search, path);
            return ExitCodes.Success;
        });
        return command;
    }

    private static HyperbandResult Run(CliConsole console, HyperbandOptions search, Nn.Data.Dataset data, string source)
    {
        if (!console.Interactive)
        {
            return Hyperband.Search(data, search, null, source);
        }

        HyperbandResult? result = null;
        console.Status.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("hyperband", maxValue: Hyperband.PlannedTrials(search));
                var best = double.PositiveInfinity;
                result = Hyperband.Search(data, search, new Reporter(trial =>
                {
                    best = Math.Min(best, trial.ValidationLoss);
                    task.Description = Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"hyperband bracket {trial.Bracket} round {trial.Round}: {trial.Configuration} {trial.Epochs} epochs, best val {best:E2}"));
                    task.Increment(1);
                }), source);
            });
        return result!;
    }

    private static void Report(CliConsole console, bool json, HyperbandResult result, HyperbandOptions search, string? path)
    {
        var best = result.Best;
        var t = result.Model.Training!;
        if (json)
        {
            JsonOutput.Write(console.Out, new Dictionary<string, object?>
            {
                ["seed"] = search.Seed,
                ["max_epochs"] = search.MaxEpochs,
                ["eta"] = search.Eta,
                ["best"] = Trial(best),
                ["test_mse"] = t.TestMse,
                ["test_r2"] = t.TestR2,
                ["seconds"] = t.Seconds,
                ["model"] = path,
                ["trials"] = result.Trials.Select(Trial).ToList(),
            });
            return;
        }

        var table = new Table().AddColumns("bracket", "round", "layers", "neurons", "lr", "epochs", "val loss");
        foreach (var trial in result.Trials.OrderBy(x => x.ValidationLoss).Take(10))
        {
            var c = trial.Configuration;
            table.AddRow(Text(trial.Bracket), Text(trial.Round), Text(c.Layers), Text(c.Neurons), Text(c.LearningRate), Text(trial.Epochs), trial.ValidationLoss.ToString("E3", CultureInfo.InvariantCulture));
        }

        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"hyperband R = {search.MaxEpochs}, η = {search.Eta}, seed {search.Seed}: {result.Trials.Count} trials in {t.Seconds:F1} s; the 10 best:"));
        console.Ansi.Write(table);
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"best: {best.Configuration.Layers} hidden layer(s) of {best.Configuration.Neurons}, learning rate {best.Configuration.LearningRate}; after {best.Epochs} epochs validation loss {best.ValidationLoss:E3}, test MSE {t.TestMse:E3}"));
        if (path is not null)
        {
            console.Out.WriteLine($"model written to {path}");
        }
    }

    private static Dictionary<string, object> Trial(HyperbandTrial trial) => new()
    {
        ["bracket"] = trial.Bracket,
        ["round"] = trial.Round,
        ["id"] = trial.Configuration.Id,
        ["layers"] = trial.Configuration.Layers,
        ["neurons"] = trial.Configuration.Neurons,
        ["learning_rate"] = trial.Configuration.LearningRate,
        ["epochs"] = trial.Epochs,
        ["validation_loss"] = trial.ValidationLoss,
    };

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Reporter(Action<HyperbandTrial> report) : IProgress<HyperbandTrial>
    {
        public void Report(HyperbandTrial value) => report(value);
    }
}
