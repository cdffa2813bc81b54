using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.IO;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Solvers;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// <c>ntopo evaluate dbto|hbto --design design.csv [--cell NAME] [--material simp|nn --model FILE] [problem options]
/// [--clamp positive-definite|paper] [--solid-tensor exact|paper] [--solver NAME] [--json]</c>: the compliance φ and
/// volume v(θ̃) of a given design (no optimization). The design is a design.csv of <c>ntopo optimize</c> (columns
/// <c>theta</c>, or <c>theta1</c>, <c>theta2</c>, … one per field; rows in the 88-line code's element order); the
/// options map onto a <see cref="TopologySetup"/>, so the same choices give the same numbers as the run.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("evaluate", "Compliance and volume of a given design (a design.csv of 'ntopo optimize'), without optimizing.");
        command.Subcommands.Add(CreateFormulation(console, "dbto", "A density design (one theta per element).", CellFamilies.Density.Name, "simp"));
        command.Subcommands.Add(CreateFormulation(console, "hbto", "A design of homogenized cells (theta1, theta2, ... per element; the paper's hole by default, or --cell).", CellFamilies.Hole.Name, "nn"));
        return command;
    }

    private static Command CreateFormulation(CliConsole console, string name, string description, string defaultCell, string defaultMaterial)
    {
        var options = new EvaluateOptions(name, defaultCell, defaultMaterial);
        var command = new Command(name, description);
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(parse => Execute(console, options, parse));
        return command;
    }

    private static int Execute(CliConsole console, EvaluateOptions options, ParseResult parse)
    {
        var (setup, designPath) = options.Read(parse);
        var problem = MaterialChoice.BuildProblem(setup);
        var x = TopologyRunTables.ReadDesign(CsvTable.Read(designPath), setup.Problem.Mesh, setup.Cell, $"--design {designPath}");
        var analysis = problem.Analyze(x);
        var clamped = analysis.ClampedEntries;
        var solver = problem.Analysis.Solver is CholeskyOrLuSolver fallback ? $"{fallback.Name} ({fallback.LastFactorization})" : problem.Analysis.Solver.Name;
        if (parse.GetValue(options.Json))
        {
            JsonOutput.Write(console.Out, new Dictionary<string, object>
            {
                ["compliance"] = analysis.Compliance,
                ["volume"] = analysis.Volume,
                ["clamped_entries"] = clamped,
                ["solver"] = solver,
            });
            return ExitCodes.Success;
        }

        var mesh = setup.Problem.Mesh;
        var c = CultureInfo.InvariantCulture;
        var material = setup.Material!;
        console.Out.WriteLine(string.Create(c, $"compliance  {analysis.Compliance:G10}"));
        console.Out.WriteLine(string.Create(c, $"volume      {analysis.Volume:G10}"));
        console.Out.WriteLine(string.Create(c, $"design      {designPath}: {mesh.ElementsX} x {mesh.ElementsY} elements, cell {setup.Cell.Name}"));
        console.Out.WriteLine(string.Create(
            c,
            $"material    {material.Name}, solid tensor {material.SolidTensor.Name()}, clamp {material.Clamp.Name()} ({clamped} clamped entries), filter {setup.Filter.Name()} r = {setup.FilterRadius}, plane {setup.Plane.ToString().ToLowerInvariant()}, solver {solver}"));
        return ExitCodes.Success;
    }
}

/// <summary>The options of <c>ntopo evaluate dbto|hbto</c> and their mapping onto a <see cref="TopologySetup"/>.</summary>
internal sealed class EvaluateOptions(string formulation, string defaultCell, string defaultMaterial)
{
    public Option<string?> Cell { get; } = MaterialChoice.CellOption(defaultCell, "The cell family of every element.");

    public Option<string> Design { get; } = new("--design") { Description = "The design: a design.csv of 'ntopo optimize' (columns theta, or theta1, theta2, ... one per field), one row per element in the 88-line code's order.", Required = true };

    public Option<string?> Material { get; } = Choice<string?>("--material", "Material model: simp (Eq. 14, the density cell only) or nn (a trained network; needs --model).", null, "simp", "nn");

    public Option<string?> Model { get; } = new("--model") { Description = "Model file of the network (with --material nn)." };

    public Option<double?> Penalty { get; } = new("--penal") { Description = "SIMP penalty p (default 3; --material simp only)." };

    public Option<string> Plane { get; } = Choice("--plane", "Plane strain (the paper's) or plane stress.", "strain", "stress");

    public Option<int> Nelx { get; } = new("--nelx") { Description = "Elements along x (the half MBB beam).", DefaultValueFactory = _ => 60 };

    public Option<int> Nely { get; } = new("--nely") { Description = "Elements along y (the half MBB beam).", DefaultValueFactory = _ => 30 };

    public Option<string?> Problem { get; } = new("--problem") { Description = "A problem file (JSON) instead of the half MBB beam." };

    public Option<string> Filter { get; } = Choice("--filter", "The run's filter: with density the design is filtered before the analysis; the sensitivity filters and none leave it as it is.", "sensitivity", "solid-sensitivity", "density", "none");

    public Option<double> FilterRadius { get; } = new("--rmin") { Description = "Filter radius in elements (with --filter density).", DefaultValueFactory = _ => 2.7 };

    public Option<string> Clamp { get; } = Choice(
        "--clamp",
        "How a network's stiffness is kept admissible: positive-definite (ours: each entry of C clamped to [1e-9, 1]*C_solid, and C12 <= nu/(1-nu)*sqrt(C11*C22), so every element tensor is positive definite) or paper (the paper's code exactly: each entry clamped to [1e-9*Cmax, Cmax], Cmax = [[1.3462, 0.5769, 0], [0.5769, 1.3462, 0], [0, 0, 0.3846]], nothing else; C may be indefinite, solved by LU as the paper's spsolve; implies --solid-tensor paper and --solver cholesky-lu unless given). Alike for SIMP and a modulus network.",
        "positive-definite",
        "paper");

    public Option<string?> SolidTensor { get; } = Choice<string?>(
        "--solid-tensor",
        "C_solid (E = 1, nu = 0.3, plane strain) that SIMP and a modulus network scale and the clamp tops at: exact (1.346153..., 0.576923..., 0.384615...; the default) or paper (the four digits of the paper's code, 1.3462, 0.5769, 0.3846; the default with --clamp paper).",
        null,
        "exact",
        "paper");

    public Option<string?> Solver { get; } = Choice<string?>(
        "--solver",
        "Linear solver: auto (default: cholesky up to 65,000 unknowns, mgcg above), cholesky (refuses an indefinite K), mgcg (multigrid-preconditioned CG), lu (LU with partial pivoting on the band, as the paper's SuperLU; solves any nonsingular K) or cholesky-lu (the Cholesky, the LU where K is indefinite; the default with --clamp paper).",
        null,
        [.. LinearSolvers.Names]);

    public Option<bool> Json { get; } = new("--json") { Description = "Print {compliance, volume, clamped_entries, solver} as one JSON object." };

    public IEnumerable<Option> All =>
    [
        .. formulation == "dbto" ? Array.Empty<Option>() : [Cell],
        Design, Material, Model, Penalty, Plane, Nelx, Nely, Problem, Filter, FilterRadius, Clamp, SolidTensor, Solver, Json,
    ];

    /// <summary>Reads the options onto a validated <see cref="TopologySetup"/>; returns it with the design file.</summary>
    public (TopologySetup Setup, string DesignPath) Read(ParseResult parse)
    {
        var cell = CellFamilies.Find(parse.GetValue(Cell) ?? defaultCell);
        if (formulation == "hbto" && cell.FieldCount == 1)
        {
            throw new UsageException($"'evaluate hbto' evaluates homogenized cells; the {cell.Name} cell is DBTO's: use 'ntopo evaluate dbto'");
        }

        var material = parse.GetValue(Material) ?? defaultMaterial;
        var penalty = parse.GetValue(Penalty);
        if (penalty is not null && material != "simp")
        {
            throw new UsageException("--penal is the SIMP penalty; a network has no penalty (it learned its own law)");
        }

        var problemPath = parse.GetValue(Problem);
        if (problemPath is not null && (!parse.GetResult(Nelx)!.Implicit || !parse.GetResult(Nely)!.Implicit))
        {
            throw new UsageException("--nelx and --nely size the built-in half MBB beam; with --problem the file sets the size");
        }

        var filter = FilterKindNames.Parse(parse.GetValue(Filter)!);
        if (filter != FilterKind.Density && !parse.GetResult(FilterRadius)!.Implicit)
        {
            throw new UsageException($"--rmin sizes the density filter; with --filter {filter.Name()} the design is evaluated as it is");
        }

        var clamp = parse.GetValue(Clamp) == "paper" ? StiffnessClamp.Paper : StiffnessClamp.PositiveDefinite;
        var solid = (parse.GetValue(SolidTensor) ?? (clamp == StiffnessClamp.Paper ? "paper" : "exact")) == "paper" ? Materials.SolidTensor.Paper : Materials.SolidTensor.Exact;
        var (source, _) = MaterialChoice.Map(material, parse.GetValue(Model), null, penalty ?? 3);
        var setup = new TopologySetup
        {
            Problem = problemPath is null ? StandardProblems.HalfMbb(parse.GetValue(Nelx), parse.GetValue(Nely)) : ProblemFile.Read(problemPath),
            Cell = cell,
            Material = source with { Clamp = clamp, SolidTensor = solid },
            Plane = parse.GetValue(Plane) == "stress" ? PlaneCondition.Stress : PlaneCondition.Strain,
            Filter = filter,
            FilterRadius = parse.GetValue(FilterRadius),
            Solver = parse.GetValue(Solver),
        };
        MaterialChoice.Validate(setup);
        return (setup, parse.GetValue(Design)!);
    }

    private static Option<T> Choice<T>(string name, string description, T defaultValue, params string[] choices)
    {
        var option = new Option<T>(name) { Description = description };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        option.AcceptOnlyFromAmong(defaultValue is string text ? [text, .. choices] : choices);
        return option;
    }

    private static Option<string> Choice(string name, string description, string defaultValue, params string[] choices) =>
        Choice<string>(name, description, defaultValue, choices);
}
