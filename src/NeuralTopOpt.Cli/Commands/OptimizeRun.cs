using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.OptimalityCriteria;
using NeuralTopOpt.Optimization.Topology;
using Spectre.Console;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>Runs one <see cref="OptimizeRequest"/>: builds the problem, optimizes, writes the results.</summary>
internal static class OptimizeRun
{
    public static int Execute(OptimizeRequest request, CliConsole console, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        OptimizationOutputs.CheckFolder(request.OutputDirectory);
        var structure = request.ProblemPath is null
            ? StandardProblems.HalfMbb(request.Nelx, request.Nely)
            : ProblemFile.Read(request.ProblemPath);
        var stopping = new StoppingCriteria(request.MaxIterations, request.Tolerance);
        stopping.Validate();
        var problem = new ComplianceProblem(structure, CreateMaterial(request), request.Settings);
        var optimizer = CreateOptimizer(request);
        var start = problem.InitialDesign();
        var initial = problem.Analyze(start);
        var setup = clock.Elapsed;

        var evaluations = new List<ComplianceEvaluation>();
        problem.Evaluated = evaluations.Add;
        var history = new HistoryRecorder(problem, evaluations);
        OptimizationResult result;
        if (console.Interactive && !request.Json)
        {
            // A live status line on standard error, updated every iteration.
            result = console.Status.Status().Start("optimizing", context =>
            {
                history.Status = context;
                return optimizer.Minimize(problem, start, stopping, history, cancellationToken);
            });
        }
        else
        {
            result = optimizer.Minimize(problem, start, stopping, history, cancellationToken);
        }

        var seconds = clock.Elapsed.TotalSeconds;

        var physical = problem.PhysicalDesign(result.X.ToArray());
        var volume = problem.Volume(physical);
        Directory.CreateDirectory(request.OutputDirectory);
        var outputs = new OptimizationOutputs(request, problem);
        outputs.WriteDesign(result.X.ToArray(), physical);
        outputs.WriteHistory(history.Rows);
        outputs.WriteInitialSensitivities(initial);
        outputs.WriteSummary(result, initial.Compliance, volume, seconds, setup);

        if (request.Json)
        {
            JsonOutput.Write(console.Out, new Dictionary<string, object>
            {
                ["compliance"] = result.Objective,
                ["iterations"] = result.Iterations,
                ["volume"] = volume,
                ["seconds"] = seconds,
            });
        }
        else
        {
            console.Out.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"compliance {result.Objective:G8}, volume {volume:F6}, {result.Iterations} iterations ({Describe(result.ExitReason)}), {seconds:F2} s; results in {request.OutputDirectory}"));
        }

        if (result.ExitReason == ExitReason.Cancelled)
        {
            console.Error.WriteLine($"ntopo: interrupted after {result.Iterations} iterations; the design so far is in {request.OutputDirectory}");
            return ExitCodes.Interrupted;
        }

        return ExitCodes.Success;
    }

    /// <summary>The material model of the request (issue 5 adds the network models here).</summary>
    [SuppressMessage("Performance", "CA1859", Justification = "Extension point: more models return through the interface.")]
    private static IMaterialModel CreateMaterial(OptimizeRequest request) => request.Material switch
    {
        "simp" => new SimpMaterial(request.Penalty, plane: request.Plane),
        _ => throw new InvalidInputException($"--material {request.Material} is not available yet in this version of ntopo"),
    };

    /// <summary>The optimizer of the request (issue 5 adds trust-region and MMA here).</summary>
    [SuppressMessage("Performance", "CA1859", Justification = "Extension point: more optimizers return through the interface.")]
    private static IOptimizer CreateOptimizer(OptimizeRequest request) => request.Optimizer switch
    {
        "oc" => new OptimalityCriteria(),
        _ => throw new InvalidInputException($"--optimizer {request.Optimizer} is not available yet in this version of ntopo"),
    };

    private static string Describe(ExitReason reason) => reason switch
    {
        ExitReason.ChangeBelowTolerance => "change below tolerance",
        ExitReason.MaxIterations => "iteration limit",
        ExitReason.Cancelled => "interrupted",
        _ => reason.ToString(),
    };
}

/// <summary>One row of history.csv.</summary>
internal sealed record HistoryRow(IterationReport Report, ComplianceEvaluation Evaluation, TimeSpan OptimizerTime);

/// <summary>Collects a history row per iteration and, given a status context, shows the iteration live.</summary>
internal sealed class HistoryRecorder(ComplianceProblem problem, List<ComplianceEvaluation> evaluations) : IProgress<IterationReport>
{
    private TimeSpan _previousElapsed;
    private int _previousEvaluations;

    public List<HistoryRow> Rows { get; } = [];

    /// <summary>Where to show the live line (null: nowhere).</summary>
    public StatusContext? Status { get; set; }

    public void Report(IterationReport value)
    {
        var evaluation = problem.LastEvaluation ?? throw new InvalidOperationException("an iteration was reported before any evaluation");
        var spent = TimeSpan.Zero;
        for (var i = _previousEvaluations; i < evaluations.Count; i++)
        {
            spent += evaluations[i].Total;
        }

        var optimizer = value.Elapsed - _previousElapsed - spent;
        Rows.Add(new HistoryRow(value, evaluation, optimizer > TimeSpan.Zero ? optimizer : TimeSpan.Zero));
        _previousElapsed = value.Elapsed;
        _previousEvaluations = evaluations.Count;
        Status?.Status(string.Create(
            CultureInfo.InvariantCulture,
            $"iteration {value.Iteration}  compliance {value.Objective:G8}  volume {evaluation.Volume:F5}  change {value.MaxChange:F5}"));
    }
}
