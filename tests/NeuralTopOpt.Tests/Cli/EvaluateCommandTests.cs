using System.Globalization;
using System.Text.Json;
using MathNet.Numerics.LinearAlgebra;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Tests.Models;

namespace NeuralTopOpt.Tests.Cli;

/// <summary><c>ntopo evaluate</c>: the compliance and volume of a given design.</summary>
public sealed class EvaluateCommandTests() : TemporaryFolderTests("ntopo-evaluate-")
{
    [Theory]
    [InlineData("dbto", "simp", "density")]
    [InlineData("dbto", "nn", "sensitivity")]
    [InlineData("hbto", "nn", "sensitivity")]
    public void Evaluating_the_design_of_a_run_gives_that_runs_final_compliance_and_volume(string formulation, string material, string filter)
    {
        var run = Path.Combine(Folder, "run");
        string[] model = material == "nn" ? ["--model", formulation == "dbto" ? TestModels.DbtoPath : TestModels.HbtoPath] : [];
        string[] common = ["--material", material, .. model, "--nelx", "24", "--nely", "12", "--filter", filter];
        var optimize = CliRunner.Run(["optimize", formulation, .. common, "--max-iterations", "12", "--out", run, "--json"]);
        Assert.True(optimize.ExitCode == ExitCodes.Success, optimize.Error);

        var evaluate = CliRunner.Run(["evaluate", formulation, .. common, "--design", Path.Combine(run, "design.csv"), "--json"]);

        Assert.True(evaluate.ExitCode == ExitCodes.Success, evaluate.Error);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "summary.json")));
        var expected = summary.RootElement.GetProperty("result");
        using var json = JsonDocument.Parse(evaluate.Out);
        var root = json.RootElement;
        Assert.Equal(["compliance", "volume", "clamped_entries", "solver"], root.EnumerateObject().Select(p => p.Name));
        AssertRelative(expected.GetProperty("compliance").GetDouble(), root.GetProperty("compliance").GetDouble(), 1e-10);
        AssertRelative(expected.GetProperty("volume").GetDouble(), root.GetProperty("volume").GetDouble(), 1e-10);
        Assert.NotEqual(expected.GetProperty("initial_compliance").GetDouble(), root.GetProperty("compliance").GetDouble());
        Assert.Equal("cholesky", root.GetProperty("solver").GetString());

        var text = CliRunner.Run(["evaluate", formulation, .. common, "--design", Path.Combine(run, "design.csv")]);
        Assert.StartsWith("compliance  ", text.Out, StringComparison.Ordinal);
        Assert.Contains("clamp positive-definite", text.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.99, "cholesky-lu (cholesky)")]   // K positive definite, but C12 above our limit in half the elements
    [InlineData(1.0, "cholesky-lu (lu)")]          // the void corner: indefinite tensors and an indefinite K, solved by LU as the paper's spsolve
    public void The_papers_clamp_gives_the_compliance_of_its_formula_by_a_dense_solve(double corner, string solver)
    {
        var (nelx, nely) = (12, 6);
        var n = nelx * nely;
        var theta = new double[2 * n];
        for (var e = 0; e < n; e++)
        {
            theta[e] = theta[n + e] = e % 2 == 0 ? 0.3 : corner;
        }

        var design = WriteDesign("corner.csv", ["theta1", "theta2"], n, theta);
        string[] common = ["evaluate", "hbto", "--model", TestModels.HbtoPath, "--nelx", "12", "--nely", "6", "--design", design, "--json"];

        var paper = Json(CliRunner.Run([.. common, "--clamp", "paper"]));
        var ours = Json(CliRunner.Run(common));

        var expected = DenseCompliance(StandardProblems.HalfMbb(nelx, nely), theta);
        AssertRelative(expected, paper.GetProperty("compliance").GetDouble(), 1e-9);
        Assert.Equal(solver, paper.GetProperty("solver").GetString());
        Assert.True(Math.Abs(ours.GetProperty("compliance").GetDouble() - expected) > 1e-3 * Math.Abs(expected), "the two clamps must differ on this design");
        Assert.True(ours.GetProperty("clamped_entries").GetInt32() > paper.GetProperty("clamped_entries").GetInt32());

        var refused = CliRunner.Run([.. common, "--clamp", "paper", "--solver", "cholesky"]);
        if (corner == 1.0)
        {
            CliAssert.InputError(refused, "Cholesky on an indefinite K", "take the solver lu");
            AssertRelative(expected, Json(CliRunner.Run([.. common, "--clamp", "paper", "--solver", "lu"])).GetProperty("compliance").GetDouble(), 1e-9);
        }
    }

    [Fact]
    public void Bad_designs_are_refused_in_one_line()
    {
        var n = 12 * 6;
        var good = Enumerable.Repeat(0.5, n).ToArray();
        string[] dbto = ["evaluate", "dbto", "--nelx", "12", "--nely", "6", "--design"];

        CliAssert.InputError(CliRunner.Run([.. dbto, WriteDesign("nocolumn.csv", ["rho"], n, good)]), "missing column", "no column theta; a design of the density cell");
        CliAssert.InputError(CliRunner.Run([.. dbto, WriteDesign("short.csv", ["theta"], n - 1, good)]), "wrong length", "has 71 rows; the problem's 12 x 6 mesh has 72 elements");
        CliAssert.InputError(CliRunner.Run([.. dbto, WriteDesign("nan.csv", ["theta"], n, [.. good[..5], double.NaN, .. good[6..]])]), "NaN", "theta of element 5 is NaN");
        CliAssert.InputError(CliRunner.Run([.. dbto, WriteDesign("high.csv", ["theta"], n, [.. good[..7], 1.25, .. good[8..]])]), "out of bounds", "theta of element 7 is 1.25; the density cell's");
        CliAssert.InputError(CliRunner.Run([.. dbto, Path.Combine(Folder, "none.csv")]), "no file", "file not found");
        CliAssert.InputError(
            CliRunner.Run(["evaluate", "hbto", "--model", TestModels.HbtoPath, "--nelx", "12", "--nely", "6", "--design", WriteDesign("one.csv", ["theta"], n, good)]),
            "a DBTO design for HBTO",
            "no column theta1, theta2; a design of the hole cell has the column(s) theta1, theta2 (this file has theta)");
        var penal = CliRunner.Run(["evaluate", "dbto", "--material", "nn", "--model", TestModels.DbtoPath, "--penal", "4", "--nelx", "12", "--nely", "6", "--design", WriteDesign("p.csv", ["theta"], n, good)]);
        Assert.Equal(ExitCodes.UsageError, penal.ExitCode);
        Assert.Contains("--penal is the SIMP penalty", Assert.Single(penal.ErrorLines), StringComparison.Ordinal);

        // A design.csv of another mesh: its ex and ey columns say which.
        var run = Path.Combine(Folder, "run");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("optimize", "dbto", "--nelx", "8", "--nely", "9", "--max-iterations", "2", "--out", run).ExitCode);
        CliAssert.InputError(CliRunner.Run([.. dbto, Path.Combine(run, "design.csv")]), "another mesh", "was written for a 8 x 9 mesh (72 elements, its ex and ey columns); this problem's mesh is 12 x 6");

        var unknownCell = CliRunner.Run("evaluate", "hbto", "--cell", "hexagon", "--model", TestModels.HbtoPath, "--design", "d.csv");
        Assert.Equal(ExitCodes.UsageError, unknownCell.ExitCode);
        Assert.Contains("hexagon", unknownCell.Error, StringComparison.Ordinal);
        Assert.Equal("", unknownCell.Out);
    }

    /// <summary>
    /// φ = fᵀu with K assembled densely from the element matrices of the paper's material model: each entry of the
    /// network's C clamped to [10⁻⁹·C_max, C_max], C_max the paper's four-digit tensor, nothing else; solved by
    /// MathNet's dense LU. Independent of the assembler, the material classes and the sparse solvers.
    /// </summary>
    private static double DenseCompliance(StructuralProblem problem, double[] theta)
    {
        var mesh = problem.Mesh;
        var n = mesh.ElementCount;
        double[] cmax = [1.3462, 0.5769, 1.3462, 0.3846];
        var fixedDofs = new HashSet<int>(problem.FixedDofs.ToArray());
        var free = Enumerable.Range(0, mesh.DofCount).Where(d => !fixedDofs.Contains(d)).ToArray();
        var index = Enumerable.Repeat(-1, mesh.DofCount).ToArray();
        for (var i = 0; i < free.Length; i++)
        {
            index[free[i]] = i;
        }

        var k = Matrix<double>.Build.Dense(free.Length, free.Length);
        var ke = new double[64];
        for (var e = 0; e < n; e++)
        {
            var c = TestModels.Hbto.Network.Predict([theta[e], theta[n + e]]);
            for (var t = 0; t < 4; t++)
            {
                c[t] = Math.Clamp(c[t], 1e-9 * cmax[t], cmax[t]);
            }

            Q4Element.UnitSquare.Stiffness(new StiffnessTensor(c[0], c[1], c[2], c[3]), ke);
            var dofs = mesh.DofsOf(e);
            for (var a = 0; a < 8; a++)
            {
                for (var b = 0; b < 8; b++)
                {
                    if (index[dofs[a]] >= 0 && index[dofs[b]] >= 0)
                    {
                        k[index[dofs[a]], index[dofs[b]]] += ke[(8 * a) + b];
                    }
                }
            }
        }

        var f = Vector<double>.Build.Dense(free.Length);
        foreach (var load in problem.LoadCases[0].Loads)
        {
            f[index[load.Dof]] += load.Value;
        }

        return f.DotProduct(k.LU().Solve(f));
    }

    private string WriteDesign(string name, string[] columns, int rows, double[] values)
    {
        var path = Path.Combine(Folder, name);
        var lines = new List<string> { string.Join(',', columns) };
        for (var e = 0; e < rows; e++)
        {
            lines.Add(string.Join(',', columns.Select((_, f) => values[(f * (values.Length / columns.Length)) + e].ToString("R", CultureInfo.InvariantCulture))));
        }

        File.WriteAllLines(path, lines);
        return path;
    }

    private static JsonElement Json(CliResult result)
    {
        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        return JsonDocument.Parse(result.Out).RootElement.Clone();
    }

    private static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R} (relative {Math.Abs(actual - expected) / Math.Abs(expected):E2})");
}
