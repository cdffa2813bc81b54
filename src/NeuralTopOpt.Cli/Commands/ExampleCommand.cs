using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Examples;
using Spectre.Console;

namespace NeuralTopOpt.Cli.Commands;

/// <summary><c>ntopo example appendix-b</c> and <c>ntopo example simp-data</c>: the paper's worked example and its DBTO dataset.</summary>
internal static class ExampleCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("example", "The paper's worked examples.");
        command.Subcommands.Add(AppendixBCommand(console));
        command.Subcommands.Add(SimpDataCommand(console));
        return command;
    }

    private static Command AppendixBCommand(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print {\"x\":0.812,\"exact\":1.624,\"nnj\":…,\"cfd\":…,\"csm\":…,\"ad\":…,\"dual\":…}." };
        var train = new Option<bool>("--train") { Description = "Train the 1-3-3-1 network from scratch (as the paper's script does) instead of using the printed weights." };
        var samples = new Option<int>("--samples") { Description = "With --train: Latin hypercube samples of y = x² on [-1, 1].", DefaultValueFactory = _ => 100_000 };
        var epochs = new Option<int>("--epochs") { Description = "With --train: epochs.", DefaultValueFactory = _ => 500 };
        var seed = new Option<int>("--seed") { Description = "With --train: seed of the samples, split, weights and shuffling.", DefaultValueFactory = _ => 10 };
        var command = new Command("appendix-b", "Appendix B: dy/dx of the 1-3-3-1 network for y = x² at x = 0.812 by every derivative method.")
        {
            json, train, samples, epochs, seed,
        };
        command.SetAction(parse =>
        {
            Mlp network;
            TrainingMetadata? training = null;
            var trainingOnly = new Option[] { samples, epochs, seed }.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false });
            if (!parse.GetValue(train) && trainingOnly is not null)
            {
                throw new UsageException($"{trainingOnly.Name} applies with --train (the printed network is used otherwise)");
            }

            if (parse.GetValue(train))
            {
                var (n, e, s) = (CommandLineValues.Positive(parse.GetValue(samples), "--samples"), CommandLineValues.Positive(parse.GetValue(epochs), "--epochs"), parse.GetValue(seed));
                var result = TrainingProgressBar.Run(console, "training 1-3-3-1 on y = x²", e, progress => AppendixB.Train(n, e, s, progress));
                (network, training) = (result.Model.Network, result.Model.Training);
            }
            else
            {
                network = AppendixB.PrintedNetwork();
            }

            var derivatives = JacobianMethods.Names.ToDictionary(m => m, m => JacobianMethods.Create(m, network).Evaluate([AppendixB.X]).Jacobian[0]);
            if (parse.GetValue(json))
            {
                var values = new Dictionary<string, object> { ["x"] = AppendixB.X, ["exact"] = AppendixB.ExactDerivative };
                foreach (var (method, value) in derivatives)
                {
                    values[method] = value;
                }

                if (training is not null)
                {
                    values["seed"] = training.Seed;
                    values["samples"] = training.Samples;
                    values["epochs"] = training.EpochsRun;
                    values["test_mse"] = training.TestMse;
                    values["seconds"] = training.Seconds;
                }

                JsonOutput.Write(console.Out, values);
                return ExitCodes.Success;
            }

            Print(console, network, derivatives, training);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(CliConsole console, Mlp network, Dictionary<string, double> derivatives, TrainingMetadata? training)
    {
        var c = CultureInfo.InvariantCulture;
        console.Out.WriteLine(training is null
            ? "Appendix B: the printed 1-3-3-1 sigmoid network (Eq. B13-B14) approximating y = x²"
            : string.Create(c, $"Appendix B: a 1-3-3-1 sigmoid network trained on y = x² ({training.Samples} samples, {training.EpochsRun} epochs, seed {training.Seed}, test MSE {training.TestMse:E3}, {training.Seconds:F1} s)"));
        var y = network.Predict([AppendixB.X])[0];
        console.Out.WriteLine(string.Create(c, $"x = {AppendixB.X}: y = {y:F6} (x² = {AppendixB.X * AppendixB.X:F6}); exact dy/dx = 2x = {AppendixB.ExactDerivative}"));
        var table = new Table().AddColumns("method", "dy/dx", "error vs 2x", "difference vs nnj");
        foreach (var (method, value) in derivatives)
        {
            table.AddRow(method, value.ToString("F12", c), (value - AppendixB.ExactDerivative).ToString("+0.000E+0;-0.000E+0", c), (value - derivatives["nnj"]).ToString("+0.0E+0;-0.0E+0;0", c));
        }

        console.Ansi.Write(table);
        if (training is not null)
        {
            foreach (var (layer, n) in network.Layers.Select((l, n) => (l, n + 1)))
            {
                // The row-vector convention of Appendix B: W[i][j] links neuron i to neuron j of the next layer.
                var rows = Enumerable.Range(0, layer.InputCount).Select(i => string.Join(' ', Enumerable.Range(0, layer.OutputCount).Select(j => layer.Weight(j, i).ToString("F3", c))));
                console.Out.WriteLine($"W{n} = [{string.Join("; ", rows)}]   B{n} = [{string.Join(' ', layer.Biases.ToArray().Select(b => b.ToString("F3", c)))}]");
            }
        }
    }

    /// <summary>The same command as <c>ntopo dataset simp</c>, under its earlier name.</summary>
    private static Command SimpDataCommand(CliConsole console) =>
        DatasetCommand.SimpCommand(console, "simp-data", "The DBTO dataset of Sec. 4.1 (the same as 'ntopo dataset simp'): E(θ) = 1e-9 + (1 − 1e-9)θ³, Eq. (14), at Latin hypercube samples.");
}
