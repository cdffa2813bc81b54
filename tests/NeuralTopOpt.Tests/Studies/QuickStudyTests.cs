using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.IO;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Studies;
using NeuralTopOpt.Tests.Cli;
using SkiaSharp;

namespace NeuralTopOpt.Tests.Studies;

/// <summary>
/// The one place the quick study runs in the suite: interrupted after training, resumed and finished
/// through <c>ntopo reproduce --quick</c>, then repeated from the cache; the report, the figures,
/// summary.json and the data files are checked against each other and against the paper's values.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class QuickStudyTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-study-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Interrupted_resumed_and_repeated_quick_study_gives_a_consistent_report()
    {
        // 1. Interrupted when the optimizations start: datasets and networks stay cached.
        using (var cancel = new CancellationTokenSource())
        {
            var progress = new ActionProgress<StudyProgress>(p =>
            {
                if (p.Stage == StudyStage.Optimization.Name())
                {
                    cancel.Cancel();
                }
            });
            Assert.ThrowsAny<OperationCanceledException>(() =>
                Study.Run(_folder, StudyOptions.Quick, new StudyRunOptions { Progress = progress, CancellationToken = cancel.Token }));
        }

        Assert.False(File.Exists(Path.Combine(_folder, "summary.json")));

        // 2. Resumed to the end by the command.
        var first = CliRunner.Run("reproduce", "--out", _folder, "--quick", "--json");
        Assert.True(first.ExitCode == ExitCodes.Success, first.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "summary.json")));
        var root = summary.RootElement;
        var reused = root.GetProperty("reused_from_cache").EnumerateArray().Select(e => e.GetString()!).ToArray();
        Assert.Contains("dataset-hole", reused);
        Assert.Contains("network-hbto", reused);
        Assert.DoesNotContain(reused, k => k.StartsWith("run-", StringComparison.Ordinal));

        CheckSummaryAgainstDataFiles(root);
        CheckReportAndFigures(File.ReadAllText(Path.Combine(_folder, "report.html")));

        // 3. Repeated: everything from the cache, the same numbers.
        var second = CliRunner.Run("reproduce", "--out", _folder, "--quick", "--json");
        Assert.True(second.ExitCode == ExitCodes.Success, second.Error);
        using var again = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "summary.json")));
        var cached = again.RootElement.GetProperty("reused_from_cache").GetArrayLength();
        Assert.Equal(Directory.GetFiles(Path.Combine(_folder, "cache"), "*.json").Length, cached);
        Assert.Equal(root.GetProperty("hbto").ToString(), again.RootElement.GetProperty("hbto").ToString());
        Assert.Equal(root.GetProperty("sensitivity_mse").ToString(), again.RootElement.GetProperty("sensitivity_mse").ToString());
    }

    private void CheckSummaryAgainstDataFiles(JsonElement root)
    {
        Assert.Equal("quick", root.GetProperty("budget").GetString());
        Assert.Equal(2023, root.GetProperty("seeds").GetProperty("master").GetInt32());
        string[] stages = ["datasets", "training", "optimization", "ground_truth", "verification", "outputs", "total"];
        Assert.Equal(stages, root.GetProperty("stage_seconds").EnumerateObject().Select(p => p.Name));
        Assert.True(root.GetProperty("machine").GetProperty("cores").GetInt32() >= 1);

        // Table 1: the summary is the model file's own training record, beside the paper's numbers.
        foreach (var network in root.GetProperty("training").EnumerateObject())
        {
            var model = ModelFile.Load(Path.Combine(_folder, network.Value.GetProperty("model_file").GetString()!));
            Assert.Equal(model.Training!.TestMse, network.Value.GetProperty("test_mse").GetDouble());
            Assert.Equal(model.Training.TestR2, network.Value.GetProperty("r2").GetDouble());
            Assert.Equal(model.Training.Seconds, network.Value.GetProperty("seconds").GetDouble());
            Assert.Equal(model.Training.Samples, network.Value.GetProperty("samples").GetInt32());
        }

        Assert.Equal(7.23, root.GetProperty("training").GetProperty("dbto-small").GetProperty("paper").GetProperty("minutes").GetDouble());
        Assert.Equal(1.47e-3, root.GetProperty("training").GetProperty("hbto").GetProperty("paper").GetProperty("test_mse").GetDouble());

        // Every run: compliance, iterations and Table 2's time are those of its history file.
        foreach (var group in new[] { "dbto", "hbto", "beyond" })
        {
            foreach (var run in root.GetProperty(group).EnumerateObject())
            {
                var folder = Path.Combine(_folder, "data", "runs", run.Value.GetProperty("key").GetString()!);
                var history = CsvTable.Read(Path.Combine(folder, "history.csv"));
                var last = history.RowCount - 1;
                Assert.Equal(history.RowCount, run.Value.GetProperty("iterations").GetInt32());
                Assert.Equal(history[last, history.ColumnIndex("compliance")], run.Value.GetProperty("compliance").GetDouble());
                Assert.Equal(history.Column(history.ColumnIndex("derivative_ms")).Average(), run.Value.GetProperty("sensitivity_ms_per_iteration").GetDouble(), 9);
                var design = CsvTable.Read(Path.Combine(folder, "design.csv"));
                Assert.Contains(design.Comments, c => c.Contains(string.Create(CultureInfo.InvariantCulture, $"compliance {run.Value.GetProperty("compliance").GetDouble():R}"), StringComparison.Ordinal));
            }
        }

        // The seed comparison: Table 1's HBTO network and one replicate, each with its own training record and run.
        var replicates = root.GetProperty("seed_replicates").EnumerateObject().ToArray();
        Assert.Equal(["hbto", "hbto-r1"], replicates.Select(r => r.Name));
        Assert.NotEqual(replicates[0].Value.GetProperty("seed").GetInt32(), replicates[1].Value.GetProperty("seed").GetInt32());
        foreach (var replicate in replicates)
        {
            var training = root.GetProperty("training").GetProperty(replicate.Name);
            Assert.Equal(training.GetProperty("test_mse").GetDouble(), replicate.Value.GetProperty("test_mse").GetDouble());
            Assert.Equal(training.GetProperty("seed").GetInt32(), replicate.Value.GetProperty("seed").GetInt32());
            var run = replicate.Value.GetProperty("run");
            Assert.Equal(replicate.Name, run.GetProperty("network").GetString());
            var history = CsvTable.Read(Path.Combine(_folder, "data", "runs", run.GetProperty("key").GetString()!, "history.csv"));
            Assert.Equal(history[history.RowCount - 1, history.ColumnIndex("compliance")], run.GetProperty("compliance").GetDouble());
            Assert.InRange(replicate.Value.GetProperty("derivative_relative_rmse").GetDouble(), 1e-6, 10);
        }

        // Orientation: the rotated-hole run beside the paper's HBTO run, with the alignment sweeps.
        var orientation = root.GetProperty("orientation");
        var oriented = orientation.GetProperty("by_gradient");
        var orientedHistory = CsvTable.Read(Path.Combine(_folder, "data", "runs", oriented.GetProperty("key").GetString()!, "history.csv"));
        Assert.Equal(orientedHistory[orientedHistory.RowCount - 1, orientedHistory.ColumnIndex("compliance")], orientation.GetProperty("oriented_compliance").GetDouble());
        Assert.Equal(root.GetProperty("hbto").GetProperty("nnj").GetProperty("compliance").GetDouble(), orientation.GetProperty("unturned_compliance").GetDouble());
        Assert.Equal(1 - (orientation.GetProperty("oriented_compliance").GetDouble() / orientation.GetProperty("unturned_compliance").GetDouble()), orientation.GetProperty("reduction").GetDouble(), 14);
        var sweeps = orientation.GetProperty("aligned_with_principal_stresses").GetProperty("compliance_per_sweep").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(9, sweeps.Length);
        Assert.Equal(orientation.GetProperty("unturned_compliance").GetDouble(), sweeps[0], 1e-9 * sweeps[0]);
        Assert.True(sweeps[^1] < sweeps[0], $"aligning the angles should lower the compliance: {sweeps[0]} -> {sweeps[^1]}");
        Assert.InRange(orientation.GetProperty("misalignment_degrees").GetProperty("mean").GetDouble(), 0, 45);
        Assert.Contains("theta3", CsvTable.Read(Path.Combine(_folder, "data", "runs", oriented.GetProperty("key").GetString()!, "design.csv")).Columns);

        Assert.Equal(
            root.GetProperty("exact_derivatives").GetProperty("hbto_grid").GetProperty("methods").GetProperty("nnj").GetProperty("relative_rmse").GetDouble(),
            replicates[0].Value.GetProperty("derivative_relative_rmse").GetDouble());

        CheckPaperNetworks(root);
        CheckProtocols(root);
        CheckVerification(root);

        var table2 = root.GetProperty("table2");
        Assert.Equal(root.GetProperty("hbto").GetProperty("ad").GetProperty("sensitivity_ms_per_iteration").GetDouble(), table2.GetProperty("ad").GetProperty("hbto_ms_mean").GetDouble());
        Assert.Equal(8.553, table2.GetProperty("ad").GetProperty("paper_hbto_seconds").GetDouble());

        // The matrices, recomputed from the designs and initial sensitivities of the data files.
        foreach (var formulation in new[] { "dbto", "hbto" })
        {
            CheckMatrix(root.GetProperty("design_mse").GetProperty(formulation), formulation, method => Columns(Path.Combine(RunFolder(formulation, method), "design.csv"), "theta", "theta1", "theta2"));
            CheckMatrix(root.GetProperty("sensitivity_mse").GetProperty(formulation), formulation, method => method switch
            {
                StudyResults.ExactDerivativeKey => Columns(ExactFile, "", "exact_derivative_1", "exact_derivative_2"),
                StudyResults.HomogenizedKey => Columns(ExactFile, "", "homogenized_1", "homogenized_2"),
                _ => Columns(Path.Combine(RunFolder(formulation, method), "initial-sensitivities.csv"), "raw", "raw1", "raw2"),
            });
            var csv = CsvTable.Read(Path.Combine(_folder, "data", $"{formulation}-sensitivity-mse.csv"));
            var values = root.GetProperty("sensitivity_mse").GetProperty(formulation).GetProperty("values");
            Assert.Equal(values.EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetDouble())).ToArray(), csv.Values.ToArray());
        }

        // The HBTO matrix carries the two exact references; the exact methods agree with each other far below CFD's truncation error.
        var hbto = root.GetProperty("sensitivity_mse").GetProperty("hbto");
        var methods = hbto.GetProperty("methods").EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.Equal(["nnj", "cfd", "csm", "ad", "dual", StudyResults.ExactDerivativeKey, StudyResults.HomogenizedKey], methods);
        var matrix = hbto.GetProperty("values");
        double At(string a, string b) => matrix[methods.IndexOf(a)][methods.IndexOf(b)].GetDouble();
        Assert.True(At("nnj", "ad") < 1e-25 && At("nnj", "dual") < 1e-25, $"exact methods differ: {At("nnj", "ad")}");
        Assert.True(At("nnj", "cfd") > At("nnj", "ad"), "CFD should be the one approximate method");
        Assert.True(At("nnj", StudyResults.ExactDerivativeKey) > At("nnj", "cfd"), "the network's derivative error should dwarf CFD's");

        // Appendix B: every method within the paper's three decimals of 1.623.
        var appendix = root.GetProperty("appendix_b");
        using var file = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, "data", "appendix-b.json")));
        foreach (var method in new[] { "nnj", "cfd", "csm", "ad", "dual" })
        {
            Assert.Equal(1.623, appendix.GetProperty(method).GetDouble(), 3);
            Assert.Equal(file.RootElement.GetProperty(method).GetDouble(), appendix.GetProperty(method).GetDouble());
        }
    }

    /// <summary>
    /// The paper's own networks: a row per run against runs.csv with the gaps recomputed from the history files;
    /// a run that hit the iteration cap (every quick HBTO run) is not converged and fails, whatever its compliance.
    /// </summary>
    private void CheckPaperNetworks(JsonElement root)
    {
        var entries = root.GetProperty("paper_networks").EnumerateObject().ToArray();
        Assert.Equal(
            ["paper-dbto-nnj", "paper-dbto-cfd", "paper-dbto-csm", "paper-dbto-ad", "paper-dbto-cfd-f32", "paper-hbto-nnj", "paper-hbto-cfd", "paper-hbto-csm", "paper-hbto-ad", "paper-hbto-cfd-f32"],
            entries.Select(e => e.Name));
        foreach (var entry in entries)
        {
            var (run, paper) = (entry.Value.GetProperty("run"), entry.Value.GetProperty("paper"));
            var history = CsvTable.Read(Path.Combine(_folder, "data", "runs", entry.Name, "history.csv"));
            var compliance = history[history.RowCount - 1, history.ColumnIndex("compliance")];
            Assert.Equal(compliance, run.GetProperty("compliance").GetDouble());
            var expected = PaperResults.Run(entry.Name.Split('-')[1], run.GetProperty("derivative").GetString()!)!;
            Assert.Equal(expected.Compliance, paper.GetProperty("compliance").GetDouble());
            Assert.Equal(expected.Iterations, paper.GetProperty("iterations").GetInt32());
            Assert.Equal(history.RowCount + 1, entry.Value.GetProperty("scipy_iterations").GetInt32());
            Assert.Equal((compliance / expected.Compliance) - 1, entry.Value.GetProperty("compliance_gap").GetDouble(), 12);
            var converged = entry.Value.GetProperty("converged").GetBoolean();
            Assert.Equal(run.GetProperty("exit_reason").GetString() is "change_below_tolerance" or "trust_radius_below_tolerance" or "optimality_reached", converged);
            Assert.Equal(
                converged && entry.Value.GetProperty("compliance_passes").GetBoolean() && entry.Value.GetProperty("iterations_pass").GetBoolean(),
                entry.Value.GetProperty("passes").GetBoolean());
            if (entry.Name.StartsWith("paper-hbto", StringComparison.Ordinal))
            {
                Assert.Equal(("max_iterations", false, false), (run.GetProperty("exit_reason").GetString(), converged, entry.Value.GetProperty("passes").GetBoolean()));
            }
        }

        // The CFD anomaly on the paper's networks: float32 inputs give the paper's size of error, float64 none.
        var cfd = root.GetProperty("cfd_float32");
        foreach (var formulation in new[] { "dbto", "hbto" })
        {
            var m = cfd.GetProperty(formulation);
            Assert.InRange(m.GetProperty("filtered_float32").GetDouble() / m.GetProperty("paper_filtered").GetDouble(), 0.5, 2);
            Assert.True(m.GetProperty("raw_float64").GetDouble() < 1e-12 * m.GetProperty("raw_float32").GetDouble(), $"{formulation}: float64 CFD {m.GetProperty("raw_float64").GetDouble()}");
        }

        // Fig. 11's 1.07e-4 is the MSE after the filter: the emulation gives it to 1 % (measured: 1.07221e-4 against the dc0 files' 1.07221e-4).
        Assert.InRange(cfd.GetProperty("hbto").GetProperty("filtered_float32").GetDouble(), 0.99 * 1.07e-4, 1.01 * 1.07e-4);
        Assert.True(cfd.GetProperty("hbto").GetProperty("float32_against_paper").GetDouble() < 1e-6);
    }

    /// <summary>The protocol study: one network per protocol at the quick budget, each with its run; the published network beside.</summary>
    private void CheckProtocols(JsonElement root)
    {
        var study = root.GetProperty("training_protocols");
        var networks = study.GetProperty("networks").EnumerateArray().ToArray();
        Assert.Equal(["ntopo", "paper"], networks.Select(n => n.GetProperty("protocol").GetString()));
        Assert.Equal(150, study.GetProperty("test_rows").GetInt32());
        foreach (var network in networks.Append(study.GetProperty("published")))
        {
            var history = CsvTable.Read(Path.Combine(_folder, "data", "runs", network.GetProperty("run").GetString()!, "history.csv"));
            Assert.Equal(history[history.RowCount - 1, history.ColumnIndex("compliance")], network.GetProperty("compliance").GetDouble());
            Assert.InRange(network.GetProperty("paper_test_mse").GetDouble(), 1e-6, 1e-1);
        }

        Assert.All(networks, n => Assert.Equal(StudyOptions.Quick.Epochs, n.GetProperty("epochs_run").GetInt32()));
        Assert.Equal(root.GetProperty("paper_networks").GetProperty("paper-hbto-nnj").GetProperty("run").GetProperty("compliance").GetDouble(), study.GetProperty("published").GetProperty("compliance").GetDouble());
    }

    /// <summary>
    /// The fine-scale verification: our HBTO design and the paper-network one, each with J_hom equal to its run's
    /// compliance and the quick sweep (M ∈ {4, 8}, K ∈ {1, 2}; (8, 2) over the cap of 250,000 unknowns).
    /// </summary>
    private static void CheckVerification(JsonElement root)
    {
        var designs = root.GetProperty("verification").GetProperty("designs").EnumerateObject().ToArray();
        Assert.Equal(["hbto-nnj", "paper-hbto-nnj"], designs.Select(d => d.Name));
        Assert.Equal(root.GetProperty("hbto").GetProperty("nnj").GetProperty("compliance").GetDouble(), designs[0].Value.GetProperty("homogenized_compliance").GetDouble(), 1e-9 * designs[0].Value.GetProperty("homogenized_compliance").GetDouble());
        Assert.Equal(root.GetProperty("paper_networks").GetProperty("paper-hbto-nnj").GetProperty("run").GetProperty("compliance").GetDouble(), designs[1].Value.GetProperty("homogenized_compliance").GetDouble(), 1e-9 * designs[1].Value.GetProperty("homogenized_compliance").GetDouble());
        foreach (var design in designs)
        {
            var sweep = design.Value.GetProperty("sweep").EnumerateArray().ToArray();
            Assert.Equal([(4, 1), (8, 1), (4, 2), (8, 2)], sweep.Select(p => (p.GetProperty("pixels_per_cell").GetInt32(), p.GetProperty("cells_per_element").GetInt32())));
            Assert.All(sweep.Take(3), p => Assert.InRange(p.GetProperty("fine_compliance").GetDouble(), 1, 1e4));
            Assert.Contains("924,482 unknowns", sweep[3].GetProperty("skipped").GetString(), StringComparison.Ordinal);
            Assert.Equal(sweep[0].GetProperty("fine_volume").GetDouble(), sweep[2].GetProperty("fine_volume").GetDouble());
            Assert.Equal(design.Value.GetProperty("homogenization_resolution").GetInt32(), StudyOptions.Quick.HoleResolution);
        }
    }

    private string ExactFile => Path.Combine(_folder, "data", "exact", "hbto-initial-sensitivities.csv");

    private string RunFolder(string formulation, string method) => Path.Combine(_folder, "data", "runs", $"{formulation}-{method.Replace('_', '-')}");

    /// <summary>The one column (DBTO) or the two columns one after the other (HBTO, field-major like the design vector).</summary>
    private static double[] Columns(string path, string single, string first, string second)
    {
        var table = CsvTable.Read(path);
        return table.Columns.Contains(single) ? table.Column(table.ColumnIndex(single)) : [.. table.Column(table.ColumnIndex(first)), .. table.Column(table.ColumnIndex(second))];
    }

    private static void CheckMatrix(JsonElement matrix, string formulation, Func<string, double[]> vector)
    {
        var methods = matrix.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!).ToArray();
        var values = matrix.GetProperty("values");
        Assert.True(methods.Length >= 5, $"{formulation}: {methods.Length} methods");
        var vectors = methods.Select(vector).ToArray();
        for (var i = 0; i < methods.Length; i++)
        {
            Assert.Equal(0.0, values[i][i].GetDouble());
            for (var j = 0; j < i; j++)
            {
                var expected = vectors[i].Zip(vectors[j], (a, b) => (a - b) * (a - b)).Sum() / vectors[i].Length;
                var actual = values[i][j].GetDouble();
                Assert.Equal(actual, values[j][i].GetDouble());
                Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Abs(expected), $"{formulation} {methods[i]}/{methods[j]}: {actual} in the summary, {expected} from the data files");
            }
        }
    }

    private void CheckReportAndFigures(string html)
    {
        var text = System.Net.WebUtility.HtmlDecode(html);
        string[] captions =
        [
            "Paper's Table 1", "Paper's Table 2", "Paper's Fig. 3A", "Paper's Fig. 3C", "Paper's Fig. 5", "Paper's Fig. 6", "Paper's Fig. 7",
            "Paper's Fig. 8", "Paper's Fig. 9", "Paper's Fig. 10", "Paper's Fig. 11", "Appendix B", "Runs beyond the paper", "Where and why we differ", "how much of an HBTO result is the network's seed",
            "How to read this report", "QUICK budget", "Beyond the paper: orientation",
            "The paper's runs on the paper's own networks", "What the network's training does to HBTO", "data/reference/paper-results/runs.csv",
            "Fine-scale verification of the HBTO designs",
        ];
        foreach (var caption in captions)
        {
            Assert.Contains(caption, text, StringComparison.Ordinal);
        }

        string[] paper = ["7.23 min", "39.25 min", "40.81 min", "1.44e-4", "1.87e-7", "1.47e-3", "2741 ms", "8553 ms", "paper 172.68", "paper 75.70, 1225 it.", "(paper 4.09e-2)", "(paper 1.07e-4)", "1.623"];
        foreach (var value in paper)
        {
            Assert.Contains(value, text, StringComparison.Ordinal);
        }

        Assert.Equal(17, Regex.Count(html, "<figure "));
        Assert.Equal(22, Regex.Count(html, "<table "));
        var images = DataUri().Matches(html);
        // Fig. 3A, 3C (4), training loss, Fig. 5 (6), Fig. 6 (2), 7, 8, Fig. 9 (5 methods × 3), 10, 11, the paper's networks (10 curves), the fine structures (2), the error map, beyond (4), seeds (2), orientation (3).
        Assert.Equal(1 + 4 + 1 + 6 + 2 + 1 + 1 + 15 + 1 + 1 + 10 + 2 + 1 + 4 + 2 + 3, images.Count);
        foreach (Match image in images)
        {
            using var bitmap = SKBitmap.Decode(Convert.FromBase64String(image.Groups[1].Value));
            Assert.NotNull(bitmap);
        }

        // Every picture of the page is a file of figures/ and every file is on the page; the designs have the sizes of their grids.
        var figures = Path.Combine(_folder, "figures");
        var embedded = images.Select(m => m.Groups[1].Value).ToHashSet();
        var files = Directory.GetFiles(figures, "*.png").ToDictionary(f => f, f => Convert.ToBase64String(File.ReadAllBytes(f)));
        Assert.All(files, f => Assert.True(embedded.Contains(f.Value), $"{f.Key} is not on the page"));
        Assert.All(embedded, e => Assert.Contains(e, files.Values));

        AssertSize(Path.Combine(figures, "dbto-nnj-final.png"), 60 * 8, 30 * 8);          // grey density, 8 px per element
        AssertSize(Path.Combine(figures, "hbto-nnj-10.png"), 60 * 6, 30 * 6);             // Fig. 9: 6 px per hole cell
        AssertSize(Path.Combine(figures, "hbto-nnj-oriented-final.png"), 60 * 6, 30 * 6); // orientation: 6 px per turned cell
        AssertSize(Path.Combine(figures, "fig8-dbto-differences.png"), 90 + (5 * ((60 * 3) + 12)) + 12, null);
        AssertSize(Path.Combine(figures, "fig11-hbto-differences.png"), 90 + (4 * ((60 * 5) + 12)) + 12, null);
        AssertSize(Path.Combine(figures, "fig7-dbto-convergence.png"), 900, 520);
        AssertSize(Path.Combine(figures, "verify-hbto-nnj.png"), 60 * 8, 30 * 8);         // the fine structure at M = 4, K = 2
        AssertSize(Path.Combine(figures, "verify-paper-hbto-nnj.png"), 60 * 8, 30 * 8);
    }

    private static void AssertSize(string path, int width, int? height)
    {
        using var bitmap = SKBitmap.Decode(path);
        Assert.Equal(width, bitmap.Width);
        if (height is { } h)
        {
            Assert.Equal(h, bitmap.Height);
        }
    }

    [GeneratedRegex("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex DataUri();
}
