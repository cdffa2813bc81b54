using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// <c>ntopo optimize dbto|hbto [options] --out DIR [--json]</c>, or <c>ntopo optimize --cell NAME …</c>: topology
/// optimization of a structural problem (the paper's half MBB beam by default, or a problem file) with a cell
/// family, a material model (SIMP or a network with a derivative method) and an optimizer (trust-region, MMA or
/// OC), with the paper's defaults (Sec. 4.2–4.3). <c>dbto</c> is the density cell with SIMP by default,
/// <c>hbto</c> a homogenized cell (the paper's hole by default, <c>--cell</c> for another) with a network.
/// </summary>
internal static class OptimizeCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("optimize", "Minimize compliance under a volume constraint (DBTO: densities; HBTO: cells such as the paper's hole; --cell NAME: any cell family).");
        Configure(console, command, "optimize", new OptimizeOptions(null, null));
        command.Subcommands.Add(CreateFormulation(console, "dbto", "Density-based topology optimization (one density per element, Eq. 12).", new OptimizeOptions(CellFamilies.Density.Name, "simp")));
        command.Subcommands.Add(CreateFormulation(console, "hbto", "Homogenization-based topology optimization (a cell per element: the paper's hole of width and height, Eq. 13, or --cell).", new OptimizeOptions(CellFamilies.Hole.Name, "nn")));
        return command;
    }

    private static Command CreateFormulation(CliConsole console, string name, string description, OptimizeOptions options)
    {
        var command = new Command(name, description);
        Configure(console, command, $"optimize {name}", options);
        return command;
    }

    private static void Configure(CliConsole console, Command command, string name, OptimizeOptions options)
    {
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = options.Read(parse, name);
            return await Task.Run(() => OptimizeRun.Execute(request, console, cancellationToken), CancellationToken.None).ConfigureAwait(false);
        });
    }
}

/// <summary>
/// The options of <c>ntopo optimize</c> and their mapping onto a validated <see cref="TopologySetup"/>
/// (<paramref name="defaultCell"/>: the formulation's cell, or null when <c>--cell</c> is required;
/// <paramref name="defaultMaterial"/>: <c>simp</c> for DBTO, otherwise <c>nn</c>).
/// </summary>
internal sealed class OptimizeOptions(string? defaultCell, string? defaultMaterial)
{
    public Option<string?> Cell { get; } = MaterialChoice.CellOption(defaultCell, "The cell family of every element.");

    public Option<string?> Material { get; } = Optional("--material", "Material model: simp (Eq. 14, the density cell only) or nn (a trained network; needs --model).", "simp", "nn");

    public Option<string?> Model { get; } = new("--model") { Description = "Model file of the network (with --material nn): 1 -> 1 (theta -> E) for the density, k -> 4 (the cell's fields -> C11, C12, C22, C33) for a cell; the rotated hole takes the hole's 2 -> 4 network." };

    public Option<string?> Derivative { get; } = Optional("--derivative", "How dC/dtheta is obtained: analytic (simp), or nnj (default), cfd, csm, ad, dual (nn).", "analytic", "nnj", "cfd", "csm", "ad", "dual");

    public Option<string> Optimizer { get; } = Choice("--optimizer", "Optimizer: trust-region (the paper's SciPy trust-constr), mma or oc (linear volume only: the density).", "trust-region", "oc", "mma");

    public Option<string> Hessian { get; } = Choice("--hessian", "trust-region Hessian: bfgs (full memory, updates skipped on bad curvature: SciPy's BFGS as the paper used it; up to O(n^2) memory), lbfgs (limited memory, fast, for large problems), or auto (bfgs up to 6,000 variables, lbfgs above).", "auto", "bfgs", "lbfgs");

    public Option<string> Solver { get; } = SolverOption.Create();

    public Option<int> Nelx { get; } = new("--nelx") { Description = "Elements along x (the half MBB beam).", DefaultValueFactory = _ => 60 };

    public Option<int> Nely { get; } = new("--nely") { Description = "Elements along y (the half MBB beam).", DefaultValueFactory = _ => 30 };

    public Option<string?> Problem { get; } = new("--problem") { Description = "A problem file (JSON: size, supports, load cases, passive regions) instead of the half MBB beam." };

    public Option<double> VolumeFraction { get; } = new("--volfrac") { Description = "Target volume fraction V_t in (0, 1).", DefaultValueFactory = _ => 0.5 };

    public Option<double> FilterRadius { get; } = new("--rmin") { Description = "Filter radius in elements.", DefaultValueFactory = _ => 2.7 };

    public Option<string> Filter { get; } = Choice("--filter", "sensitivity (the paper's, weighted by the design variables), solid-sensitivity (weighted by each element's solid fraction: the same for DBTO, 1 - theta1*theta2 for the hole), density, or none.", "sensitivity", "solid-sensitivity", "density", "none");

    public Option<double> Penalty { get; } = new("--penal") { Description = "SIMP penalty p.", DefaultValueFactory = _ => 3.0 };

    public Option<string> Plane { get; } = Choice("--plane", "Plane strain (the paper's) or plane stress (the 88-line code's).", "strain", "stress");

    public Option<string?> Constraint { get; } = Optional("--constraint", "Volume constraint as an equality (default; the paper) or an inequality (default and required for mma).", "equality", "inequality");

    public Option<int> MaxIterations { get; } = new("--max-iterations") { Description = "Iteration limit.", DefaultValueFactory = _ => 3000 };

    public Option<double?> Tolerance { get; } = new("--tolerance")
    {
        Description = "trust-region: SciPy's tol (trust radius and optimality, default 1e-3 as the paper); mma and oc: max |change| (default 0.01, as the 88-line code).",
    };

    public Option<string?> Initial { get; } = new("--initial") { Description = "Start design: a design.csv of an earlier run (columns theta, or theta1, theta2, ... one per field), one row per element; its ex and ey columns must match this mesh (a file without them is taken by its row count)." };

    public Option<string> Output { get; } = new("--out") { Description = "Folder for the designs, history, initial sensitivities, summary and manifest.json; locked while the run lasts (a second run into it fails at once), an earlier run's files in it are replaced.", Required = true };

    public Option<bool> Vtk { get; } = new("--vtk") { Description = "Also write design.vtk (legacy VTK for ParaView): theta and the physical design per element, the displacements, the strain energy density." };

    public Option<bool> Json { get; } = new("--json") { Description = "Print {compliance, iterations, volume, seconds, sensitivity_ms_per_iteration} as one JSON object." };

    public IEnumerable<Option> All =>
    [
        .. defaultCell == CellFamilies.Density.Name ? Array.Empty<Option>() : [Cell],
        Material, Model, Derivative, Optimizer, Hessian, Solver, Nelx, Nely, Problem, VolumeFraction, FilterRadius, Filter, Penalty, Plane,
        Constraint, MaxIterations, Tolerance, Initial, Output, Vtk, Json,
    ];

    /// <summary>Reads the options onto a <see cref="TopologySetup"/> and validates it; an inconsistent choice fails here with one line.</summary>
    public OptimizeRequest Read(ParseResult parse, string command)
    {
        var cell = CellFamilies.Find(parse.GetValue(Cell) ?? defaultCell!);
        if (command == "optimize hbto" && cell.FieldCount == 1)
        {
            throw new UsageException($"'optimize hbto' optimizes homogenized cells; the {cell.Name} cell is DBTO's: use 'ntopo optimize dbto'");
        }

        var material = parse.GetValue(Material) ?? defaultMaterial ?? "nn";
        var hessian = parse.GetResult(Hessian)!.Implicit ? null : parse.GetValue(Hessian);
        var constraint = parse.GetValue(Constraint);
        var problemPath = parse.GetValue(Problem);
        if (problemPath is not null && (!parse.GetResult(Nelx)!.Implicit || !parse.GetResult(Nely)!.Implicit))
        {
            throw new UsageException("--nelx and --nely size the built-in half MBB beam; with --problem the file sets the size");
        }

        // Options that would be ignored: refused here, before any file is read (the record has no notion of 'given').
        if (material == "nn" && parse.GetResult(Penalty) is { Implicit: false })
        {
            throw new UsageException("--penal is the SIMP penalty; a network material (--material nn) has none");
        }

        if (parse.GetValue(Filter) == "none" && parse.GetResult(FilterRadius) is { Implicit: false })
        {
            throw new UsageException("--rmin sets the filter radius; --filter none has no filter");
        }

        var setup = new TopologySetup
        {
            Problem = problemPath is null ? StandardProblems.HalfMbb(parse.GetValue(Nelx), parse.GetValue(Nely)) : ProblemFile.Read(problemPath),
            Cell = cell,
            Material = null,
            Plane = parse.GetValue(Plane) == "stress" ? PlaneCondition.Stress : PlaneCondition.Strain,
            VolumeFraction = parse.GetValue(VolumeFraction),
            Filter = FilterKindNames.Parse(parse.GetValue(Filter)!),
            FilterRadius = parse.GetValue(FilterRadius),
            Constraint = constraint is null ? null : constraint == "inequality" ? ConstraintForm.Inequality : ConstraintForm.Equality,
            Optimizer = parse.GetValue(Optimizer)!,
            Hessian = hessian,
            MaxIterations = parse.GetValue(MaxIterations),
            Tolerance = parse.GetValue(Tolerance),
            Solver = parse.GetValue(Solver)!,
        };
        MaterialChoice.Validate(setup);
        var modelPath = parse.GetValue(Model);
        var (source, network) = MaterialChoice.Map(material, modelPath, parse.GetValue(Derivative), parse.GetValue(Penalty));
        setup = setup with { Material = source };
        MaterialChoice.Validate(setup);
        return new OptimizeRequest(command, setup, modelPath, network, problemPath, parse.GetValue(Initial), parse.GetValue(Output)!, parse.GetValue(Json)) { Vtk = parse.GetValue(Vtk) };
    }

    private static Option<string?> Optional(string name, string description, params string[] choices)
    {
        var option = new Option<string?>(name) { Description = description };
        option.AcceptOnlyFromAmong(choices);
        return option;
    }

    private static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong([defaultValue, .. choices]);
        return option;
    }
}

/// <summary>A checked <c>ntopo optimize</c> request: the validated setup and what the outputs record about its inputs.</summary>
/// <param name="Command">The command as typed (<c>optimize dbto</c>, <c>optimize hbto</c>, <c>optimize</c>).</param>
/// <param name="Setup">The run.</param>
/// <param name="ModelPath">The model file, when a network is the material.</param>
/// <param name="Network">The network loaded from it.</param>
/// <param name="ProblemPath">The problem file, or null for the half MBB beam.</param>
/// <param name="InitialPath">The start design's file, or null for the family's uniform start.</param>
/// <param name="OutputDirectory">Where the results go.</param>
/// <param name="Json">Print the result as JSON.</param>
internal sealed record OptimizeRequest(
    string Command,
    TopologySetup Setup,
    string? ModelPath,
    NetworkModel? Network,
    string? ProblemPath,
    string? InitialPath,
    string OutputDirectory,
    bool Json)
{
    /// <summary>Also write design.vtk (<see cref="OptimizationOutputs.WriteVtk"/>).</summary>
    public bool Vtk { get; init; }

    /// <summary>The settings as text, for comments and summaries (the Hessian as resolved for <paramref name="variableCount"/> variables).</summary>
    public string Describe(int variableCount)
    {
        var s = Setup;
        var penalty = s.Material is SimpSource simp ? simp.Penalty : 3;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Command} cell={s.Cell.Name} material={s.Material!.Name} derivative={s.Material.Derivative} optimizer={s.Optimizer} hessian={s.ResolvedHessian(variableCount) ?? "none"} volfrac={s.VolumeFraction} rmin={s.FilterRadius} filter={s.Filter.Name()} penal={penalty} plane={s.Plane.ToString().ToLowerInvariant()} constraint={s.ResolvedConstraint.ToString().ToLowerInvariant()} max-iterations={s.MaxIterations} tolerance={s.Stopping.ChangeTolerance}");
    }
}
