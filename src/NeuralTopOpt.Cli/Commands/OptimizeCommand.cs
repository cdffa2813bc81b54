using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// <c>ntopo optimize dbto|hbto [options] --out DIR [--json]</c>: topology optimization of a structural
/// problem (the paper's half MBB beam by default, or a problem file) with a material model (SIMP or a
/// network with a derivative method) and an optimizer (trust-region, MMA or OC), with the paper's
/// defaults (Sec. 4.2–4.3).
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
    public Option<string?> Material { get; } = Optional("--material", "Material model: simp (Eq. 14, DBTO only) or nn (a trained network; needs --model).", "simp", "nn");

    public Option<string?> Model { get; } = new("--model") { Description = "Model file of the network (with --material nn): 1 -> 1 (theta -> E) for dbto, 2 -> 4 (theta1, theta2 -> C11, C12, C22, C33) for hbto." };

    public Option<string?> Derivative { get; } = Optional("--derivative", "How dC/dtheta is obtained: analytic (simp), or nnj (default), cfd, csm, ad, dual (nn).", "analytic", "nnj", "cfd", "csm", "ad", "dual");

    public Option<string> Optimizer { get; } = Choice("--optimizer", "Optimizer: trust-region (the paper's SciPy trust-constr), mma or oc (dbto only).", "trust-region", "oc", "mma");

    public Option<string> Hessian { get; } = Choice("--hessian", "trust-region Hessian: bfgs (dense, updates skipped on bad curvature: SciPy's BFGS as the paper used it; O(n^2) memory), lbfgs (limited memory, fast, for large problems), or auto (bfgs up to 5,000 variables, lbfgs above).", "auto", "bfgs", "lbfgs");

    public Option<int> Nelx { get; } = new("--nelx") { Description = "Elements along x (the half MBB beam).", DefaultValueFactory = _ => 60 };

    public Option<int> Nely { get; } = new("--nely") { Description = "Elements along y (the half MBB beam).", DefaultValueFactory = _ => 30 };

    public Option<string?> Problem { get; } = new("--problem") { Description = "A problem file (JSON: size, supports, load cases, passive regions) instead of the half MBB beam." };

    public Option<double> VolumeFraction { get; } = new("--volfrac") { Description = "Target volume fraction V_t in (0, 1).", DefaultValueFactory = _ => 0.5 };

    public Option<double> FilterRadius { get; } = new("--rmin") { Description = "Filter radius in elements.", DefaultValueFactory = _ => 2.7 };

    public Option<string> Filter { get; } = Choice("--filter", "sensitivity (the paper's, weighted by the design variables), solid-sensitivity (weighted by each element's solid fraction: the same for DBTO, 1 - theta1*theta2 for HBTO), density, or none.", "sensitivity", "solid-sensitivity", "density", "none");

    public Option<double> Penalty { get; } = new("--penal") { Description = "SIMP penalty p.", DefaultValueFactory = _ => 3.0 };

    public Option<string> Plane { get; } = Choice("--plane", "Plane strain (the paper's) or plane stress (the 88-line code's).", "strain", "stress");

    public Option<string?> Constraint { get; } = Optional("--constraint", "Volume constraint as an equality (default; the paper) or an inequality (default and required for mma).", "equality", "inequality");

    public Option<int> MaxIterations { get; } = new("--max-iterations") { Description = "Iteration limit.", DefaultValueFactory = _ => 3000 };

    public Option<double?> Tolerance { get; } = new("--tolerance")
    {
        Description = "trust-region: SciPy's tol (trust radius and optimality, default 1e-3 as the paper); mma and oc: max |change| (default 0.01, as the 88-line code).",
    };

    public Option<string?> Initial { get; } = new("--initial") { Description = "Start design: a design.csv of an earlier run (columns theta, or theta1 and theta2), one row per element; its ex and ey columns must match this mesh (a file without them is taken by its row count)." };

    public Option<string> Output { get; } = new("--out") { Description = "Folder for the designs, history, initial sensitivities, summary and manifest.json; locked while the run lasts (a second run into it fails at once), an earlier run's files in it are replaced.", Required = true };

    public Option<bool> Json { get; } = new("--json") { Description = "Print {compliance, iterations, volume, seconds, sensitivity_ms_per_iteration} as one JSON object." };

    public IEnumerable<Option> All =>
    [
        Material, Model, Derivative, Optimizer, Hessian, Nelx, Nely, Problem, VolumeFraction, FilterRadius, Filter, Penalty, Plane,
        Constraint, MaxIterations, Tolerance, Initial, Output, Json,
    ];

    /// <summary>Reads and checks the options; an inconsistent choice fails here with one line.</summary>
    public OptimizeRequest Read(ParseResult parse, string formulation)
    {
        var hbto = formulation == "hbto";
        var material = parse.GetValue(Material) ?? (hbto ? "nn" : "simp");
        var optimizer = parse.GetValue(Optimizer)!;
        var model = parse.GetValue(Model);
        if (hbto && material == "simp")
        {
            throw new UsageException("'optimize hbto' needs --material nn with a hole-cell network (--model FILE); SIMP is a DBTO model");
        }

        if (hbto && optimizer == "oc")
        {
            throw new UsageException("--optimizer oc treats one linear volume constraint; the HBTO volume 1 - mean(theta1 theta2) is nonlinear: use trust-region or mma");
        }

        if (optimizer != "trust-region" && !parse.GetResult(Hessian)!.Implicit)
        {
            throw new UsageException("--hessian applies to --optimizer trust-region");
        }

        if (material == "nn" && model is null)
        {
            throw new UsageException("--material nn needs --model FILE (a network trained with 'ntopo train')");
        }

        if (material == "simp" && model is not null)
        {
            throw new UsageException("--model is only used with --material nn");
        }

        var derivative = parse.GetValue(Derivative) ?? (material == "nn" ? "nnj" : "analytic");
        if (material == "simp" && derivative != "analytic")
        {
            throw new UsageException($"--derivative {derivative} applies to --material nn; the SIMP model has its exact derivative (--derivative analytic)");
        }

        if (material == "nn" && derivative == "analytic")
        {
            throw new UsageException("--derivative analytic is the SIMP model's; a network takes nnj, cfd, csm, ad or dual");
        }

        var constraint = parse.GetValue(Constraint) ?? (optimizer == "mma" ? "inequality" : "equality");
        if (optimizer == "mma" && constraint == "equality")
        {
            throw new UsageException("--optimizer mma treats the volume constraint as an inequality; drop --constraint equality or use trust-region");
        }

        if (material == "nn" && parse.GetResult(Penalty) is { Implicit: false })
        {
            throw new UsageException("--penal is the SIMP penalty; a network material (--material nn) has none");
        }

        if (hbto && parse.GetValue(Plane) == "stress")
        {
            throw new UsageException("--plane stress does not apply to hbto: the hole-cell network gives the plane-strain C^H it was trained on (homogenized in plane strain)");
        }

        if (parse.GetValue(Filter) == "none" && parse.GetResult(FilterRadius) is { Implicit: false })
        {
            throw new UsageException("--rmin sets the filter radius; --filter none has no filter");
        }

        var problemPath = parse.GetValue(Problem);
        if (problemPath is not null && (!parse.GetResult(Nelx)!.Implicit || !parse.GetResult(Nely)!.Implicit))
        {
            throw new UsageException("--nelx and --nely size the built-in half MBB beam; with --problem the file sets the size");
        }

        return new OptimizeRequest(
            formulation,
            material,
            model,
            derivative,
            optimizer,
            parse.GetValue(Hessian)!,
            parse.GetValue(Nelx),
            parse.GetValue(Nely),
            problemPath,
            new ComplianceSettings(
                parse.GetValue(VolumeFraction),
                hbto ? VolumeMeasure.RectangularHole : VolumeMeasure.Density,
                FilterKindNames.Parse(parse.GetValue(Filter)!),
                parse.GetValue(FilterRadius),
                constraint == "inequality" ? ConstraintForm.Inequality : ConstraintForm.Equality),
            parse.GetValue(Penalty),
            parse.GetValue(Plane) == "stress" ? PlaneCondition.Stress : PlaneCondition.Strain,
            parse.GetValue(MaxIterations),
            parse.GetValue(Tolerance) ?? (optimizer == "trust-region" ? 1e-3 : 0.01),
            parse.GetValue(Initial),
            parse.GetValue(Output)!,
            parse.GetValue(Json));
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

/// <summary>A checked <c>ntopo optimize</c> request.</summary>
internal sealed record OptimizeRequest(
    string Formulation,
    string Material,
    string? ModelPath,
    string Derivative,
    string Optimizer,
    string Hessian,
    int Nelx,
    int Nely,
    string? ProblemPath,
    ComplianceSettings Settings,
    double Penalty,
    PlaneCondition Plane,
    int MaxIterations,
    double Tolerance,
    string? InitialPath,
    string OutputDirectory,
    bool Json)
{
    /// <summary>
    /// When to stop: trust-region as SciPy's <c>tol</c> (trust radius, optimality and barrier
    /// tolerance alike, the paper's 10⁻³); MMA and OC on max |Δθ|.
    /// </summary>
    public StoppingCriteria Stopping => Optimizer == "trust-region"
        ? new StoppingCriteria(MaxIterations, Tolerance, Tolerance)
        : new StoppingCriteria(MaxIterations, Tolerance);

    /// <summary>The settings as text, for comments and summaries.</summary>
    public string Describe() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Formulation} material={Material} derivative={Derivative} optimizer={Optimizer} hessian={Hessian} volfrac={Settings.VolumeFraction} rmin={Settings.FilterRadius} filter={Settings.Filter.Name()} penal={Penalty} plane={Plane.ToString().ToLowerInvariant()} constraint={Settings.Constraint.ToString().ToLowerInvariant()} max-iterations={MaxIterations} tolerance={Tolerance}");
}
