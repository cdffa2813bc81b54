using System.Globalization;
using System.Text.Json;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.IO;
using NeuralTopOpt.Tests.Models;

namespace NeuralTopOpt.Tests.Cli;

/// <summary><c>ntopo cells</c> and the <c>--cell NAME</c> option of dataset, homogenize, optimize and check-gradient.</summary>
public sealed class CellsCommandTests() : TemporaryFolderTests("ntopo-cli-cells-")
{
    [Fact]
    public void Json_lists_every_family_with_its_parameters_and_bounds()
    {
        var result = CliRunner.Run("cells", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var cells = json.RootElement.GetProperty("cells").EnumerateArray().ToArray();
        Assert.Equal(CellFamilies.Names, cells.Select(c => c.GetProperty("name").GetString()));
        var rotated = cells.Single(c => c.GetProperty("name").GetString() == "rotated-hole");
        var parameters = rotated.GetProperty("parameters").EnumerateArray().ToArray();
        Assert.Equal(["width", "height", "angle"], parameters.Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(-Math.PI / 2, parameters[2].GetProperty("lower").GetDouble());
        Assert.Equal("hole", rotated.GetProperty("dataset").GetProperty("kind").GetString());
    }

    [Fact]
    public void The_table_has_a_row_per_family()
    {
        var result = CliRunner.Run("cells");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.All(CellFamilies.Names, name => Assert.Contains(name, result.Out, StringComparison.Ordinal));
    }

    [Fact]
    public void Dataset_of_a_cell_is_the_same_file_as_the_named_subcommand()
    {
        var (a, b) = (Path.Combine(Folder, "a.csv"), Path.Combine(Folder, "b.csv"));

        Assert.Equal(ExitCodes.Success, CliRunner.Run("dataset", "--cell", "hole", "--samples", "12", "--resolution", "10", "--out", a).ExitCode);
        Assert.Equal(ExitCodes.Success, CliRunner.Run("dataset", "hole", "--samples", "12", "--resolution", "10", "--out", b).ExitCode);

        Assert.Equal(File.ReadAllBytes(b), File.ReadAllBytes(a));
        Assert.Equal(ExitCodes.UsageError, CliRunner.Run("dataset", "--samples", "5", "--out", a).ExitCode);
        Assert.Equal(ExitCodes.UsageError, CliRunner.Run("dataset", "--cell", "honeycomb", "--out", a).ExitCode);
    }

    [Fact]
    public void Homogenize_a_cell_by_its_parameters_a_quarter_turn_swapping_width_and_height()
    {
        var plain = Json(CliRunner.Run("homogenize", "--width", "0.3", "--height", "0.6", "--resolution", "20", "--json"));
        var hole = Json(CliRunner.Run("homogenize", "--cell", "hole", "--theta", "0.3,0.6", "--resolution", "20", "--json"));
        var turned = Json(CliRunner.Run("homogenize", "--cell", "rotated-hole", "--theta", string.Create(CultureInfo.InvariantCulture, $"0.6,0.3,{Math.PI / 2:R}"), "--resolution", "20", "--json"));

        foreach (var entry in new[] { "C11", "C12", "C22", "C33" })
        {
            Assert.Equal(plain[entry], hole[entry]);
            Assert.Equal(plain[entry], turned[entry], 1e-12);
        }
    }

    [Fact]
    public void Homogenize_refuses_bad_cell_parameters_in_one_line()
    {
        var cases = new Dictionary<string, string>
        {
            ["--cell hole --theta 0.3"] = "has 2 parameter(s)",
            ["--cell rotated-hole --theta 0.3,0.3,2"] = "must lie in [",
        };

        foreach (var (arguments, message) in cases)
        {
            CliAssert.InputError(CliRunner.Run(["homogenize", .. arguments.Split(' ')]), arguments, message);
        }

        // Options that do not go together, and numbers not in the invariant culture, are usage errors (exit 2).
        var usage = new Dictionary<string, string>
        {
            ["--theta 0.3,0.3"] = "--cell NAME takes",
            ["--cell hole --width 0.3 --theta 0.3,0.3"] = "--cell NAME takes",
            ["--cell hole --theta 0.3,0.6e"] = "--theta: '0.6e' is not a number",
            ["--cell hole --theta 0.3,NaN"] = "--theta: 'NaN' is not a finite number",
        };

        foreach (var (arguments, message) in usage)
        {
            CliAssert.UsageError(CliRunner.Run(["homogenize", .. arguments.Split(' ')]), arguments, message);
        }
    }

    [Fact]
    public void Optimize_a_turned_cell_with_the_holes_network_writes_three_fields_and_the_turned_picture()
    {
        var result = CliRunner.Run("optimize", "--cell", "rotated-hole", "--model", TestModels.HbtoPath, "--nelx", "12", "--nely", "6",
            "--max-iterations", "15", "--out", Folder, "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var design = CsvTable.Read(Path.Combine(Folder, "design.csv"));
        Assert.Equal(["element", "ex", "ey", "theta1", "theta2", "theta3", "physical1", "physical2", "physical3"], design.Columns);
        Assert.Contains(design.Column(design.ColumnIndex("theta3")), angle => Math.Abs(angle) > 1e-3);
        Assert.True(File.Exists(Path.Combine(Folder, "microstructure.png")));
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "summary.json")));
        Assert.Equal("rotated-hole", summary.RootElement.GetProperty("settings").GetProperty("cell").GetString());
        Assert.Equal("bfgs", summary.RootElement.GetProperty("settings").GetProperty("hessian").GetString());
    }

    [Fact]
    public void Check_gradient_of_the_turned_cell_passes_with_second_order()
    {
        var result = CliRunner.Run("check-gradient", "hbto", "--cell", "rotated-hole", "--model", TestModels.HbtoPath, "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal("rotated-hole", json.RootElement.GetProperty("cell").GetString());
        Assert.Equal(2, json.RootElement.GetProperty("observed_order").GetDouble(), 0.1);
    }

    private static Dictionary<string, double> Json(CliResult result)
    {
        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        return json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
    }
}
