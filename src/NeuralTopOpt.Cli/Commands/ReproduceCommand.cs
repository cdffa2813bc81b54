using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Reporting.Study;
using NeuralTopOpt.Solvers;
using NeuralTopOpt.Studies;
using NeuralTopOpt.Verification;
using Spectre.Console;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// <c>ntopo reproduce --out DIR [--quick] [--force]</c>: the paper's study from scratch — datasets,
/// Table 1's networks, every optimization of Fig. 5–11 and beyond — into DIR/report.html,
/// DIR/figures, DIR/data and DIR/summary.json, cached so that a repeated or interrupted run resumes.
/// </summary>
internal static class ReproduceCommand
{
    public static Command Create(CliConsole console)
    {
        var output = new Option<string>("--out") { Description = "Study folder: report.html, figures/, data/, summary.json, and the cache that makes the study resumable.", Required = true };
        var quick = new Option<bool>("--quick") { Description = "The same pipeline on a reduced budget (fewer samples and epochs, 40x40 cells, capped iterations): a first look in a few minutes." };
        var force = new Option<bool>("--force") { Description = "Recompute every stage instead of reusing the cache." };
        var parallel = new Option<int?>("--parallel") { Description = "Cores for the datasets and for the independent trainings and optimizations (default: all)." };
        var json = new Option<bool>("--json") { Description = "Print {\"report\":…,\"summary\":…,\"budget\":…,\"stage_seconds\":{…}} as one JSON object." };
        var networks = new Option<string>("--networks")
        {
            Description = "Which networks to optimize with: both (default), trained (only the networks the study trains), or paper (only the paper's own networks, data/networks: no datasets or training).",
            DefaultValueFactory = _ => "both",
        };
        networks.AcceptOnlyFromAmong("both", "trained", "paper");
        var verifyMaxUnknowns = new Option<long?>("--verify-max-unknowns")
        {
            Description = "Fine-scale verification: compute the (M, K) points up to this many unknowns (default 1,500,000 with the Cholesky, within the study's time budget; above it the multigrid-CG takes every point: 6000000 adds the three 5.77M-unknown points, about a minute per design).",
        };
        var command = new Command("reproduce", "Reproduce the paper's study (Tables 1-2, Fig. 3, 5-11, Appendix B, and runs beyond the paper) into an HTML report.")
        {
            output, quick, force, parallel, json, networks, verifyMaxUnknowns,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var folder = parse.GetRequiredValue(output);
            var options = (parse.GetValue(quick) ? StudyOptions.Quick : StudyOptions.Paper) with
            {
                Networks = parse.GetValue(networks) switch
                {
                    "trained" => StudyNetworks.Trained,
                    "paper" => StudyNetworks.Paper,
                    _ => StudyNetworks.Both,
                },
            };
            if (parse.GetValue(verifyMaxUnknowns) is { } cap)
            {
                options = options with
                {
                    Verification = options.Verification with
                    {
                        MaxUnknowns = cap >= 1 ? cap : throw new UsageException($"--verify-max-unknowns must be at least 1, not {cap}"),
                        Solver = cap > FineScaleLimits.CholeskyMaxUnknowns ? LinearSolvers.Auto : options.Verification.Solver,
                    },
                };
            }

            if (parse.GetValue(parallel) is { } cores)
            {
                options = options with { Parallelism = CommandLineValues.Positive(cores, "--parallel") };
            }

            var run = new StudyRunOptions
            {
                Force = parse.GetValue(force),
                CancellationToken = cancellationToken,
                Render = StudyReport.Write,
                Software = StudyReport.Software(),
            };
            var results = await Task.Run(
                () => StudyProgressBars.Run(console, progress => Study.Run(folder, options, run with { Progress = progress })),
                CancellationToken.None).ConfigureAwait(false);
            WriteManifest(results);
            Print(console, parse.GetValue(json), results);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>manifest.json of the study's outputs: every file under the folder but the cache (its own records) and the lock.</summary>
    private static void WriteManifest(StudyResults results)
    {
        using var folder = IO.OutputFolder.Open(results.Folder);
        var root = Path.GetFullPath(results.Folder);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
            if (!name.StartsWith("cache/", StringComparison.Ordinal) && name is not (IO.FolderLock.FileName or IO.OutputFolder.ManifestName))
            {
                folder.File(name);
            }
        }

        folder.WriteManifest($"ntopo reproduce ({results.Options.Budget.ToString().ToLowerInvariant()} budget)");
    }

    private static void Print(CliConsole console, bool json, StudyResults results)
    {
        var report = Path.Combine(results.Folder, StudyReport.FileName);
        var summary = Path.Combine(results.Folder, "summary.json");
        if (json)
        {
            JsonOutput.Write(console.Out, new Dictionary<string, object>
            {
                ["report"] = report,
                ["summary"] = summary,
                ["budget"] = results.Options.Budget.ToString().ToLowerInvariant(),
                ["stage_seconds"] = results.StageSeconds,
            });
            return;
        }

        var c = CultureInfo.InvariantCulture;
        var stages = new Table().AddColumns("stage", "seconds");
        foreach (var (stage, seconds) in results.StageSeconds)
        {
            stages.AddRow(stage, seconds.ToString("F1", c));
        }

        console.Ansi.Write(stages);
        if (results.HasTrainedNetworks)
        {
            var runs = new Table().AddColumns("method", "DBTO compliance", "iterations", "HBTO compliance", "iterations");
            foreach (var method in results.Options.Methods)
            {
                var (d, h) = (results.Run($"dbto-{method}").Result, results.Run($"hbto-{method}").Result);
                runs.AddRow(method, d.Compliance.ToString("F2", c), d.Iterations.ToString(c), h.Compliance.ToString("F2", c), h.Iterations.ToString(c));
            }

            console.Ansi.Write(runs);
        }

        if (results.PaperNetworkComparisons.Count > 0)
        {
            var paper = new Table().AddColumns("paper's network", "compliance", "paper", "iterations (SciPy count)", "paper", "targets");
            foreach (var run in results.PaperNetworkComparisons)
            {
                paper.AddRow(
                    run.Run.Spec.Key, run.Run.Result.Compliance.ToString("F2", c), run.Paper.Compliance.ToString("F2", c),
                    run.ScipyIterations.ToString(c), run.Paper.Iterations.ToString(c), run.Passes ? "met" : "missed");
            }

            console.Ansi.Write(paper);
        }
        var reused = results.FromCache.Count > 0 ? string.Create(c, $" ({results.FromCache.Count} results reused from the cache)") : "";
        console.Out.WriteLine($"{results.Options.Budget.ToString().ToLowerInvariant()} budget{reused}; report: {report}; numbers: {summary}");
    }
}
