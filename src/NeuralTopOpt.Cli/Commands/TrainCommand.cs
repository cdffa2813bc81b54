using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.IO;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Data;
using NeuralTopOpt.Nn.Training;

namespace NeuralTopOpt.Cli.Commands;

/// <summary><c>ntopo train --data FILE --inputs … --outputs … --out MODEL</c>: trains an MLP on a CSV dataset.</summary>
internal static class TrainCommand
{
    public static Command Create(CliConsole console)
    {
        var options = new TrainingCommandOptions();
        var output = new Option<string>("--out") { Description = "Where to write the model (JSON).", Required = true };
        var hidden = new Option<string>("--hidden") { Description = "Hidden layer widths, comma-separated (N_N per layer).", DefaultValueFactory = _ => "64" };
        var epochs = new Option<int>("--epochs") { Description = "Epochs.", DefaultValueFactory = _ => 5000 };
        var rate = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 1e-3 };
        var patience = new Option<int?>("--patience") { Description = "Stop when the validation loss has not improved for this many epochs (keeps the best weights)." };
        var restarts = new Option<int>("--restarts") { Description = "Train this many networks and keep the one with the lowest validation loss.", DefaultValueFactory = _ => 1 };
        var protocol = new Option<string>("--protocol")
        {
            Description = "ntopo (seeded 70/15/15 split, normalized targets) or paper (the paper's Keras script: rows in file order 85/15 with validation_split, output Normalization(invert=False), MSE on raw targets; --patience is then early stopping on the training loss without restoring weights).",
            DefaultValueFactory = _ => "ntopo",
        };
        var command = new Command("train", "Train an MLP on a CSV dataset (Adam, MSE, seeded 70/15/15 split) and write the model.")
        {
            output, hidden, epochs, rate, patience, restarts, protocol,
        };
        options.AddTo(command);
        command.SetAction(parse =>
        {
            AtomicFile.CheckTarget(parse.GetRequiredValue(output));
            var (data, source) = options.Dataset(parse);
            var training = options.Training(parse) with
            {
                HiddenLayers = CommandLineValues.PositiveIntegers(parse.GetValue(hidden)!, "--hidden"),
                Epochs = parse.GetValue(epochs),
                LearningRate = parse.GetValue(rate),
                Patience = parse.GetValue(patience),
                Restarts = parse.GetValue(restarts),
                Protocol = TrainingProtocols.Parse(parse.GetValue(protocol)!),
            };
            if (training.Protocol == TrainingProtocol.Paper && parse.GetResult(options.Split) is { Implicit: false })
            {
                throw new InvalidInputException("--split does not apply to --protocol paper, which splits the rows in file order (85 % for training and validation, 15 % for the test)");
            }

            training.Validate();
            var path = parse.GetRequiredValue(output);
            var title = $"training {training.Architecture(data.InputCount, data.OutputCount)}";
            var result = TrainingProgressBar.Run(console, title, training.Epochs * training.Restarts,
                progress => Trainer.Train(data, training, progress, source));
            ModelFile.Save(result.Model, path);
            Report(console, parse.GetValue(options.Json), result.Model, path);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Prints what a training produced: one JSON object, or a few lines of text.</summary>
    internal static void Report(CliConsole console, bool json, NetworkModel model, string? path)
    {
        var t = model.Training!;
        if (json)
        {
            JsonOutput.Write(console.Out, new Dictionary<string, object?>
            {
                ["model"] = path,
                ["architecture"] = model.Network.Architecture,
                ["seed"] = t.Seed,
                ["samples"] = t.Samples,
                ["split"] = new Dictionary<string, int> { ["train"] = t.TrainSamples, ["validation"] = t.ValidationSamples, ["test"] = t.TestSamples },
                ["epochs"] = t.Epochs,
                ["epochs_run"] = t.EpochsRun,
                ["learning_rate"] = t.LearningRate,
                ["seconds"] = t.Seconds,
                ["test_mse"] = t.TestMse,
                ["test_r2"] = t.TestR2,
                ["validation_loss"] = t.ValidationLoss,
            });
            return;
        }

        var c = CultureInfo.InvariantCulture;
        console.Out.WriteLine(string.Create(c, $"{model.Network.Architecture}: {t.EpochsRun} epochs on {t.TrainSamples} samples (seed {t.Seed}) in {t.Seconds:F1} s"));
        console.Out.WriteLine(string.Create(c, $"test ({t.TestSamples} samples): MSE {t.TestMse:E3}, R² {t.TestR2:F6}; validation loss {t.ValidationLoss:E3}"));
        if (path is not null)
        {
            console.Out.WriteLine($"model written to {path}");
        }
    }
}

/// <summary>The options that <c>train</c> and <c>tune</c> share: the data, the columns, the activations, the batch, the split, the seed.</summary>
internal sealed class TrainingCommandOptions
{
    public Option<string> Data { get; } = new("--data") { Description = "Dataset (CSV with a header row).", Required = true };

    public Option<string> Inputs { get; } = new("--inputs") { Description = "Input columns, comma-separated names or 0-based indices.", Required = true };

    public Option<string> Outputs { get; } = new("--outputs") { Description = "Output columns, comma-separated names or 0-based indices.", Required = true };

    public Option<string> HiddenActivation { get; } = new("--activation") { Description = "Activation of the hidden layers (sigmoid, tanh, relu, softplus, silu, linear).", DefaultValueFactory = _ => "sigmoid" };

    public Option<string> OutputActivation { get; } = new("--output-activation") { Description = "Activation of the output layer.", DefaultValueFactory = _ => "linear" };

    public Option<int> Batch { get; } = new("--batch") { Description = "Mini-batch size.", DefaultValueFactory = _ => 32 };

    public Option<string> Split { get; } = new("--split") { Description = "Train, validation and test fractions.", DefaultValueFactory = _ => "0.7,0.15,0.15" };

    public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the split, the initial weights and the shuffling.", DefaultValueFactory = _ => 1 };

    public Option<bool> NoNormalization { get; } = new("--no-normalization") { Description = "Do not normalize inputs and outputs." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print the result as one JSON object." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Data, Inputs, Outputs, HiddenActivation, OutputActivation, Batch, Split, Seed, NoNormalization, Json })
        {
            command.Options.Add(option);
        }
    }

    public (Dataset Data, string Source) Dataset(ParseResult parse)
    {
        var path = parse.GetRequiredValue(Data);
        var table = CsvTable.Read(path);
        var data = Nn.Data.Dataset.FromCsv(table, CommandLineValues.Names(parse.GetRequiredValue(Inputs), "--inputs"), CommandLineValues.Names(parse.GetRequiredValue(Outputs), "--outputs"));
        return (data, Path.GetFileName(path));
    }

    public TrainingOptions Training(ParseResult parse)
    {
        var split = CommandLineValues.Numbers(parse.GetValue(Split)!, "--split");
        if (split.Length != 3)
        {
            throw new UsageException($"--split needs three fractions (train, validation, test), not {split.Length}");
        }

        var normalize = !parse.GetValue(NoNormalization);
        return new TrainingOptions
        {
            HiddenActivation = ParseActivation(parse.GetValue(HiddenActivation)!, "--activation"),
            OutputActivation = ParseActivation(parse.GetValue(OutputActivation)!, "--output-activation"),
            BatchSize = parse.GetValue(Batch),
            Split = new SplitFractions(split[0], split[1], split[2]),
            Seed = parse.GetValue(Seed),
            NormalizeInputs = normalize,
            NormalizeOutputs = normalize,
        };
    }

    private static Activation ParseActivation(string name, string option)
    {
        try
        {
            return Activations.Parse(name);
        }
        catch (InvalidInputException e)
        {
            throw new UsageException($"{option}: {e.Message}");
        }
    }
}
