using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Nn;
using Spectre.Console;

namespace NeuralTopOpt.Cli.Commands;

/// <summary><c>ntopo jacobian --model FILE --method NAME --at "x1,x2,…" [--json]</c>: outputs and ∂y/∂x at one point.</summary>
internal static class JacobianCommand
{
    public static Command Create(CliConsole console)
    {
        var model = new Option<string>("--model") { Description = "Model file (JSON, from 'ntopo train').", Required = true };
        var method = new Option<string>("--method")
        {
            Description = $"Derivative method: {string.Join(", ", JacobianMethods.Names)}.",
            DefaultValueFactory = _ => "nnj",
        };
        var at = new Option<string>("--at") { Description = "The input point, comma-separated, one value per model input.", Required = true };
        var step = new Option<double>("--step") { Description = "Finite-difference step h of cfd, Eq. (7).", DefaultValueFactory = _ => JacobianOptions.Default.FiniteDifferenceStep };
        var complexStep = new Option<double>("--complex-step") { Description = "Complex step η of csm, Eq. (8).", DefaultValueFactory = _ => JacobianOptions.Default.ComplexStep };
        var scalar = new Option<bool>("--scalar") { Description = "Evaluate one sample at a time with double, Complex and Dual instead of SIMD lanes." };
        var json = new Option<bool>("--json") { Description = "Print {\"output\":[…],\"jacobian\":[[…]]}." };
        var command = new Command("jacobian", "Evaluate a model and its Jacobian ∂y/∂x at one point with one derivative method.")
        {
            model, method, at, step, complexStep, scalar, json,
        };
        command.SetAction(parse =>
        {
            var methodName = parse.GetValue(method)!.Trim().ToLowerInvariant();
            if (!JacobianMethods.Names.Contains(methodName))
            {
                throw new UsageException($"--method: unknown derivative method '{parse.GetValue(method)}'; expected one of {string.Join(", ", JacobianMethods.Names)}");
            }

            if (parse.GetResult(step) is { Implicit: false } && methodName != "cfd")
            {
                throw new UsageException("--step is the finite-difference step of --method cfd");
            }

            if (parse.GetResult(complexStep) is { Implicit: false } && methodName != "csm")
            {
                throw new UsageException("--complex-step is the complex step of --method csm");
            }

            var loaded = ModelFile.Load(parse.GetRequiredValue(model));
            var network = loaded.Network;
            var x = CommandLineValues.Numbers(parse.GetRequiredValue(at), "--at");
            if (x.Length != network.InputCount)
            {
                throw new InvalidInputException($"the model takes {network.InputCount} input(s) ({string.Join(", ", loaded.InputNames)}); --at gave {x.Length} value(s)");
            }

            var options = new JacobianOptions
            {
                FiniteDifferenceStep = parse.GetValue(step),
                ComplexStep = parse.GetValue(complexStep),
                Execution = parse.GetValue(scalar) ? Execution.Scalar : Execution.Vectorized,
            };
            var result = JacobianMethods.Create(methodName, network, options).Evaluate(x);
            var rows = Enumerable.Range(0, network.OutputCount)
                .Select(o => Enumerable.Range(0, network.InputCount).Select(i => result.Derivative(0, o, i)).ToArray())
                .ToArray();
            if (!result.Outputs.All(double.IsFinite) || !rows.All(r => r.All(double.IsFinite)))
            {
                throw new InvalidInputException($"{parse.GetRequiredValue(model)}: the network's output or derivative at ({string.Join(", ", x.Select(Format))}) is not a finite number: its weights or normalization overflow double precision");
            }
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console.Out, new Dictionary<string, object> { ["output"] = result.Outputs, ["jacobian"] = rows });
                return ExitCodes.Success;
            }

            var table = new Table().AddColumn("output").AddColumn("value");
            foreach (var name in loaded.InputNames)
            {
                table.AddColumn($"∂/∂{Markup.Escape(name)}");
            }

            for (var o = 0; o < network.OutputCount; o++)
            {
                table.AddRow([Markup.Escape(loaded.OutputNames[o]), Format(result.Outputs[o]), .. rows[o].Select(Format)]);
            }

            console.Out.WriteLine($"{methodName} at ({string.Join(", ", x.Select(Format))}) of {network.Architecture}");
            console.Ansi.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Format(double value) => value.ToString("G10", CultureInfo.InvariantCulture);
}
