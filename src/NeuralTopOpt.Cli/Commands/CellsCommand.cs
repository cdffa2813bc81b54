using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Cli.Infrastructure;
using Spectre.Console;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// <c>ntopo cells [--json]</c>: the cell families (<see cref="CellFamilies"/>) that <c>--cell NAME</c> of
/// <c>ntopo optimize</c>, <c>dataset</c>, <c>homogenize</c> and <c>check-gradient</c> accept, with their
/// design fields and the dataset their network learns.
/// </summary>
internal static class CellsCommand
{
    public static Command Create(CliConsole console)
    {
        var json = new Option<bool>("--json") { Description = "Print {\"cells\":[{\"name\":…,\"description\":…,\"parameters\":[{\"name\",\"symbol\",\"lower\",\"upper\",\"description\"}],\"dataset\":{…}}]}." };
        var command = new Command("cells", "List the cell families (design parameterizations) with their parameters.") { json };
        command.SetAction(parse =>
        {
            if (parse.GetValue(json))
            {
                var cells = CellFamilies.All.Select(c => new
                {
                    name = c.Name,
                    description = c.Description,
                    parameters = c.Parameters.Select(p => new { name = p.Name, symbol = p.Symbol, lower = p.Lower, upper = p.Upper, description = p.Description }),
                    dataset = new { kind = c.Dataset.Kind, inputs = c.Dataset.Inputs, outputs = c.Dataset.Outputs },
                });
                JsonOutput.Write(console.Out, new { cells });
                return ExitCodes.Success;
            }

            var table = new Table().AddColumns("cell", "parameters", "dataset", "what");
            foreach (var cell in CellFamilies.All)
            {
                var parameters = string.Join("\n", cell.Parameters.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Name} {p.Symbol} in [{p.Lower:0.####}, {p.Upper:0.####}]")));
                table.AddRow(Markup.Escape(cell.Name), Markup.Escape(parameters), Markup.Escape($"{cell.Dataset.Kind}: {string.Join(", ", cell.Dataset.Inputs)} -> {string.Join(", ", cell.Dataset.Outputs)}"), Markup.Escape(cell.Description));
            }

            console.Ansi.Write(table);
            return ExitCodes.Success;
        });
        return command;
    }
}
