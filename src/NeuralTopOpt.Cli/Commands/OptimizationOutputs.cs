using System.Globalization;
using System.Text.Json;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Fem;
using NeuralTopOpt.IO;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Reporting.Images;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// The files of an optimization run, all written atomically: design.csv and design.png (the physical
/// design), history.csv (one row per iteration), initial-sensitivities.csv (∂φ₀/∂θ before any update)
/// and summary.json (settings, result, machine).
/// </summary>
internal sealed class OptimizationOutputs(OptimizeRequest request, ComplianceProblem problem)
{
    private static readonly JsonSerializerOptions Indented = new(JsonOutput.Options) { WriteIndented = true };

    private readonly string[] _comments = [$"ntopo optimize {request.Describe()}", $"problem: {problem.Structure.Name}", "no random numbers are drawn (no seed)"];

    /// <summary>Refuses an output path that is an existing file (the folder is created when results are written).</summary>
    public static void CheckFolder(string folder)
    {
        if (File.Exists(folder))
        {
            throw new InvalidInputException($"--out {folder} is a file; give a folder");
        }
    }

    public void WriteDesign(double[] x, double[] physical)
    {
        var mesh = problem.Structure.Mesh;
        var n = mesh.ElementCount;
        var k = problem.FieldCount;
        var columns = new List<string> { "element", "ex", "ey" };
        columns.AddRange(k == 1 ? ["theta", "physical"] : ["theta1", "theta2", "physical1", "physical2"]);
        var values = new double[n * columns.Count];
        for (var e = 0; e < n; e++)
        {
            var row = values.AsSpan(e * columns.Count, columns.Count);
            row[0] = e;
            row[1] = e / mesh.ElementsY;
            row[2] = e % mesh.ElementsY;
            for (var f = 0; f < k; f++)
            {
                row[3 + f] = x[(f * n) + e];
                row[3 + k + f] = physical[(f * n) + e];
            }
        }

        new CsvTable(columns, values, [.. _comments, "ey = 0 is the top row of elements, as in the 88-line code"]).Write(Path.Combine(request.OutputDirectory, "design.csv"));

        // The picture shows the material fraction of each element: θ̃ (DBTO) or 1 − θ̃₁θ̃₂ (HBTO).
        var fraction = new double[n];
        Span<double> fields = stackalloc double[k];
        for (var e = 0; e < n; e++)
        {
            for (var f = 0; f < k; f++)
            {
                fields[f] = physical[(f * n) + e];
            }

            fraction[e] = request.Settings.Measure.ElementVolume(fields);
        }

        var scale = Math.Clamp(1200 / Math.Max(mesh.ElementsX, mesh.ElementsY), 1, 16);
        FieldImage.SaveGrey(Path.Combine(request.OutputDirectory, "design.png"), fraction, mesh.ElementsX, mesh.ElementsY, scale);
    }

    public void WriteHistory(IReadOnlyList<HistoryRow> rows)
    {
        string[] columns =
        [
            "iteration", "compliance", "volume", "change", "clamped", "fe_ms", "material_ms", "derivative_ms", "sensitivity_ms", "filter_ms", "optimizer_ms", "elapsed_s",
        ];
        var values = new double[rows.Count * columns.Length];
        for (var i = 0; i < rows.Count; i++)
        {
            var (report, evaluation, optimizer) = (rows[i].Report, rows[i].Evaluation, rows[i].OptimizerTime);
            double[] row =
            [
                report.Iteration, report.Objective, evaluation.Volume, report.MaxChange, evaluation.ClampedEntries,
                evaluation.FeSolve.TotalMilliseconds, evaluation.Material.TotalMilliseconds, evaluation.Derivative.TotalMilliseconds,
                evaluation.Sensitivity.TotalMilliseconds, evaluation.Filter.TotalMilliseconds, optimizer.TotalMilliseconds, report.Elapsed.TotalSeconds,
            ];
            row.CopyTo(values, i * columns.Length);
        }

        new CsvTable(columns, values, _comments).Write(Path.Combine(request.OutputDirectory, "history.csv"));
    }

    public void WriteInitialSensitivities(DesignAnalysis initial)
    {
        var n = problem.ElementCount;
        var k = problem.FieldCount;
        var columns = new List<string> { "element" };
        for (var f = 1; f <= k; f++)
        {
            var suffix = k == 1 ? "" : f.ToString(CultureInfo.InvariantCulture);
            columns.Add($"raw{suffix}");
            columns.Add($"gradient{suffix}");
        }

        var values = new double[n * columns.Count];
        for (var e = 0; e < n; e++)
        {
            values[e * columns.Count] = e;
            for (var f = 0; f < k; f++)
            {
                values[(e * columns.Count) + 1 + (2 * f)] = initial.RawSensitivities[(f * n) + e];
                values[(e * columns.Count) + 2 + (2 * f)] = initial.Gradient[(f * n) + e];
            }
        }

        string[] comments = [.. _comments, "raw: dphi/dtheta of Eq. (11) before filtering; gradient: as the optimizer receives it", $"initial compliance {initial.Compliance.ToString("R", CultureInfo.InvariantCulture)}"];
        new CsvTable(columns, values, comments).Write(Path.Combine(request.OutputDirectory, "initial-sensitivities.csv"));
    }

    public void WriteSummary(OptimizationResult result, double initialCompliance, double volume, double seconds, TimeSpan setup)
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
                ["volfrac"] = request.Settings.VolumeFraction,
                ["rmin"] = request.Settings.FilterRadius,
                ["filter"] = request.Settings.Filter.ToString().ToLowerInvariant(),
                ["penal"] = request.Penalty,
                ["plane"] = request.Plane.ToString().ToLowerInvariant(),
                ["constraint"] = request.Settings.Constraint.ToString().ToLowerInvariant(),
                ["max_iterations"] = request.MaxIterations,
                ["tolerance"] = request.Tolerance,
                ["problem_file"] = request.ProblemPath,
                ["seed"] = null,
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
                ["compliance"] = result.Objective,
                ["initial_compliance"] = initialCompliance,
                ["volume"] = volume,
                ["iterations"] = result.Iterations,
                ["exit_reason"] = result.ExitReason.ToString(),
                ["evaluations"] = result.Evaluations,
                ["seconds"] = seconds,
                ["setup_seconds"] = setup.TotalSeconds,
            },
            ["machine"] = MachineInfo.Current(),
        };
        AtomicFile.WriteAllText(Path.Combine(request.OutputDirectory, "summary.json"), JsonSerializer.Serialize(summary, Indented) + "\n");
    }
}
