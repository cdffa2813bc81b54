using System.Text.Json;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.IO;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Reporting.Images;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// The files of an optimization run, all written atomically: the designs after iterations 1, 10, 100
/// (design-N.csv/.png) and the final one (design.csv/.png), HBTO designs also as the tiled hole
/// cells of Fig. 9 (microstructure*.png); history.csv (one row per iteration), initial-sensitivities.csv
/// (∂φ₀/∂θ before any update) and summary.json (settings, model, result, time split, machine), and
/// manifest.json last; the folder is locked for the run and an earlier run's files are removed.
/// </summary>
internal sealed class OptimizationOutputs(OptimizeRequest request, ComplianceProblem problem, NetworkModel? network, OutputFolder folder)
{
    /// <summary>Names of every file a run of ntopo optimize may write (regular expressions), for the removal of an earlier run's files.</summary>
    public static readonly string[] OutputNames =
        [@"design(-\d+)?\.(csv|png)", @"microstructure(-\d+)?\.png", @"history\.csv", @"initial-sensitivities\.csv", @"summary\.json"];

    // Records (training metadata, machine) in snake_case like the rest of the summary.
    private static readonly JsonSerializerOptions Indented = new(JsonOutput.Options) { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly string[] _comments =
    [
        $"ntopo optimize {request.Describe()}",
        $"problem: {problem.Structure.Name}",
        network?.Training is { } t ? $"model: {request.ModelPath} ({network.Network.Architecture}, training seed {t.Seed}); the optimization draws no random numbers" : "the optimization draws no random numbers (no seed)",
    ];

    /// <summary>
    /// After the run's files are written: removes the files an earlier run left in the folder (the
    /// design-10.csv of a longer run beside this run's design.csv), then writes manifest.json.
    /// </summary>
    public void Finish()
    {
        folder.RemoveStale(OutputNames);
        folder.WriteManifest($"ntopo optimize {request.Describe()}");
    }

    /// <summary>name.csv (θ and θ̃ per element), name.png (material fraction) and, for HBTO, the microstructure picture.</summary>
    public void WriteDesign(DesignSnapshot snapshot, string name)
    {
        var mesh = problem.Structure.Mesh;
        var (n, k) = (mesh.ElementCount, problem.FieldCount);
        TopologyRunTables.Design(snapshot, mesh, k, _comments).Write(folder.File(name + ".csv"));

        // The grey picture shows the material fraction of each element: θ̃ (DBTO) or 1 − θ̃₁θ̃₂ (HBTO).
        var fraction = request.Settings.Measure.ElementVolumes(snapshot.Physical, n);
        var scale = Math.Clamp(1200 / Math.Max(mesh.ElementsX, mesh.ElementsY), 1, 16);
        FieldImage.SaveGrey(folder.File(name + ".png"), fraction, mesh.ElementsX, mesh.ElementsY, scale);
        if (k == 2)
        {
            var physical = snapshot.Physical.ToArray();
            var cell = Math.Clamp(2400 / Math.Max(mesh.ElementsX, mesh.ElementsY), 4, 40);
            MicrostructureImage.Save(
                folder.File(name.Replace("design", "microstructure", StringComparison.Ordinal) + ".png"),
                physical.AsSpan(0, n), physical.AsSpan(n, n), mesh.ElementsX, mesh.ElementsY, cell);
        }
    }

    public void WriteHistory(IReadOnlyList<TopologyIteration> rows) =>
        TopologyRunTables.History(rows, _comments).Write(folder.File("history.csv"));

    public void WriteInitialSensitivities(DesignAnalysis initial) =>
        TopologyRunTables.InitialSensitivities(initial, problem.ElementCount, problem.FieldCount, _comments)
            .Write(folder.File("initial-sensitivities.csv"));

    public void WriteSummary(TopologyRunResult result, double seconds, TimeSpan setup)
    {
        var structure = problem.Structure;
        var passive = structure.Passive.ToArray();
        var summary = new Dictionary<string, object?>
        {
            ["command"] = $"ntopo optimize {request.Formulation}",
            ["settings"] = new Dictionary<string, object?>
            {
                ["material"] = request.Material,
                ["derivative"] = request.Derivative,
                ["optimizer"] = request.Optimizer,
                ["hessian"] = request.Optimizer == "trust-region" ? request.Hessian : null,
                ["volfrac"] = request.Settings.VolumeFraction,
                ["rmin"] = request.Settings.FilterRadius,
                ["filter"] = request.Settings.Filter.Name(),
                ["penal"] = request.Penalty,
                ["plane"] = request.Plane.ToString().ToLowerInvariant(),
                ["constraint"] = request.Settings.Constraint.ToString().ToLowerInvariant(),
                ["max_iterations"] = request.MaxIterations,
                ["tolerance"] = request.Tolerance,
                ["problem_file"] = request.ProblemPath,
                ["initial_design_file"] = request.InitialPath,
                ["seed"] = null,
            },
            ["model"] = network is null ? null : new Dictionary<string, object?>
            {
                ["file"] = request.ModelPath,
                ["architecture"] = network.Network.Architecture,
                ["inputs"] = network.InputNames,
                ["outputs"] = network.OutputNames,
                ["training"] = network.Training,
            },
            ["problem"] = new Dictionary<string, object?>
            {
                ["name"] = structure.Name,
                ["nelx"] = structure.Mesh.ElementsX,
                ["nely"] = structure.Mesh.ElementsY,
                ["load_cases"] = structure.LoadCases.Count,
                ["fixed_dofs"] = structure.FixedDofs.Length,
                ["passive_solid"] = passive.Count(p => p == PassiveKind.Solid),
                ["passive_void"] = passive.Count(p => p == PassiveKind.Void),
                ["unknowns"] = problem.Analysis.UnknownCount,
                ["factor_nonzeros"] = problem.Analysis.Cholesky.Symbolic.FactorNonzeros,
            },
            ["result"] = new Dictionary<string, object?>
            {
                ["compliance"] = result.Compliance,
                ["initial_compliance"] = result.Initial.Compliance,
                ["volume"] = result.Volume,
                ["iterations"] = result.Iterations,
                ["exit_reason"] = result.ExitReason.ToString(),
                ["objective_scale"] = result.ObjectiveScale,
                ["evaluations"] = result.Evaluations,
                ["seconds"] = seconds,
                ["setup_seconds"] = setup.TotalSeconds,
                ["optimization_seconds"] = result.Wall.TotalSeconds,
                ["sensitivity_ms_per_iteration"] = result.SensitivityMillisecondsPerIteration,
                ["snapshots"] = result.Snapshots.Select(s => s.Iteration).ToArray(),
            },
            ["ms_per_iteration"] = Split(result.MeanSplit),
            ["median_ms_per_iteration"] = Split(result.MedianSplit),
            ["machine"] = MachineInfo.Current(),
        };
        AtomicFile.WriteAllText(folder.File("summary.json"), JsonSerializer.Serialize(summary, Indented) + "\n");
    }

    private static Dictionary<string, double> Split(TimeSplit split) => new()
    {
        ["fe_solve"] = split.FeSolve,
        ["material"] = split.Material,
        ["derivative"] = split.Derivative,
        ["sensitivity"] = split.Sensitivity,
        ["filter"] = split.Filter,
        ["optimizer"] = split.Optimizer,
    };
}
