using System.Text.Json;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Studies;
using NeuralTopOpt.Tests.Cli;
using NeuralTopOpt.Verification;

namespace NeuralTopOpt.Tests.Studies;

/// <summary>
/// The study's fine-scale verification (issue 13 §2) on a small study of the paper's own networks (12×6 beam, a few
/// iterations): its numbers against <c>ntopo verify hbto --json</c> on the design and model files the study wrote,
/// its summary.json fields, and its cache.
/// </summary>
public sealed class VerificationStageTests() : TemporaryFolderTests("ntopo-verification-")
{
    private static readonly VerificationSweep Sweep = new() { PixelsPerCell = [4, 8], CellsPerElement = [1, 2], MaxUnknowns = 20_000 };

    /// <summary>The paper's HBTO network on a 12×6 beam, NNJ only, eight iterations per run.</summary>
    public static StudyOptions Small(VerificationSweep sweep) => StudyOptions.Quick with
    {
        Networks = StudyNetworks.Paper,
        Methods = ["nnj"],
        Nelx = 12,
        Nely = 6,
        DbtoMaxIterations = 8,
        HbtoMaxIterations = 8,
        HoleResolution = 20,
        Verification = sweep,
    };

    [Fact]
    public void The_sweep_is_cheapest_first_and_refuses_bad_sizes()
    {
        Assert.Equal([(10, 1), (20, 1), (10, 2), (40, 1), (20, 2), (10, 4), (40, 2), (20, 4), (40, 4)], VerificationSweep.Paper.Points());
        Assert.Equal([(4, 1), (8, 1), (4, 2), (8, 2)], VerificationSweep.Quick.Points());

        // the full sweep gives its fine structures to the multigrid only where the level rule holds (M ≥ 10: the
        // coarsest of at least 2 levels within M/5 pixels); the quick one's cells are too small for it
        Assert.Equal("auto", VerificationSweep.Paper.Solver);
        Assert.All(VerificationSweep.Paper.PixelsPerCell, m => Assert.True(Math.Pow(2, FineScaleLimits.MultigridLevels(m) - 1) <= m / 5.0));
        Assert.Equal("cholesky", VerificationSweep.Quick.Solver);
        Assert.Contains(VerificationSweep.Quick.PixelsPerCell, m => Math.Pow(2, FineScaleLimits.MultigridLevels(m) - 1) > m / 5.0);
        Assert.Contains("pixels per cell must be 2", Assert.Throws<InvalidInputException>(() => (Sweep with { PixelsPerCell = [4, 1] }).Validate()).Message, StringComparison.Ordinal);
        Assert.Contains("not 0", Assert.Throws<InvalidInputException>(() => (Sweep with { CellsPerElement = [0] }).Validate()).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => (Sweep with { MaxUnknowns = 0 }).Validate());
        Assert.Throws<InvalidInputException>(() => (Sweep with { Solver = "gauss" }).Validate());
        Assert.Throws<InvalidInputException>(() => StudyPlan.Create(Small(Sweep with { PixelsPerCell = [] })));
    }

    [Fact]
    public void The_stage_matches_verify_hbto_on_the_files_the_study_wrote_and_is_cached()
    {
        var results = Study.Run(Folder, Small(Sweep));
        var design = Assert.Single(results.Verification!.Designs);
        var run = results.Run("paper-hbto-nnj");
        Assert.Equal(run.Spec.Key, design.Run);
        Assert.Equal(StudyPlan.PaperHbto, design.Network);

        // J_hom is the optimizer's own model: the run's final compliance.
        Assert.Equal(run.Result.Compliance, design.Homogenized.Compliance, 1e-9 * run.Result.Compliance);
        Assert.Equal(20, design.Homogenized.Resolution);

        // Cheapest first; (8, 2) has 2·193·97 = 37,442 unknowns, over the cap of 20,000.
        Assert.Equal([(4, 1), (8, 1), (4, 2), (8, 2)], design.Points.Select(p => (p.PixelsPerCell, p.CellsPerElement)));
        Assert.Equal([false, false, false, true], design.Points.Select(p => p.Fine is null));
        Assert.Contains("37,442 unknowns", design.Points[3].SkipReason, StringComparison.Ordinal);

        // K copies of a cell keep its solid share exactly; finer pixels change it.
        Assert.Equal(design.Points[0].Fine!.Volume, design.Points[2].Fine!.Volume);
        Assert.NotEqual(design.Points[0].Fine!.Volume, design.Points[1].Fine!.Volume);

        // The same numbers from the command line, reading design.csv and the model file the study wrote.
        var cli = CliRunner.Run(
            "verify", "hbto", "--design", Path.Combine(Folder, "data", "runs", run.Spec.Key, "design.csv"),
            "--model", Path.Combine(Folder, "models", "paper-hbto-hole-cell-1e4.json"), "--nelx", "12", "--nely", "6",
            "--pixels-per-element", "4,8", "--cells-per-element", "1,2", "--solver", "cholesky", "--resolution", "20", "--max-unknowns", "20000", "--json");
        Assert.True(cli.ExitCode == ExitCodes.Success, cli.Error);
        using var json = JsonDocument.Parse(cli.Out);
        var root = json.RootElement;
        Assert.Equal(root.GetProperty("homogenized_compliance").GetDouble(), design.Homogenized.Compliance, 1e-12 * design.Homogenized.Compliance);
        Assert.Equal(root.GetProperty("exact_compliance").GetDouble(), design.Homogenized.ExactCompliance, 1e-12 * design.Homogenized.ExactCompliance);
        Assert.Equal(root.GetProperty("homogenized_volume").GetDouble(), design.Homogenized.Volume, 15);
        var sweep = root.GetProperty("sweep").EnumerateArray().ToDictionary(p => (p.GetProperty("pixels_per_element").GetInt32(), p.GetProperty("cells_per_element").GetInt32()));
        foreach (var point in design.Points)
        {
            var expected = sweep[(point.PixelsPerCell, point.CellsPerElement)];
            if (design.Result(point) is not { } r)
            {
                Assert.Equal(point.SkipReason, expected.GetProperty("skipped").GetString());
                continue;
            }

            Assert.Equal(expected.GetProperty("fine_compliance").GetDouble(), r.Fine.Compliance, 1e-10 * r.Fine.Compliance);
            Assert.Equal(expected.GetProperty("fine_volume").GetDouble(), r.Fine.Volume, 15);
            Assert.Equal(expected.GetProperty("unknowns").GetInt64(), r.Fine.Unknowns);
            Assert.Equal(expected.GetProperty("compliance_error").GetDouble(), r.ComplianceError, 1e-9);
            Assert.Equal(expected.GetProperty("volume_error").GetDouble(), r.VolumeError, 1e-12);
            Assert.Equal(expected.GetProperty("compliance_volume_error").GetDouble(), r.ComplianceVolumeError, 1e-9);
            Assert.Equal(expected.GetProperty("exact_compliance_error").GetDouble(), r.ExactComplianceError, 1e-9);
        }

        CheckSummary(design);

        // Repeated: the entry is reused with the same numbers; another sweep recomputes it.
        var again = Study.Run(Folder, Small(Sweep));
        Assert.Contains("verification-paper-hbto-nnj", again.FromCache);
        Assert.Equal(design.Points.Select(p => p.Fine?.Compliance), again.Verification!.Designs[0].Points.Select(p => p.Fine?.Compliance));
        var wider = Study.Run(Folder, Small(Sweep with { MaxUnknowns = 40_000 }));
        Assert.DoesNotContain("verification-paper-hbto-nnj", wider.FromCache);
        Assert.Contains("run-paper-hbto-nnj", wider.FromCache);
        Assert.All(wider.Verification!.Designs[0].Points, p => Assert.NotNull(p.Fine));
        Assert.Equal(design.Points[1].Fine!.Compliance, wider.Verification.Designs[0].Points[1].Fine!.Compliance, 1e-12 * design.Points[1].Fine!.Compliance);
    }

    private void CheckSummary(DesignVerification design)
    {
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "summary.json")));
        var root = summary.RootElement;
        Assert.True(root.GetProperty("stage_seconds").GetProperty("verification").GetDouble() > 0);
        var verification = root.GetProperty("verification");
        Assert.Equal([4, 8], verification.GetProperty("pixels_per_cell").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(20_000, verification.GetProperty("max_unknowns").GetInt64());
        Assert.Equal("cholesky", verification.GetProperty("solver").GetString());
        var entry = verification.GetProperty("designs").GetProperty("paper-hbto-nnj");
        Assert.Equal(design.Homogenized.Compliance, entry.GetProperty("homogenized_compliance").GetDouble());
        Assert.Equal(design.Homogenized.ExactCompliance, entry.GetProperty("exact_compliance").GetDouble());
        Assert.Equal((design.Homogenized.ExactCompliance / design.Homogenized.Compliance) - 1, entry.GetProperty("network_error").GetDouble(), 14);
        Assert.Equal(design.Homogenized.DistinctCells, entry.GetProperty("distinct_cells").GetInt32());
        var points = entry.GetProperty("sweep").EnumerateArray().ToArray();
        Assert.Equal(4, points.Length);
        for (var i = 0; i < 3; i++)
        {
            var fine = design.Points[i].Fine!;
            Assert.Equal(fine.Compliance, points[i].GetProperty("fine_compliance").GetDouble());
            Assert.Equal((fine.Compliance / design.Homogenized.Compliance) - 1, points[i].GetProperty("compliance_error").GetDouble(), 14);
            Assert.Equal((fine.Volume / design.Homogenized.Volume) - 1, points[i].GetProperty("volume_error").GetDouble(), 14);
            Assert.Equal(JsonValueKind.Null, points[i].GetProperty("skipped").ValueKind);
        }

        Assert.Equal(JsonValueKind.Null, points[3].GetProperty("fine_compliance").ValueKind);
        Assert.Contains("more than the 20,000 allowed", points[3].GetProperty("skipped").GetString(), StringComparison.Ordinal);

        // Discretization: (4, 1) → (8, 1); scale separation: (4, 1) → (4, 2); the picture: the finest point, more cells first.
        var (j41, j81, j42) = (design.Points[0].Fine!.Compliance, design.Points[1].Fine!.Compliance, design.Points[2].Fine!.Compliance);
        Assert.Equal([4, 1, 8, 1], [.. Pair(entry.GetProperty("discretization"))]);
        Assert.Equal((j81 / j41) - 1, entry.GetProperty("discretization").GetProperty("fine_compliance_change").GetDouble(), 14);
        Assert.Equal([4, 1, 4, 2], [.. Pair(entry.GetProperty("scale_separation"))]);
        Assert.Equal((j42 / j41) - 1, entry.GetProperty("scale_separation").GetProperty("fine_compliance_change").GetDouble(), 14);
        Assert.Equal([4, 2], entry.GetProperty("picture").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(design.Seconds, entry.GetProperty("seconds").GetDouble());
    }

    private static IEnumerable<int> Pair(JsonElement change) =>
        change.GetProperty("from").EnumerateArray().Concat(change.GetProperty("to").EnumerateArray()).Select(e => e.GetInt32());
}
