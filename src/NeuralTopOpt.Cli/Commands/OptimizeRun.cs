using System.Diagnostics;
using System.Globalization;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.IO;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Topology;
using Spectre.Console;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>Runs one <see cref="OptimizeRequest"/> through <see cref="TopologyRun"/> and writes the results.</summary>
internal static class OptimizeRun
{
    public static int Execute(OptimizeRequest request, CliConsole console, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var run = MaterialChoice.Build(request.Setup);
        var (problem, optimizer, stopping) = (run.Problem, run.Optimizer, run.Stopping);
        var options = TopologyRunOptions.Default with
        {
            Start = request.InitialPath is null ? null : ReadInitialDesign(request.InitialPath, problem),
        };
        var setup = clock.Elapsed;

        // One run per folder: a second run into it fails here, before any work (OutputFolder).
        using var folder = OutputFolder.Open(request.OutputDirectory);

        TopologyRunResult result;
        if (console.Interactive && !request.Json)
        {
            // A live status line on standard error, updated every iteration.
            result = console.Status.Status().Start("optimizing", context =>
                TopologyRun.Execute(problem, optimizer, stopping, options, new StatusLine(context), cancellationToken));
        }
        else
        {
            result = TopologyRun.Execute(problem, optimizer, stopping, options, null, cancellationToken);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        var outputs = new OptimizationOutputs(request, problem, folder);
        foreach (var snapshot in result.Snapshots)
        {
            outputs.WriteDesign(snapshot, snapshot == result.Final ? "design" : string.Create(CultureInfo.InvariantCulture, $"design-{snapshot.Iteration}"));
        }

        if (request.Vtk)
        {
            outputs.WriteVtk(result.Final);
        }

        outputs.WriteHistory(result.History);
        outputs.WriteInitialSensitivities(result.Initial);
        outputs.WriteSummary(result, seconds, setup);
        outputs.Finish();

        if (request.Json)
        {
            JsonOutput.Write(console.Out, new Dictionary<string, object>
            {
                ["compliance"] = result.Compliance,
                ["iterations"] = result.Iterations,
                ["volume"] = result.Volume,
                ["seconds"] = seconds,
                ["sensitivity_ms_per_iteration"] = result.SensitivityMillisecondsPerIteration,
            });
        }
        else
        {
            console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"compliance {result.Compliance:G8}, volume {result.Volume:F6}, {result.Iterations} iterations ({Describe(result.ExitReason)}), {seconds:F2} s, {result.SensitivityMillisecondsPerIteration:F3} ms/iteration on dC/dtheta; results in {request.OutputDirectory}"));
        }

        if (result.ExitReason == ExitReason.Cancelled)
        {
            console.Error.WriteLine($"ntopo: interrupted after {result.Iterations} iterations; the design so far is in {request.OutputDirectory}");
            return ExitCodes.Interrupted;
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// A start design from a design.csv: the columns of <see cref="TopologyRunTables.DesignColumns"/> (theta, or theta1,
    /// theta2, … one per field of the cell family), one row per element in element order.
    /// </summary>
    internal static double[] ReadInitialDesign(string path, ComplianceProblem problem)
    {
        var table = CsvTable.Read(path);
        var (n, k) = (problem.ElementCount, problem.FieldCount);
        var columns = TopologyRunTables.DesignColumns(k);
        var missing = columns.Where(c => !table.Columns.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidInputException($"--initial {path}: no column {string.Join(", ", missing)}; a start design of the {problem.Cell.Name} cell needs {string.Join(" and ", columns)}");
        }

        var mesh = problem.Structure.Mesh;
        if (table.Columns.Contains("ex") && table.Columns.Contains("ey") && table.RowCount > 0)
        {
            // design.csv records each element's place: it must be the same mesh, not only as many elements.
            var (ex, ey) = (table.Column(table.ColumnIndex("ex")), table.Column(table.ColumnIndex("ey")));
            var (written, wrong) = ((int)ex.Max() + 1, Enumerable.Range(0, Math.Min(n, table.RowCount)).Any(e => ex[e] != e / mesh.ElementsY || ey[e] != e % mesh.ElementsY));
            if (wrong || table.RowCount != n)
            {
                throw new InvalidInputException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"--initial {path} was written for a {written} x {(int)ey.Max() + 1} mesh (its ex and ey columns); this problem's mesh is {mesh.ElementsX} x {mesh.ElementsY}"));
            }
        }

        if (table.RowCount != n)
        {
            throw new InvalidInputException($"--initial {path} has {table.RowCount} rows; the problem has {n} elements ({mesh.ElementsX}x{mesh.ElementsY})");
        }

        var x = new double[k * n];
        for (var f = 0; f < k; f++)
        {
            table.Column(table.ColumnIndex(columns[f])).CopyTo(x.AsSpan(f * n, n));
        }

        return x;
    }

    private static string Describe(ExitReason reason) => reason switch
    {
        ExitReason.ChangeBelowTolerance => "change below tolerance",
        ExitReason.TrustRadiusBelowTolerance => "trust radius below tolerance",
        ExitReason.OptimalityReached => "optimality below tolerance",
        ExitReason.MaxIterations => "iteration limit",
        ExitReason.Cancelled => "interrupted",
        _ => reason.ToString(),
    };

    /// <summary>Shows each iteration on the live status line.</summary>
    private sealed class StatusLine(StatusContext context) : IProgress<TopologyIteration>
    {
        public void Report(TopologyIteration value) => context.Status(string.Create(
            CultureInfo.InvariantCulture,
            $"iteration {value.Iteration}  compliance {value.Compliance:G8}  volume {value.Volume:F5}  change {value.MaxChange:F5}"));
    }
}
