using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Formats;
using NeuralTopOpt.Nn.Formats.Onnx;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// <c>ntopo model import|export|info</c>: networks from and to other tools' formats (TensorFlow
/// SavedModel, ONNX, Keras) and what a model file holds.
/// </summary>
internal static class ModelCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("model", "Import networks from TensorFlow/Keras and ONNX, export to ONNX, and describe a model.");
        command.Subcommands.Add(ImportCommand(console));
        command.Subcommands.Add(ExportCommand(console));
        command.Subcommands.Add(InfoCommand(console));
        return command;
    }

    private static Command ImportCommand(CliConsole console)
    {
        var path = new Argument<string>("path") { Description = "A SavedModel directory, an .onnx file, or a Keras .keras/.h5 file." };
        var output = new Option<string>("--out") { Description = "Where to write the model (JSON).", Required = true };
        var inputs = new Option<string?>("--inputs") { Description = "Names of the inputs, comma-separated (default x1, x2, …)." };
        var outputs = new Option<string?>("--outputs") { Description = "Names of the outputs, comma-separated (default y1, y2, …)." };
        var json = new Option<bool>("--json") { Description = "Print the model's description as one JSON object." };
        var command = new Command("import", "Convert a network written by TensorFlow/Keras or an ONNX exporter into an ntopo model file, recording its source.")
        {
            path, output, inputs, outputs, json,
        };
        command.SetAction(parse =>
        {
            var options = new ModelImportOptions
            {
                InputNames = parse.GetValue(inputs) is { } i ? CommandLineValues.Names(i, "--inputs") : null,
                OutputNames = parse.GetValue(outputs) is { } o ? CommandLineValues.Names(o, "--outputs") : null,
            };
            var model = ModelImporter.Import(parse.GetRequiredValue(path), options);
            var target = parse.GetRequiredValue(output);
            ModelFile.Save(model, target);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console.Out, Describe(model, target));
                return ExitCodes.Success;
            }

            var source = model.Source!;
            console.Out.WriteLine($"{source.Format} {source.File} ({model.Network.Architecture}, outputs {model.Network.OutputMode.Name()}d) written to {target}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ExportCommand(CliConsole console)
    {
        var model = new Argument<string>("model") { Description = "An ntopo model file (JSON)." };
        var onnx = new Option<string>("--onnx") { Description = "Where to write the ONNX file.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print {\"model\":…,\"onnx\":…,\"opset\":…} as one JSON object." };
        var command = new Command("export", "Write an ntopo model as an ONNX file (float64, opset 13).") { model, onnx, json };
        command.SetAction(parse =>
        {
            var path = parse.GetRequiredValue(model);
            var loaded = ModelFile.Load(path);
            var target = parse.GetRequiredValue(onnx);
            OnnxExporter.Save(loaded, target);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console.Out, new Dictionary<string, object> { ["model"] = path, ["onnx"] = target, ["opset"] = OnnxExporter.Opset });
                return ExitCodes.Success;
            }

            console.Out.WriteLine($"{loaded.Network.Architecture} written to {target} (ONNX, float64, opset {OnnxExporter.Opset})");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command InfoCommand(CliConsole console)
    {
        var path = new Argument<string>("path") { Description = "An ntopo model file (JSON), or any file 'model import' reads." };
        var json = new Option<bool>("--json") { Description = "Print the description as one JSON object." };
        var command = new Command("info", "Describe a network: architecture, activations, normalization, where it came from and how it was trained.") { path, json };
        command.SetAction(parse =>
        {
            var file = parse.GetRequiredValue(path);
            var model = IsModelFile(file) ? ModelFile.Load(file) : ModelImporter.Import(file);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console.Out, Describe(model, file));
                return ExitCodes.Success;
            }

            foreach (var line in Lines(model, file))
            {
                console.Out.WriteLine(line);
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static bool IsModelFile(string path) =>
        File.Exists(path) && string.Equals(Path.GetExtension(path), ".json", StringComparison.OrdinalIgnoreCase);

    private static Dictionary<string, object?> Describe(NetworkModel model, string path)
    {
        var network = model.Network;
        return new Dictionary<string, object?>
        {
            ["file"] = path,
            ["architecture"] = network.Architecture,
            ["activations"] = network.Layers.Select(l => l.Activation.Name()).ToArray(),
            ["parameters"] = network.ParameterCount,
            ["inputs"] = model.InputNames,
            ["outputs"] = model.OutputNames,
            ["input_normalization"] = new Dictionary<string, object>
            {
                ["mean"] = network.InputNormalization.Mean.ToArray(),
                ["std"] = network.InputNormalization.Std.ToArray(),
            },
            ["output_normalization"] = new Dictionary<string, object>
            {
                ["mode"] = network.OutputMode.Name(),
                ["mean"] = network.OutputNormalization.Mean.ToArray(),
                ["std"] = network.OutputNormalization.Std.ToArray(),
            },
            ["source"] = model.Source is { } s
                ? new Dictionary<string, object?>
                {
                    ["format"] = s.Format,
                    ["file"] = s.File,
                    ["sha256"] = s.Sha256,
                    ["hash_of"] = s.HashOf,
                    ["producer"] = s.Producer,
                    ["notes"] = s.Notes,
                }
                : null,
            ["training"] = model.Training is { } t
                ? new Dictionary<string, object?>
                {
                    ["seed"] = t.Seed,
                    ["samples"] = t.Samples,
                    ["epochs"] = t.Epochs,
                    ["epochs_run"] = t.EpochsRun,
                    ["test_mse"] = t.TestMse,
                    ["data"] = t.Data,
                }
                : null,
        };
    }

    private static IEnumerable<string> Lines(NetworkModel model, string path)
    {
        var c = CultureInfo.InvariantCulture;
        var network = model.Network;
        static string Numbers(ReadOnlySpan<double> values) => string.Join(", ", values.ToArray().Select(v => v.ToString("G6", CultureInfo.InvariantCulture)));
        yield return $"{path}: {network.Architecture} ({string.Join(", ", network.Layers.Select(l => l.Activation.Name()))}), {network.ParameterCount} parameters";
        yield return $"inputs:  {string.Join(", ", model.InputNames)}; normalized (x − mean)/std with mean [{Numbers(network.InputNormalization.Mean)}], std [{Numbers(network.InputNormalization.Std)}]";
        var formula = network.OutputMode == OutputNormalizationMode.Normalize ? "y = (ŷ − mean)/std (Keras invert=False)" : "y = ŷ·std + mean";
        yield return $"outputs: {string.Join(", ", model.OutputNames)}; {formula} with mean [{Numbers(network.OutputNormalization.Mean)}], std [{Numbers(network.OutputNormalization.Std)}]";
        if (model.Source is { } s)
        {
            yield return $"source:  {s.Format} {s.File}{(s.Producer is null ? "" : $", written by {s.Producer}")}; SHA-256 ({s.HashOf}) {s.Sha256}";
            foreach (var note in s.Notes)
            {
                yield return $"         {note}";
            }
        }

        if (model.Training is { } t)
        {
            yield return string.Create(c, $"trained: seed {t.Seed}, {t.EpochsRun} of {t.Epochs} epochs on {t.TrainSamples} samples{(t.Data is null ? "" : $" of {t.Data}")}; test MSE {t.TestMse:E3}");
        }
    }
}
