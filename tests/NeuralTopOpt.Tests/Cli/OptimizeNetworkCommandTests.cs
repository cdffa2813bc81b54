using System.Text.Json;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.IO;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Tests.Models;

namespace NeuralTopOpt.Tests.Cli;

/// <summary><c>ntopo optimize</c> with the network materials, the trust-region and MMA optimizers, snapshots and start designs.</summary>
public sealed class OptimizeNetworkCommandTests() : TemporaryFolderTests("ntopo-optimize-nn-", create: false)
{
    [Fact]
    public void Dbto_with_a_network_and_trust_region_runs_the_library_problem_and_writes_every_record()
    {
        var result = CliRunner.Run("optimize", "dbto", "--material", "nn", "--model", TestModels.DbtoPath, "--derivative", "csm",
            "--nelx", "30", "--nely", "15", "--out", Folder, "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(["compliance", "iterations", "volume", "seconds", "sensitivity_ms_per_iteration"], root.EnumerateObject().Select(p => p.Name));
        var problem = new ComplianceProblem(StandardProblems.HalfMbb(30, 15), CellFamilies.Density.CreateMaterial(MaterialSource.Network(TestModels.Dbto, "csm")), new ComplianceSettings());
        var expected = TopologyRun.Execute(problem, TopologyOptimizers.Create("trust-region", problem.VariableCount), TopologyOptimizers.Stopping("trust-region"));
        Assert.Equal(expected.Compliance, root.GetProperty("compliance").GetDouble());
        Assert.Equal(expected.Iterations, root.GetProperty("iterations").GetInt32());
        Assert.True(root.GetProperty("sensitivity_ms_per_iteration").GetDouble() > 0);

        var history = CsvTable.Read(Path.Combine(Folder, "history.csv"));
        Assert.Equal(expected.Iterations, history.RowCount);
        Assert.Equal(expected.History.Select(h => h.Compliance), history.Column(history.ColumnIndex("compliance")));
        Assert.Equal(expected.History.Select(h => (double)h.ClampedEntries), history.Column(history.ColumnIndex("clamped")));
        foreach (var name in new[] { "design-1", "design-10", "design" })
        {
            var design = CsvTable.Read(Path.Combine(Folder, name + ".csv"));
            Assert.Equal(450, design.RowCount);
            Assert.True(File.Exists(Path.Combine(Folder, name + ".png")));
        }

        Assert.Equal(expected.Final.X, CsvTable.Read(Path.Combine(Folder, "design.csv")).Column(3));
        var initial = CsvTable.Read(Path.Combine(Folder, "initial-sensitivities.csv"));
        Assert.Equal(expected.Initial.Gradient, initial.Column(initial.ColumnIndex("gradient")));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "summary.json")));
        var model = summary.RootElement.GetProperty("model");
        Assert.Equal("1-64-1", model.GetProperty("architecture").GetString());
        Assert.Equal(1, model.GetProperty("training").GetProperty("seed").GetInt32());
        Assert.Equal("csm", summary.RootElement.GetProperty("settings").GetProperty("derivative").GetString());
        Assert.Equal(expected.Iterations, summary.RootElement.GetProperty("result").GetProperty("iterations").GetInt32());
        foreach (var split in new[] { "ms_per_iteration", "median_ms_per_iteration" })
        {
            Assert.Equal(["fe_solve", "material", "derivative", "sensitivity", "filter", "optimizer"], summary.RootElement.GetProperty(split).EnumerateObject().Select(p => p.Name));
        }
    }

    [Fact]
    public void Hbto_with_mma_writes_the_microstructure_pictures_and_restarts_from_its_design()
    {
        var first = Path.Combine(Folder, "first");
        var result = CliRunner.Run("optimize", "hbto", "--model", TestModels.HbtoPath, "--optimizer", "mma", "--nelx", "20", "--nely", "10",
            "--max-iterations", "12", "--out", first);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.StartsWith("compliance ", result.Out, StringComparison.Ordinal);
        foreach (var name in new[] { "microstructure-1.png", "microstructure-10.png", "microstructure.png", "design.png" })
        {
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], File.ReadAllBytes(Path.Combine(first, name))[..4]);
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(first, "summary.json")));
        Assert.Equal("inequality", summary.RootElement.GetProperty("settings").GetProperty("constraint").GetString());
        var design = CsvTable.Read(Path.Combine(first, "design.csv"));
        Assert.Equal(["element", "ex", "ey", "theta1", "theta2", "physical1", "physical2"], design.Columns);

        var second = Path.Combine(Folder, "second");
        result = CliRunner.Run("optimize", "hbto", "--model", TestModels.HbtoPath, "--optimizer", "mma", "--nelx", "20", "--nely", "10",
            "--max-iterations", "1", "--initial", Path.Combine(first, "design.csv"), "--out", second);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var restarted = CsvTable.Read(Path.Combine(second, "initial-sensitivities.csv"));
        Assert.Contains(restarted.Comments, c => c.StartsWith("initial compliance ", StringComparison.Ordinal));
        var finalCompliance = design.Comments.Single(c => c.StartsWith("iteration ", StringComparison.Ordinal)).Split(", ")[1];
        Assert.Contains(restarted.Comments, c => c == "initial " + finalCompliance);
    }

    [Theory]
    [InlineData("dbto --material nn --model {hbto}", "the density cell needs a network 1 -> 1")]
    [InlineData("hbto --model {dbto}", "the hole cell needs a network 2 -> 4")]
    [InlineData("hbto --model {hbto} --volfrac 0", "volume fraction must lie in (0, 1)")]
    [InlineData("hbto --model {hbto} --volfrac 1", "volume fraction must lie in (0, 1)")]
    [InlineData("dbto --material nn --model /no/such/model.json", "file not found")]
    [InlineData("dbto --initial {design}", "has 3 rows; the problem has 1800 elements (60x30)")]
    [InlineData("hbto --model {hbto} --initial {design}", "no column theta1, theta2")]
    public void Bad_input_gives_one_line_and_a_nonzero_exit(string arguments, string message)
    {
        Directory.CreateDirectory(Folder);
        var design = Path.Combine(Folder, "small.csv");
        File.WriteAllText(design, "element,theta\n0,0.5\n1,0.5\n2,0.5\n");
        var args = arguments.Replace("{hbto}", TestModels.HbtoPath, StringComparison.Ordinal).Replace("{dbto}", TestModels.DbtoPath, StringComparison.Ordinal)
            .Replace("{design}", design, StringComparison.Ordinal).Split(' ');

        var result = CliRunner.Run(["optimize", .. args, "--out", Path.Combine(Folder, "out")]);

        Assert.Equal(ExitCodes.InputError, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Folder, "out")));
    }
}
