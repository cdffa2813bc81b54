using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using NeuralTopOpt.IO;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Studies;

/// <summary>
/// <c>summary.json</c>: the study's main numbers in one JSON object — settings and seeds, the
/// datasets, <c>training</c> (Table 1), <c>dbto</c> and <c>hbto</c> (every method: compliance,
/// iterations, seconds, sensitivity time per iteration), <c>beyond</c>, <c>table2</c>,
/// <c>sensitivity_mse</c> and <c>design_mse</c> (method × method), the exact-derivative comparisons,
/// <c>appendix_b</c>, stage times, machine and software. Written last, atomically.
/// </summary>
public static class StudySummary
{
    /// <summary>The serializer settings of the summary and the JSON data files: indented, snake_case, NaN as a string.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Writes <c>summary.json</c> into the study folder.</summary>
    public static void Write(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        AtomicFile.WriteAllText(Path.Combine(results.Folder, "summary.json"), JsonSerializer.Serialize(Build(results), Json) + "\n");
    }

    /// <summary>The summary as a tree of dictionaries and lists.</summary>
    public static Dictionary<string, object?> Build(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (!results.HasTrainedNetworks)
        {
            return new Dictionary<string, object?>
            {
                ["command"] = "ntopo reproduce",
                ["budget"] = results.Options.Budget.ToString().ToLowerInvariant(),
                ["networks"] = results.Options.Networks,
                ["settings"] = Settings(results.Options),
                ["parallel_runs"] = results.Options.Parallelism,
                ["paper_networks"] = PaperNetworks(results),
                ["cfd_float32"] = new Dictionary<string, object?> { ["dbto"] = CfdEmulation.Measure(results, "dbto"), ["hbto"] = CfdEmulation.Measure(results, "hbto") },
                ["verification"] = results.Verification?.Summary(),
                ["stage_seconds"] = results.StageSeconds,
                ["reused_from_cache"] = results.FromCache,
                ["machine"] = results.Machine,
                ["software"] = results.Software,
            };
        }

        return new Dictionary<string, object?>
        {
            ["command"] = "ntopo reproduce",
            ["networks"] = results.Options.Networks,
            ["budget"] = results.Options.Budget.ToString().ToLowerInvariant(),
            ["settings"] = Settings(results.Options),
            ["seeds"] = Seeds(results),
            ["parallel_runs"] = results.Options.Parallelism,
            ["datasets"] = results.Datasets.ToDictionary(d => d.Key, d => (object?)d),
            ["training"] = Training(results),
            ["dbto"] = Runs(results, results.Plan.Paper.Where(r => r.Cell == StudyPlan.DbtoCell)),
            ["hbto"] = Runs(results, results.Plan.Paper.Where(r => r.Cell == StudyPlan.HbtoCell)),
            ["beyond"] = Runs(results, results.Plan.Beyond),
            ["seed_replicates"] = SeedReplicates(results),
            ["orientation"] = Orientation(results),
            ["paper_networks"] = PaperNetworks(results),
            ["training_protocols"] = results.Protocols,
            ["cfd_float32"] = new Dictionary<string, object?> { ["dbto"] = CfdEmulation.Measure(results, "dbto"), ["hbto"] = CfdEmulation.Measure(results, "hbto") },
            ["table2"] = Table2(results),
            ["sensitivity_mse"] = Matrices(results, results.SensitivityMse),
            ["design_mse"] = Matrices(results, results.DesignMse),
            ["exact_derivatives"] = ExactDerivatives(results.GroundTruth),
            ["appendix_b"] = AppendixB(results.GroundTruth.AppendixB),
            ["verification"] = results.Verification?.Summary(),
            ["stage_seconds"] = results.StageSeconds,
            ["reused_from_cache"] = results.FromCache,
            ["machine"] = results.Machine,
            ["software"] = results.Software,
        };
    }

    /// <summary>Beyond the paper, orientation: the oriented run, the paper's HBTO run it compares with, and alignment with the principal stresses.</summary>
    public static Dictionary<string, object?>? Orientation(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Orientation is not { } o)
        {
            return null;
        }

        return new Dictionary<string, object?>
        {
            ["by_gradient"] = Run(results.Run(o.Oriented)),
            ["unturned"] = o.Baseline,
            ["unturned_compliance"] = o.BaselineCompliance,
            ["oriented_compliance"] = o.OrientedCompliance,
            ["reduction"] = o.Reduction,
            ["aligned_with_principal_stresses"] = new Dictionary<string, object?>
            {
                ["sweeps"] = o.AlignedCompliance.Count - 1,
                ["compliance_per_sweep"] = o.AlignedCompliance,
                ["reduction"] = o.AlignedReduction,
            },
            ["misalignment_degrees"] = new Dictionary<string, object?> { ["mean"] = o.MeanMisalignmentDegrees, ["median"] = o.MedianMisalignmentDegrees, ["porous_elements"] = o.PorousElements },
            ["seconds"] = o.Seconds,
        };
    }

    /// <summary>
    /// The runs on the paper's own networks keyed by run key: our run, the paper's (runs.csv), the relative gaps
    /// of compliance and iterations (ours counted as SciPy's niter, + 1) with their targets, and the verdicts.
    /// </summary>
    public static Dictionary<string, object?> PaperNetworks(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.PaperNetworkComparisons.ToDictionary(c => c.Run.Spec.Key, c => (object?)new Dictionary<string, object?>
        {
            ["run"] = Run(c.Run),
            ["paper"] = new Dictionary<string, object?>
            {
                ["compliance"] = c.Paper.Compliance,
                ["iterations"] = c.Paper.Iterations,
                ["termination"] = c.Paper.Termination,
                ["source"] = $"{PaperResults.RunsSource} ({c.Paper.Source})",
                ["log"] = c.Log is null ? null : $"{PaperResults.LogsSource}/{c.Paper.Formulation}-{c.Paper.Method}.txt",
            },
            ["scipy_iterations"] = c.ScipyIterations,
            ["compliance_gap"] = c.ComplianceGap,
            ["compliance_target"] = c.ComplianceTarget,
            ["iteration_gap"] = c.IterationGap,
            ["iteration_target"] = PaperNetworkComparison.IterationTarget,
            ["converged"] = c.Converged,
            ["compliance_passes"] = c.CompliancePasses,
            ["iterations_pass"] = c.IterationsPass,
            ["passes"] = c.Passes,
        });
    }

    /// <summary>Table 1 beside the paper's: per network samples, split, epochs, seconds, test MSE and R².</summary>
    public static Dictionary<string, object?> Training(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Networks.ToDictionary(n => n.Key, n => (object?)new Dictionary<string, object?>
        {
            ["paper_label"] = results.Plan.Network(n.Key).PaperLabel,
            ["samples"] = n.Training.Samples,
            ["train_samples"] = n.Training.TrainSamples,
            ["validation_samples"] = n.Training.ValidationSamples,
            ["test_samples"] = n.Training.TestSamples,
            ["epochs"] = n.Training.EpochsRun,
            ["seed"] = n.Training.Seed,
            ["seconds"] = n.Training.Seconds,
            ["test_mse"] = n.Training.TestMse,
            ["r2"] = n.Training.TestR2,
            ["model_file"] = n.ModelFile,
            ["paper"] = PaperValues.Table1.TryGetValue(n.Key, out var paper)
                ? new Dictionary<string, double> { ["minutes"] = paper.Minutes, ["test_mse"] = paper.TestMse, ["r2"] = paper.R2 }
                : null,
        });
    }

    /// <summary>The runs keyed by <see cref="StudyResults.MethodKey"/>: compliance, iterations, seconds, Table 2's time and the rest of the record.</summary>
    public static Dictionary<string, object?> Runs(StudyResults results, IEnumerable<StudyRunSpec> specs)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentNullException.ThrowIfNull(specs);
        return specs.Select(s => results.Run(s.Key)).ToDictionary(StudyResults.MethodKey, r => (object?)Run(r));
    }

    /// <summary>
    /// The seed comparison (<see cref="StudyPlan.SeedComparison"/>), keyed by network: its training seed,
    /// test MSE and R², the relative RMSE of its ∂C/∂θ against the exact derivative, and its run.
    /// </summary>
    public static Dictionary<string, object?> SeedReplicates(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Plan.SeedComparison().Select((spec, i) => (spec, network: results.Network(spec.Network!), exact: results.GroundTruth.HbtoSeeds[i]))
            .ToDictionary(x => x.spec.Network!, x => (object?)new Dictionary<string, object?>
            {
                ["seed"] = x.network.Training.Seed,
                ["test_mse"] = x.network.Training.TestMse,
                ["r2"] = x.network.Training.TestR2,
                ["derivative_relative_rmse"] = x.exact.RelativeRmse(x.spec.Derivative),
                ["run"] = Run(results.Run(x.spec.Key)),
            });
    }

    /// <summary>Every run keyed by its run key (<c>dbto-nnj</c> …).</summary>
    public static Dictionary<string, object?> AllRuns(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        return results.Runs.ToDictionary(r => r.Spec.Key, r => (object?)Run(r));
    }

    /// <summary>Table 2 beside the paper's: mean and median milliseconds per iteration in the derivative method's call.</summary>
    public static Dictionary<string, object?> Table2(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var table = new Dictionary<string, object?>();
        foreach (var method in results.Options.Methods)
        {
            var dbto = results.Run($"dbto-{method}").Result;
            var hbto = results.Run($"hbto-{method}").Result;
            table[method] = new Dictionary<string, object?>
            {
                ["dbto_ms_mean"] = dbto.SensitivityMillisecondsPerIteration,
                ["dbto_ms_median"] = dbto.MedianSplit.Derivative,
                ["hbto_ms_mean"] = hbto.SensitivityMillisecondsPerIteration,
                ["hbto_ms_median"] = hbto.MedianSplit.Derivative,
                ["paper_dbto_seconds"] = PaperValues.Table2.TryGetValue(method, out var p) ? p.Dbto : null,
                ["paper_hbto_seconds"] = PaperValues.Table2.TryGetValue(method, out p) ? p.Hbto : null,
            };
        }

        return table;
    }

    /// <summary>A method × method matrix as labels and rows.</summary>
    public static Dictionary<string, object?> Matrix(MethodMatrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        var n = matrix.Keys.Count;
        return new Dictionary<string, object?>
        {
            ["methods"] = matrix.Keys,
            ["labels"] = matrix.Labels,
            ["values"] = Enumerable.Range(0, n).Select(i => Enumerable.Range(0, n).Select(j => matrix[i, j]).ToArray()).ToArray(),
        };
    }

    private static Dictionary<string, object?> Run(StudyRun run)
    {
        var (spec, r) = (run.Spec, run.Result);
        return new Dictionary<string, object?>
        {
            ["key"] = spec.Key,
            ["label"] = spec.Label,
            ["network"] = spec.Network,
            ["derivative"] = spec.Derivative,
            ["optimizer"] = spec.Optimizer,
            ["filter"] = spec.Filter.ToString().ToLowerInvariant(),
            ["compliance"] = r.Compliance,
            ["initial_compliance"] = r.Initial.Compliance,
            ["volume"] = r.Volume,
            ["iterations"] = r.Iterations,
            ["exit_reason"] = r.ExitReason,
            ["evaluations"] = r.Evaluations,
            ["seconds"] = r.Wall.TotalSeconds,
            ["sensitivity_ms_per_iteration"] = r.SensitivityMillisecondsPerIteration,
            ["snapshots"] = r.Snapshots.ToDictionary(s => s == r.Final ? "final" : s.Iteration.ToString(System.Globalization.CultureInfo.InvariantCulture), s => s.Compliance),
            ["ms_per_iteration"] = r.MeanSplit,
            ["median_ms_per_iteration"] = r.MedianSplit,
        };
    }

    private static Dictionary<string, object?> Matrices(StudyResults results, Func<string, MethodMatrix> matrix) => new()
    {
        ["dbto"] = Matrix(matrix(StudyPlan.DbtoCell)),
        ["hbto"] = Matrix(matrix(StudyPlan.HbtoCell)),
    };

    private static Dictionary<string, object?> Settings(StudyOptions o) => new()
    {
        ["simp_small_samples"] = o.SimpSmallSamples,
        ["simp_large_samples"] = o.SimpLargeSamples,
        ["hole_samples"] = o.HoleSamples,
        ["hole_resolution"] = o.HoleResolution,
        ["hidden_neurons"] = o.HiddenNeurons,
        ["epochs"] = o.Epochs,
        ["batch_size"] = o.BatchSize,
        ["learning_rate"] = o.LearningRate,
        ["nelx"] = o.Nelx,
        ["nely"] = o.Nely,
        ["volume_fraction"] = o.VolumeFraction,
        ["filter_radius"] = o.FilterRadius,
        ["tolerance"] = o.Tolerance,
        ["dbto_max_iterations"] = o.DbtoMaxIterations,
        ["hbto_max_iterations"] = o.HbtoMaxIterations,
        ["beyond_max_iterations"] = o.BeyondMaxIterations,
        ["snapshot_iterations"] = o.SnapshotIterations,
        ["methods"] = o.Methods,
        ["contour_grid_points"] = o.ContourGridPoints,
        ["exact_grid_points"] = o.ExactGridPoints,
        ["simp_grid_points"] = o.SimpGridPoints,
        ["trust_region_hessian"] = TopologyOptimizers.ResolveHessian("auto", 2 * o.Nelx * o.Nely),
    };

    private static Dictionary<string, object?> Seeds(StudyResults results)
    {
        var seeds = results.Options.Seeds;
        var map = new Dictionary<string, object?>
        {
            ["master"] = seeds.Master,
            ["dataset_simp_small"] = seeds.SimpSmall,
            ["dataset_simp_large"] = seeds.SimpLarge,
            ["dataset_hole"] = seeds.Hole,
        };
        foreach (var network in results.Plan.AllNetworks)
        {
            map[$"training_{network.Key.Replace('-', '_')}"] = seeds.Training(network.SeedStream);
        }

        return map;
    }

    private static Dictionary<string, object?> ExactDerivatives(GroundTruth truth)
    {
        Dictionary<string, object?> Errors(DerivativeComparison c) => c.Methods.Keys.ToDictionary(m => m, m => (object?)new Dictionary<string, double>
        {
            ["rmse"] = c.Rmse(m),
            ["relative_rmse"] = c.RelativeRmse(m),
            ["max_error"] = c.MaxError(m),
        });

        return new Dictionary<string, object?>
        {
            ["hbto_grid"] = new Dictionary<string, object?>
            {
                ["points_per_side"] = truth.Cells.Points,
                ["resolution"] = truth.Cells.Resolution,
                ["seconds"] = truth.Cells.Seconds,
                ["reference"] = "pixel_averaged",
                ["exact_rms"] = truth.Hbto.ExactRms,
                ["methods"] = Errors(truth.Hbto),
                ["point_derivative"] = Errors(truth.Cells.PointAgainstAverage())["point"],
            },
            ["dbto"] = truth.Dbto.ToDictionary(c => c.Network, c => (object?)new Dictionary<string, object?>
            {
                ["points"] = c.Exact.Length,
                ["exact_rms"] = c.ExactRms,
                ["methods"] = Errors(c),
            }),
            ["hbto_initial"] = new Dictionary<string, object?>
            {
                ["theta"] = truth.Initial.Theta,
                ["cell_stiffness"] = truth.Initial.CellStiffness,
                ["cell_derivatives"] = truth.Initial.CellDerivatives,
                ["compliance_network_stiffness"] = truth.Initial.NetworkStiffness.Compliance,
                ["compliance_homogenized"] = truth.Initial.Homogenized.Compliance,
                ["seconds"] = truth.Initial.Seconds,
            },
        };
    }

    private static Dictionary<string, object?> AppendixB(AppendixBRecord b)
    {
        var map = new Dictionary<string, object?> { ["x"] = b.X, ["exact"] = b.Exact, ["paper_nnj"] = b.Printed, ["y"] = b.Output };
        foreach (var (method, value) in b.Derivatives)
        {
            map[method] = value;
        }

        return map;
    }
}
