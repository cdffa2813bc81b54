using System.Text.Json;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Export;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.IO;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Reporting.Images;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// The files of an optimization run, all written atomically: the designs after iterations 1, 10, 100
/// (design-N.csv/.png) and the final one (design.csv/.png), also drawn cell by cell as in Fig. 9
/// (microstructure*.png); history.csv (one row per iteration), initial-sensitivities.csv
/// (∂φ₀/∂θ before any update) and summary.json (settings, model, result, time split, machine), and
/// manifest.json last; the folder is locked for the run and an earlier run's files are removed.
/// </summary>
internal sealed class OptimizationOutputs(OptimizeRequest request, ComplianceProblem problem, OutputFolder folder)
{
    /// <summary>Names of every file a run of ntopo optimize may write (regular expressions), for the removal of an earlier run's files.</summary>
    public static readonly string[] OutputNames =
        [@"design(-\d+)?\.(csv|png)", @"microstructure(-\d+)?\.png", @"history\.csv", @"initial-sensitivities\.csv", @"summary\.json", @"design\.vtk"];

    // Records (training metadata, machine) in snake_case like the rest of the summary.
    private static readonly JsonSerializerOptions Indented = new(JsonOutput.Options) { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly string[] _comments =
    [
        $"ntopo {request.Describe(problem.VariableCount)}",
        $"problem: {problem.Structure.Name}",
        request.Network?.Training is { } t ? $"model: {request.ModelPath} ({request.Network.Network.Architecture}, training seed {t.Seed}); the optimization draws no random numbers" : "the optimization draws no random numbers (no seed)",
    ];

    /// <summary>
    /// After the run's files are written: removes the files an earlier run left in the folder (the
    /// design-10.csv of a longer run beside this run's design.csv), then writes manifest.json.
    /// </summary>
    public void Finish()
    {
        folder.RemoveStale(OutputNames);
        folder.WriteManifest($"ntopo {request.Describe(problem.VariableCount)}");
    }

    /// <summary>name.csv (θ and θ̃ per element), name.png (material fraction) and the design drawn cell by cell (microstructure).</summary>
    public void WriteDesign(DesignSnapshot snapshot, string name)
    {
        var mesh = problem.Structure.Mesh;
        var (n, k) = (mesh.ElementCount, problem.FieldCount);
        TopologyRunTables.Design(snapshot, mesh, k, _comments).Write(folder.File(name + ".csv"));

        // The grey picture shows the material fraction ρ(θ̃) of each element: θ̃ (density) or 1 − θ̃₁θ̃₂ (hole).
        var fraction = problem.Cell.SolidFractions(snapshot.Physical, n);
        var scale = Math.Clamp(1200 / Math.Max(mesh.ElementsX, mesh.ElementsY), 1, 16);
        FieldImage.SaveGrey(folder.File(name + ".png"), fraction, mesh.ElementsX, mesh.ElementsY, scale);
        var cell = Math.Clamp(2400 / Math.Max(mesh.ElementsX, mesh.ElementsY), 4, 40);
        MicrostructureImage.Save(
            folder.File(name.Replace("design", "microstructure", StringComparison.Ordinal) + ".png"),
            problem.Cell, snapshot.Physical, mesh.ElementsX, mesh.ElementsY, cell);
    }

    /// <summary>
    /// design.vtk, the final design's fields for ParaView (legacy VTK, <see cref="VtkFile"/>): per element θ and θ̃
    /// (<c>theta1</c> …, <c>physical1</c> …; <c>theta</c>, <c>physical</c> for one field), the solid fraction ρ(θ̃) and the
    /// strain energy density ½ Σ_l uₑᵀKₑuₑ (per unit area; elements are unit squares); per node the displacements of
    /// each load case (<c>displacement</c>, <c>displacement2</c>, …), all from one solve at θ̃ with the run's material.
    /// </summary>
    public void WriteVtk(DesignSnapshot snapshot)
    {
        var fields = RunFields.Compute(problem, snapshot.Physical);
        var mesh = problem.Structure.Mesh;
        var (n, k) = (mesh.ElementCount, problem.FieldCount);
        var vtk = new VtkFile(mesh, $"ntopo {request.Command}: iteration {snapshot.Iteration}, compliance {snapshot.Compliance.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");
        var names = TopologyRunTables.DesignColumns(k);
        for (var f = 0; f < k; f++)
        {
            vtk.AddCellField(names[f], snapshot.X.Skip(f * n).Take(n).ToArray());
        }

        for (var f = 0; f < k; f++)
        {
            vtk.AddCellField(names[f].Replace("theta", "physical", StringComparison.Ordinal), snapshot.Physical.Skip(f * n).Take(n).ToArray());
        }

        vtk.AddCellField("solid_fraction", problem.Cell.SolidFractions(snapshot.Physical, n));
        vtk.AddCellField("strain_energy_density", fields.StrainEnergyDensity);
        for (var l = 0; l < problem.Structure.LoadCases.Count; l++)
        {
            vtk.AddPointVectors(l == 0 ? "displacement" : $"displacement{l + 1}", fields.Displacements.AsSpan(l * mesh.DofCount, mesh.DofCount));
        }

        vtk.Write(folder.File("design.vtk"));
    }

    public void WriteHistory(IReadOnlyList<TopologyIteration> rows) =>
        TopologyRunTables.History(rows, _comments).Write(folder.File("history.csv"));

    public void WriteInitialSensitivities(DesignAnalysis initial) =>
        TopologyRunTables.InitialSensitivities(initial, problem.ElementCount, problem.FieldCount, _comments)
            .Write(folder.File("initial-sensitivities.csv"));

    public void WriteSummary(TopologyRunResult result, double seconds, TimeSpan setupTime)
    {
        var structure = problem.Structure;
        var passive = structure.Passive.ToArray();
        var setup = request.Setup;
        var network = request.Network;
        var summary = new Dictionary<string, object?>
        {
            ["command"] = $"ntopo {request.Command}",
            ["settings"] = new Dictionary<string, object?>
            {
                ["cell"] = setup.Cell.Name,
                ["material"] = setup.Material!.Name,
                ["derivative"] = setup.Material.Derivative,
                ["optimizer"] = setup.Optimizer,
                ["hessian"] = setup.ResolvedHessian(problem.VariableCount),
                ["volfrac"] = setup.VolumeFraction,
                ["rmin"] = setup.FilterRadius,
                ["filter"] = setup.Filter.Name(),
                ["penal"] = setup.Material is SimpSource simp ? simp.Penalty : 3,
                ["plane"] = setup.Plane.ToString().ToLowerInvariant(),
                ["constraint"] = setup.ResolvedConstraint.ToString().ToLowerInvariant(),
                ["max_iterations"] = setup.MaxIterations,
                ["tolerance"] = setup.Stopping.ChangeTolerance,
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
                ["solver"] = problem.Analysis.Solver.Name,
                ["solver_requested"] = request.Setup.ResolvedSolver,
                ["factor_nonzeros"] = problem.Analysis.Solver.Statistics.FactorNonzeros,
                ["solver_iterations"] = problem.Analysis.Solver.Statistics.TotalIterations,
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
                ["setup_seconds"] = setupTime.TotalSeconds,
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
