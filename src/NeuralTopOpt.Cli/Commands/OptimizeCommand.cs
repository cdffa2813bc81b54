using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// <c>ntopo optimize dbto|hbto [options] --out DIR [--json]</c>: topology optimization of a structural
/// problem (the paper's half MBB beam by default, or a problem file) with a material model and an
/// optimizer. The option vocabulary already names every choice of the paper (materials, derivative
/// methods, optimizers); the ones not built yet are refused with a one-line error.
/// </summary>
internal static class OptimizeCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("optimize", "Minimize compliance under a volume constraint (DBTO: densities; HBTO: hole cells).");
        command.Subcommands.Add(CreateFormulation(console, "dbto", "Density-based topology optimization (one density per element, Eq. 12)."));
        command.Subcommands.Add(CreateFormulation(console, "hbto", "Homogenization-based topology optimization (hole width and height per element, Eq. 13)."));
        return command;
    }

    private static Command CreateFormulation(CliConsole console, string name, string description)
    {
        var options = new OptimizeOptions();
        var command = new Command(name, description);
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = options.Read(parse, name);
            return await Task.Run(() => OptimizeRun.Execute(request, console, cancellationToken), CancellationToken.None).ConfigureAwait(false);
        });
        return command;
    }
}

/// <summary>The options of <c>ntopo optimize</c> and their translation into a validated <see cref="OptimizeRequest"/>.</summary>
internal sealed class OptimizeOptions
{
    public Option<string> Material { get; } = Choice("--material", "Material model: simp (Eq. 14) or nn (a trained network).", "simp", "simp", "nn");

    public Option<string?> Model { get; } = new("--model") { Description = "Model file of the network (with --material nn)." };

    public Option<string?> Derivative { get; } = new("--derivative")
    {
        Description = "How dC/dtheta is obtained: analytic (simp), or nnj, cfd, csm, ad, dual (nn).",
    };

    public Option<string> Optimizer { get; } = Choice("--optimizer", "Optimizer: oc, trust-region or mma.", "oc", "oc", "trust-region", "mma");

    public Option<int> Nelx { get; } = new("--nelx") { Description = "Elements along x (the half MBB beam).", DefaultValueFactory = _ => 60 };

    public Option<int> Nely { get; } = new("--nely") { Description = "Elements along y (the half MBB beam).", DefaultValueFactory = _ => 30 };

    public Option<string?> Problem { get; } = new("--problem") { Description = "A problem file (JSON: size, supports, load cases, passive regions) instead of the half MBB beam." };

    public Option<double> VolumeFraction { get; } = new("--volfrac") { Description = "Target volume fraction V_t in (0, 1).", DefaultValueFactory = _ => 0.5 };

    public Option<double> FilterRadius { get; } = new("--rmin") { Description = "Filter radius in elements.", DefaultValueFactory = _ => 2.7 };

    public Option<string> Filter { get; } = Choice("--filter", "sensitivity (the paper's), density, or none.", "sensitivity", "sensitivity", "density", "none");

    public Option<double> Penalty { get; } = new("--penal") { Description = "SIMP penalty p.", DefaultValueFactory = _ => 3.0 };

    public Option<string> Plane { get; } = Choice("--plane", "Plane strain (the paper's) or plane stress (the 88-line code's).", "strain", "strain", "stress");

    public Option<string> Constraint { get; } = Choice("--constraint", "Volume constraint as an equality (the paper) or an inequality.", "equality", "equality", "inequality");

    public Option<int> MaxIterations { get; } = new("--max-iterations") { Description = "Iteration limit.", DefaultValueFactory = _ => 1000 };

    public Option<double?> Tolerance { get; } = new("--tolerance")
    {
        Description = "Stop when max |change| of the design falls below this (default: 0.01 for oc, as the 88-line code).",
    };

    public Option<string> Output { get; } = new("--out") { Description = "Folder for the design, history and summary.", Required = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Print {compliance, iterations, volume, seconds} as one JSON object." };

    public IEnumerable<Option> All =>
    [
        Material, Model, Derivative, Optimizer, Nelx, Nely, Problem, VolumeFraction, FilterRadius, Filter, Penalty, Plane,
        Constraint, MaxIterations, Tolerance, Output, Json,
    ];

    /// <summary>Reads and checks the options; choices that are not built yet fail here with one line.</summary>
    public OptimizeRequest Read(ParseResult parse, string formulation)
    {
        var material = parse.GetValue(Material)!;
        var optimizer = parse.GetValue(Optimizer)!;
        var derivative = parse.GetValue(Derivative);
        if (formulation == "hbto")
        {
            throw NotYet("'optimize hbto'", "it needs the hole-cell network model; use 'optimize dbto'");
        }

        if (material == "nn")
        {
            throw NotYet("--material nn", "use --material simp");
        }

        if (parse.GetValue(Model) is not null)
        {
            throw new InvalidInputException("--model is only used with --material nn");
        }

        if (derivative is not null && derivative != "analytic")
        {
            if (derivative is "nnj" or "cfd" or "csm" or "ad" or "dual")
            {
                throw new InvalidInputException($"--derivative {derivative} applies to --material nn; the SIMP model has its exact derivative (--derivative analytic)");
            }

            throw new InvalidInputException($"--derivative must be analytic, nnj, cfd, csm, ad or dual, not '{derivative}'");
        }

        if (optimizer != "oc")
        {
            throw NotYet($"--optimizer {optimizer}", "use --optimizer oc");
        }

        var problemPath = parse.GetValue(Problem);
        if (problemPath is not null && (!parse.GetResult(Nelx)!.Implicit || !parse.GetResult(Nely)!.Implicit))
        {
            throw new InvalidInputException("--nelx and --nely size the built-in half MBB beam; with --problem the file sets the size");
        }

        return new OptimizeRequest(
            formulation,
            material,
            "analytic",
            optimizer,
            parse.GetValue(Nelx),
            parse.GetValue(Nely),
            problemPath,
            new ComplianceSettings(
                parse.GetValue(VolumeFraction),
                VolumeMeasure.Density,
                parse.GetValue(Filter) switch { "density" => FilterKind.Density, "none" => FilterKind.None, _ => FilterKind.Sensitivity },
                parse.GetValue(FilterRadius),
                parse.GetValue(Constraint) == "inequality" ? ConstraintForm.Inequality : ConstraintForm.Equality),
            parse.GetValue(Penalty),
            parse.GetValue(Plane) == "stress" ? PlaneCondition.Stress : PlaneCondition.Strain,
            parse.GetValue(MaxIterations),
            parse.GetValue(Tolerance) ?? 0.01,
            parse.GetValue(Output)!,
            parse.GetValue(Json));
    }

    private static InvalidInputException NotYet(string what, string instead) =>
        new($"{what} is not available yet in this version of ntopo; {instead}");

    private static Option<string> Choice(string name, string description, string defaultValue, params string[] choices)
    {
        var option = new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.AcceptOnlyFromAmong(choices);
        return option;
    }
}

/// <summary>A checked <c>ntopo optimize</c> request.</summary>
internal sealed record OptimizeRequest(
    string Formulation,
    string Material,
    string Derivative,
    string Optimizer,
    int Nelx,
    int Nely,
    string? ProblemPath,
    ComplianceSettings Settings,
    double Penalty,
    PlaneCondition Plane,
    int MaxIterations,
    double Tolerance,
    string OutputDirectory,
    bool Json)
{
    /// <summary>The settings as text, for comments and summaries.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Formulation} material={Material} derivative={Derivative} optimizer={Optimizer} volfrac={Settings.VolumeFraction} rmin={Settings.FilterRadius} filter={Settings.Filter.ToString().ToLowerInvariant()} penal={Penalty} plane={Plane.ToString().ToLowerInvariant()} constraint={Settings.Constraint.ToString().ToLowerInvariant()} max-iterations={MaxIterations} tolerance={Tolerance}");
}
