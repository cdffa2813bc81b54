using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Optimization.Topology;
using Spectre.Console;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// <c>ntopo check-gradient dbto|hbto [--cell NAME] [--material simp|nn --model FILE --derivative M] [--nelx --nely --seed] [--solver auto|cholesky|mgcg] [--json]</c>:
/// the Taylor check of the whole chain θ → C → K → u → φ (<see cref="TaylorCheck"/>) on a small
/// unfiltered half MBB beam at a seeded random design, for any cell family and material. Exit code 0
/// when the remainder shrinks as ε² (observed order 2 ± 0.2), 1 otherwise.
/// </summary>
internal static class CheckGradientCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("check-gradient", "Taylor check of the sensitivities (theta -> C -> K -> u -> compliance) for a cell family, material model and derivative method.");
        command.Subcommands.Add(CreateFormulation(console, "dbto", CellFamilies.Density.Name, "simp"));
        command.Subcommands.Add(CreateFormulation(console, "hbto", CellFamilies.Hole.Name, "nn"));
        return command;
    }

    private static Command CreateFormulation(CliConsole console, string name, string defaultCell, string defaultMaterial)
    {
        var cell = MaterialChoice.CellOption(defaultCell, "The cell family.");
        var material = new Option<string?>("--material") { Description = "simp (the density cell) or nn (needs --model)." };
        material.AcceptOnlyFromAmong("simp", "nn");
        var model = new Option<string?>("--model") { Description = "Model file of the network (with --material nn)." };
        var derivative = new Option<string?>("--derivative") { Description = "nnj (default), cfd, csm, ad or dual (nn); analytic (simp)." };
        derivative.AcceptOnlyFromAmong("analytic", "nnj", "cfd", "csm", "ad", "dual");
        var nelx = new Option<int>("--nelx") { Description = "Elements along x.", DefaultValueFactory = _ => 12 };
        var nely = new Option<int>("--nely") { Description = "Elements along y.", DefaultValueFactory = _ => 6 };
        var seed = new Option<int>("--seed") { Description = "Seed of the random design (uniform in [0.3, 0.7]) and direction.", DefaultValueFactory = _ => 1 };
        var json = new Option<bool>("--json") { Description = "Print the check as one JSON object." };
        var solver = SolverOption.Create();
        var command = new Command(name, $"Taylor check for {name.ToUpperInvariant()}.") { material, model, derivative, nelx, nely, seed, solver, json };
        if (name != "dbto")
        {
            command.Options.Add(cell);
        }

        command.SetAction(parse =>
        {
            var family = CellFamilies.Find(parse.GetValue(cell) ?? defaultCell);
            var kind = parse.GetValue(material) ?? defaultMaterial;
            var (source, _) = MaterialChoice.Map(kind, parse.GetValue(model), parse.GetValue(derivative), 3);
            var setup = new TopologySetup
            {
                Problem = StandardProblems.HalfMbb(parse.GetValue(nelx), parse.GetValue(nely)),
                Cell = family,
                Material = source,
                Filter = FilterKind.None,
                Solver = parse.GetValue(solver)!,
            };
            var problem = MaterialChoice.Build(setup).Problem;
            var result = TaylorCheck.Run(problem, parse.GetValue(seed));
            Print(console, parse.GetValue(json), name, family.Name, source.Name, source.Derivative, problem.Analysis.Solver.Name, parse.GetValue(seed), result);
            if (!result.Passes())
            {
                console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"ntopo: error: the Taylor remainder shrinks with order {result.ObservedOrder:F2}, not 2: the sensitivities of {source.Name}/{source.Derivative} are not the derivative of the compliance"));
                return ExitCodes.InputError;
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static void Print(CliConsole console, bool json, string formulation, string cell, string material, string method, string solver, int seed, TaylorCheckResult result)
    {
        if (json)
        {
            JsonOutput.Write(console.Out, new Dictionary<string, object?>
            {
                ["formulation"] = formulation,
                ["cell"] = cell,
                ["material"] = material,
                ["derivative"] = method,
                ["solver"] = solver,
                ["seed"] = seed,
                ["compliance"] = result.Compliance,
                ["directional_derivative"] = result.DirectionalDerivative,
                ["observed_order"] = result.ObservedOrder,
                ["passes"] = result.Passes(),
                ["clamped_entries"] = result.ClampedEntries,
                ["steps"] = result.Rows.Select(r => new Dictionary<string, object?> { ["epsilon"] = r.Step, ["change"] = r.Change, ["remainder"] = r.Remainder, ["order"] = r.Order }).ToArray(),
            });
            return;
        }

        var c = CultureInfo.InvariantCulture;
        var table = new Table().AddColumns("epsilon", "|phi(t+e d) - phi(t)|", "remainder", "order");
        foreach (var row in result.Rows)
        {
            table.AddRow(row.Step.ToString("E3", c), row.Change.ToString("E3", c), row.Remainder.ToString("E3", c), row.Order?.ToString("F3", c) ?? "");
        }

        console.Ansi.Write(table);
        console.Out.WriteLine(string.Create(c,
            $"{formulation} {cell} {material}/{method}, {solver}, seed {seed}: phi = {result.Compliance:G10}, grad.d = {result.DirectionalDerivative:G10}, observed order {result.ObservedOrder:F3} (expected 2), {result.ClampedEntries} clamped entries"));
    }
}
