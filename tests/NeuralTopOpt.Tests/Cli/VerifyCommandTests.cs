using System.Text.Json;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.IO;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Tests.Export;
using NeuralTopOpt.Tests.Models;
using NeuralTopOpt.Verification;

namespace NeuralTopOpt.Tests.Cli;

/// <summary><c>ntopo verify hbto</c> on a design of <c>ntopo optimize hbto --vtk</c>, and the VTK of that run read back.</summary>
public sealed class VerifyCommandTests() : TemporaryFolderTests("ntopo-verify-")
{
    [Fact]
    public void Optimize_writes_vtk_fields_and_verify_compares_the_fine_structure_with_the_models()
    {
        var run = Path.Combine(Folder, "run");
        var optimized = CliRunner.Run("optimize", "hbto", "--model", TestModels.HbtoPath, "--optimizer", "mma", "--max-iterations", "4",
            "--nelx", "12", "--nely", "6", "--vtk", "--out", run, "--json");
        Assert.True(optimized.ExitCode == ExitCodes.Success, optimized.Error);

        // The VTK holds the run's arrays: θ and θ̃ of design.csv, and strain energies summing to J/2.
        var design = CsvTable.Read(Path.Combine(run, "design.csv"));
        var vtk = LegacyVtk.Read(Path.Combine(run, "design.vtk"));
        Assert.Equal((13, 7, 1), vtk.Dimensions);
        var mesh = StandardProblems.HalfMbb(12, 6).Mesh;
        foreach (var name in new[] { "theta1", "theta2", "physical1", "physical2" })
        {
            var column = design.Column(design.ColumnIndex(name));
            var field = vtk.CellScalars[name];
            for (var e = 0; e < mesh.ElementCount; e++)
            {
                var (ex, ey) = (e / mesh.ElementsY, e % mesh.ElementsY);
                Assert.Equal(column[e], field[((mesh.ElementsY - 1 - ey) * mesh.ElementsX) + ex]);
            }
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        var compliance = summary.RootElement.GetProperty("result").GetProperty("compliance").GetDouble();
        Assert.Equal(compliance / 2, vtk.CellScalars["strain_energy_density"].Sum(), 1e-9 * compliance);
        var u = vtk.PointVectors["displacement"];
        Assert.True(u[(3 * 6 * 13) + 1] < 0, "the loaded top-left node (VTK point 6·13) moves down");
        Assert.Equal(0, u[3 * 6 * 13]);

        // verify hbto: the first five keys, and the numbers of the library's verifier.
        var output = Path.Combine(Folder, "fine");
        var result = CliRunner.Run("verify", "hbto", "--design", Path.Combine(run, "design.csv"), "--model", TestModels.HbtoPath,
            "--nelx", "12", "--nely", "6", "--pixels-per-element", "4", "--cells-per-element", "1,2", "--resolution", "20", "--out", output, "--json");
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(["fine_compliance", "homogenized_compliance", "exact_compliance", "fine_volume", "homogenized_volume"], root.EnumerateObject().Take(5).Select(p => p.Name));
        var theta = DesignFile.Read(Path.Combine(run, "design.csv"), CellFamilies.Hole, mesh);
        var material = CellFamilies.Hole.CreateMaterial(MaterialSource.Network(TestModels.Hbto, "nnj"));
        var verifier = new HbtoVerifier(StandardProblems.HalfMbb(12, 6), CellFamilies.Hole, material, theta, new VerificationOptions { HomogenizationResolution = 20 });
        var expected = verifier.Verify(4, 2);
        Assert.Equal(expected.Fine.Compliance, root.GetProperty("fine_compliance").GetDouble(), 1e-9 * expected.Fine.Compliance);
        Assert.Equal(expected.Homogenized.Compliance, root.GetProperty("homogenized_compliance").GetDouble(), 1e-12 * compliance);
        Assert.Equal(compliance, root.GetProperty("homogenized_compliance").GetDouble(), 1e-9 * compliance);
        Assert.Equal(expected.Homogenized.ExactCompliance, root.GetProperty("exact_compliance").GetDouble(), 1e-9 * expected.Homogenized.ExactCompliance);
        Assert.Equal(expected.Fine.Volume, root.GetProperty("fine_volume").GetDouble());
        Assert.Equal(summary.RootElement.GetProperty("result").GetProperty("volume").GetDouble(), root.GetProperty("homogenized_volume").GetDouble(), 1e-12);
        Assert.Equal(expected.ComplianceError, root.GetProperty("compliance_error").GetDouble(), 1e-9);
        Assert.Equal(2, root.GetProperty("sweep").GetArrayLength());
        foreach (var file in new[] { "fine.png", "fine.svg", "fine.stl", "verify.json" })
        {
            Assert.True(File.Exists(Path.Combine(output, file)), file);
        }
    }

    [Fact]
    public void Bad_input_fails_with_one_line()
    {
        var design = Path.Combine(Folder, "design.csv");
        File.WriteAllText(design, "element,ex,ey,theta1,theta2\n0,0,0,0.5,0.5\n1,0,1,0.5,0.5\n");
        string[] common = ["verify", "hbto", "--model", TestModels.HbtoPath, "--nelx", "1", "--nely", "2"];
        CliAssert.InputError(CliRunner.Run([.. common, "--design", design, "--pixels-per-element", "1"]), "M = 1", "pixels per cell must be 2");
        CliAssert.InputError(CliRunner.Run([.. common, "--design", design, "--pixels-per-element", "4", "--cell", "density"]), "density", "DBTO's density");
        CliAssert.InputError(CliRunner.Run("verify", "hbto", "--model", TestModels.HbtoPath, "--nelx", "2", "--nely", "2", "--design", design, "--pixels-per-element", "4"), "rows", "has 2 rows; the problem has 4 elements");
        File.WriteAllText(design, "element,ex,ey,theta1,theta2\n0,0,0,0.5,NaN\n1,0,1,0.5,0.5\n");
        CliAssert.InputError(CliRunner.Run([.. common, "--design", design, "--pixels-per-element", "4"]), "NaN", "element 0");
        CliAssert.InputError(CliRunner.Run([.. common, "--design", Path.Combine(Folder, "missing.csv"), "--pixels-per-element", "4"]), "missing", "missing.csv");
        Assert.Equal(ExitCodes.UsageError, CliRunner.Run([.. common, "--pixels-per-element", "4"]).ExitCode);
        Assert.Equal(ExitCodes.UsageError, CliRunner.Run([.. common, "--design", design, "--pixels-per-element", "4,x"]).ExitCode);
        Assert.Equal(ExitCodes.UsageError, CliRunner.Run([.. common, "--design", design, "--pixels-per-element", "4", "--max-unknowns", "1e3"]).ExitCode);
        Assert.Equal(ExitCodes.UsageError, CliRunner.Run([.. common, "--design", design, "--pixels-per-element", "4", "--loads", "everywhere"]).ExitCode);
        CliAssert.InputError(CliRunner.Run([.. common, "--design", design, "--pixels-per-element", "4,1001"]), "M = 1001 in a sweep", "pixels per cell must be 2 to 1000, not 1001");
        CliAssert.InputError(CliRunner.Run([.. common, "--design", design, "--pixels-per-element", "1000", "--cells-per-element", "3"]), "one point over the mesh limits", "exceeds the mesh limits");
    }

    [Fact]
    public void A_sweep_skips_the_points_beyond_the_mesh_limits_with_the_reason()
    {
        var design = Path.Combine(Folder, "design.csv");
        File.WriteAllText(design, "element,ex,ey,theta1,theta2\n0,0,0,0.5,0.3\n1,0,1,0.2,0.6\n");
        var result = CliRunner.Run("verify", "hbto", "--model", TestModels.HbtoPath, "--nelx", "1", "--nely", "2", "--design", design,
            "--pixels-per-element", "4,1000", "--cells-per-element", "1,3", "--resolution", "10", "--max-unknowns", "100000", "--json");

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var sweep = json.RootElement.GetProperty("sweep").EnumerateArray().ToArray();
        Assert.Equal(4, sweep.Length);
        Assert.All(sweep.Where(p => p.GetProperty("pixels_per_element").GetInt32() == 4), p => Assert.True(p.GetProperty("fine_compliance").GetDouble() > 0));
        var skipped = sweep.Single(p => p.GetProperty("pixels_per_element").GetInt32() == 1000 && p.GetProperty("cells_per_element").GetInt32() == 3);
        Assert.Contains("a 3000x6000 pixel mesh exceeds the mesh limits", skipped.GetProperty("skipped").GetString(), StringComparison.Ordinal);
        var capped = sweep.Single(p => p.GetProperty("pixels_per_element").GetInt32() == 1000 && p.GetProperty("cells_per_element").GetInt32() == 1);
        Assert.Contains("more than the 100,000 allowed", capped.GetProperty("skipped").GetString(), StringComparison.Ordinal);
    }
}
