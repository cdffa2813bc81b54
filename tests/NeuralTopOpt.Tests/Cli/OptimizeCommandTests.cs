using System.Text.Json;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.IO;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.OptimalityCriteria;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Tests.Cli;

public sealed class OptimizeCommandTests() : TemporaryFolderTests("ntopo-optimize-", create: false)
{
    [Fact]
    public void Json_run_prints_the_result_and_writes_design_history_and_summary()
    {
        var result = CliRunner.Run("optimize", "dbto", "--optimizer", "oc", "--nelx", "30", "--nely", "15", "--plane", "stress", "--out", Folder, "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(["compliance", "iterations", "volume", "seconds", "sensitivity_ms_per_iteration"], root.EnumerateObject().Select(p => p.Name));
        var iterations = root.GetProperty("iterations").GetInt32();
        Assert.Equal(0.5, root.GetProperty("volume").GetDouble(), 9);

        // The command runs exactly the library's problem: same compliance to the last digit.
        var problem = new ComplianceProblem(StandardProblems.HalfMbb(30, 15), new SimpMaterial(plane: NeuralTopOpt.Fem.PlaneCondition.Stress), new ComplianceSettings { VolumeFraction = 0.5, FilterRadius = 2.7 });
        var expected = new OptimalityCriteria().Minimize(problem, problem.InitialDesign(), new StoppingCriteria(1000, 0.01));
        Assert.Equal(expected.Objective, root.GetProperty("compliance").GetDouble());
        Assert.Equal(expected.Iterations, iterations);

        var history = CsvTable.Read(Path.Combine(Folder, "history.csv"));
        Assert.Equal(iterations, history.RowCount);
        Assert.Equal(expected.Objective, history[iterations - 1, history.ColumnIndex("compliance")]);
        Assert.True(history[iterations - 1, history.ColumnIndex("change")] < 0.01);
        Assert.Contains(history.Comments, c => c.Contains("plane=stress", StringComparison.Ordinal));
        var design = CsvTable.Read(Path.Combine(Folder, "design.csv"));
        Assert.Equal(450, design.RowCount);
        Assert.Equal(expected.X, design.Column(design.ColumnIndex("theta")));
        Assert.Equal(450, CsvTable.Read(Path.Combine(Folder, "initial-sensitivities.csv")).RowCount);
        var png = File.ReadAllBytes(Path.Combine(Folder, "design.png"));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "summary.json")));
        Assert.Equal("stress", summary.RootElement.GetProperty("settings").GetProperty("plane").GetString());
        Assert.Equal(iterations, summary.RootElement.GetProperty("result").GetProperty("iterations").GetInt32());
    }

    [Fact]
    public void Plain_run_prints_one_summary_line_and_accepts_a_problem_file()
    {
        var file = Path.Combine(Folder, "bridge.json");
        Directory.CreateDirectory(Folder);
        File.WriteAllText(file, """
            { "nelx": 24, "nely": 8,
              "supports": [ { "x": 0, "y": 0, "fix": "xy" }, { "x": 24, "y": 0, "fix": "y" } ],
              "loadCases": [ { "loads": [ { "x": [0, 24], "y": 8, "fy": -0.05 } ] } ],
              "passive": [ { "kind": "solid", "rectangle": { "x": [0, 24], "y": [7, 8] } } ] }
            """);

        var result = CliRunner.Run("optimize", "dbto", "--optimizer", "oc", "--problem", file, "--filter", "density", "--rmin", "1.5", "--volfrac", "0.4", "--out", Path.Combine(Folder, "out"));

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var line = Assert.Single(result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("compliance ", line, StringComparison.Ordinal);
        Assert.Contains("volume 0.400000", line, StringComparison.Ordinal);
        var design = CsvTable.Read(Path.Combine(Folder, "out", "design.csv"));
        Assert.All(Enumerable.Range(0, 24), ex => Assert.Equal(1.0, design[(ex * 8) + 0, design.ColumnIndex("physical")]));
    }

    [Fact]
    public void Interactive_run_shows_live_iterations_on_standard_error_only()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var code = NeuralTopOpt.Cli.CliApp.Run(
            ["optimize", "dbto", "--nelx", "40", "--nely", "20", "--out", Folder], new CliConsole(output, error, interactive: true));

        Assert.Equal(ExitCodes.Success, code);
        Assert.StartsWith("compliance ", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("iteration", error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hbto --material simp", "needs --material nn")]
    [InlineData("hbto --optimizer oc", "the volume of the hole cell is nonlinear")]
    [InlineData("dbto --material nn", "--material nn needs --model FILE")]
    [InlineData("dbto --optimizer mma --constraint equality", "treats the volume constraint as an inequality")]
    [InlineData("dbto --material nn --model m.json --derivative analytic", "a network takes nnj, cfd, csm, ad or dual")]
    [InlineData("dbto --optimizer oc --hessian bfgs", "a setting of the trust-region optimizer")]
    [InlineData("dbto --derivative nnj", "applies to --material nn")]
    [InlineData("dbto --model m.json", "--model is only used with --material nn")]
    [InlineData("dbto --problem p.json --nelx 20", "with --problem the file sets the size")]
    [InlineData("dbto --material nn --model m.json --penal 4", "--penal is the SIMP penalty; a network material (--material nn) has none")]
    [InlineData("hbto --model m.json --plane stress", "plane stress does not apply to the hole cell")]
    [InlineData("--cell ellipse --model m.json --plane stress", "plane stress does not apply to the ellipse cell")]
    [InlineData("hbto --cell density --model m.json", "the density cell is DBTO's: use 'ntopo optimize dbto'")]
    [InlineData("dbto --filter none --rmin 2", "--rmin sets the filter radius; --filter none has no filter")]
    [InlineData("dbto --rmin 1,5", "--rmin: '1,5' is not a number: write decimals with a point, e.g. 1.5")]
    [InlineData("dbto --penal 3,5", "--penal: '3,5' is not a number")]
    [InlineData("dbto --volfrac NaN", "--volfrac: 'NaN' is not a finite number")]
    [InlineData("dbto --nelx 1e3", "--nelx: '1e3' is not a whole number")]
    [InlineData("dbto --nelx 1,000", "--nelx: '1,000' is not a whole number (no commas: write 10000, not 10,000)")]
    [InlineData("dbto --max-iterations 3000000000", "--max-iterations: '3000000000' is too large (at most 2,147,483,647)")]
    public void Inconsistent_choices_are_refused_before_anything_is_written(string arguments, string message)
    {
        var result = CliRunner.Run(["optimize", .. arguments.Split(' '), "--out", Folder]);

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Folder));
    }

    [Theory]
    [InlineData("--volfrac 1.5", "volume fraction must lie in (0, 1)")]
    [InlineData("--rmin 0", "filter radius must be a positive number")]
    [InlineData("--penal 0.5", "SIMP penalty must be a number >= 1")]
    [InlineData("--max-iterations 0", "maximum number of iterations must be at least 1")]
    [InlineData("--tolerance -1", "change tolerance must be a finite number >= 0")]
    [InlineData("--nelx 0", "1 to 5000 elements per side")]
    [InlineData("--problem /no/such/file.json", "file not found")]
    public void Bad_values_give_one_line_errors(string options, string message)
    {
        var result = CliRunner.Run(["optimize", "dbto", .. options.Split(' '), "--out", Folder]);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Solver_choice_is_recorded_and_mgcg_gives_the_cholesky_compliance()
    {
        string[] common = ["optimize", "dbto", "--optimizer", "oc", "--nelx", "40", "--nely", "20", "--max-iterations", "5", "--json"];
        var summaries = new Dictionary<string, JsonElement>();
        var compliance = new Dictionary<string, double>();
        foreach (var solver in new[] { "auto", "cholesky", "mgcg" })
        {
            var folder = Path.Combine(Folder, solver);
            var result = CliRunner.Run([.. common, "--solver", solver, "--out", folder]);
            Assert.Equal(ExitCodes.Success, result.ExitCode);
            using var json = JsonDocument.Parse(result.Out);
            compliance[solver] = json.RootElement.GetProperty("compliance").GetDouble();
            using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
            summaries[solver] = summary.RootElement.GetProperty("problem").Clone();
        }

        Assert.Equal(("cholesky", "auto"), (summaries["auto"].GetProperty("solver").GetString(), summaries["auto"].GetProperty("solver_requested").GetString()));
        Assert.Equal("mgcg", summaries["mgcg"].GetProperty("solver").GetString());
        Assert.True(summaries["mgcg"].GetProperty("solver_iterations").GetInt64() >= 6);
        Assert.Equal(JsonValueKind.Null, summaries["cholesky"].GetProperty("solver_iterations").ValueKind);
        Assert.Equal(compliance["cholesky"], compliance["auto"]);
        Assert.Equal(1, compliance["mgcg"] / compliance["cholesky"], 8);
    }

    [Theory]
    [InlineData("--solver", "gauss-seidel")]
    [InlineData("--plane", "sideways")]
    [InlineData("--filter", "median")]
    [InlineData("--nelx", "ten")]
    public void Malformed_command_lines_are_usage_errors(string option, string value)
    {
        var result = CliRunner.Run("optimize", "dbto", option, value, "--out", Folder);

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Single(result.ErrorLines);
    }

    [Fact]
    public void Missing_out_is_a_usage_error_and_an_under_supported_problem_an_input_error()
    {
        Assert.Equal(ExitCodes.UsageError, CliRunner.Run("optimize", "dbto").ExitCode);

        Directory.CreateDirectory(Folder);
        var file = Path.Combine(Folder, "floating.json");
        File.WriteAllText(file, """{ "nelx": 10, "nely": 5, "supports": [ { "x": 0, "y": [0, 5], "fix": "x" } ], "loadCases": [ { "loads": [ { "x": 10, "y": 5, "fy": -1 } ] } ] }""");
        var result = CliRunner.Run("optimize", "dbto", "--problem", file, "--out", Path.Combine(Folder, "out"));

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains("add supports", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
