using System.Globalization;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Tests.Architecture;
using NeuralTopOpt.Tests.Models;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Optimization.TrustRegion;

/// <summary>
/// The trust-region method in its paper mode (<c>TopologyOptimizers.Create("trust-region")</c>, which
/// is <see cref="NeuralTopOpt.Optimization.TrustRegion.TrustRegionOptions.SciPy"/> at this size) on
/// the paper's own networks, against the paper's SciPy logs (data/reference/paper-results/logs) and
/// run summaries (runs.csv). SciPy's niter k is our iteration k − 1 (its row 1 is the start).
/// <para>
/// How exact these can be: the early rows are deterministic (ours equal SciPy's to 1e-5 relative; the
/// rest is our material's exact C_solid and C12 limit against the paper's rounded Cmax and Keras'
/// float32 inputs). Later rows are not: the same trust-constr rerun with a different BLAS leaves the
/// log by 10⁻⁴ at niter 22 and by 4.5% at niter 101 (tools/scipy), and start designs changed by
/// 10⁻¹⁵ move our niter-101 value over 105.36–106.37 (log: 105.14). The niter-101 test holds for this
/// build's arithmetic; a change of roundoff in the FE solve or the network can move it by about 1%.
/// </para>
/// </summary>
public class PaperLogTests(ITestOutputHelper output)
{
    [Fact]
    public void Hbto_nnj_follows_the_papers_scipy_log_row_by_row_to_niter_11_and_within_1_percent_at_niter_101()
    {
        var log = ReadLog("hbto-nnj");
        var problem = Hbto("nnj");

        var result = TopologyOptimizers.Create("trust-region", problem.VariableCount)
            .Minimize(problem, problem.InitialDesign(), new StoppingCriteria(100, 1e-3, 1e-3));

        Assert.Equal(ExitReason.MaxIterations, result.ExitReason);
        Assert.Equal(100, result.Iterations);
        for (var niter = 2; niter <= 11; niter++)
        {
            // the log prints 5 digits of f and 3 of Δ
            var (row, ours) = (log[niter], result.History[niter - 2]);
            Assert.True(Math.Abs(ours.Objective - row.Objective) <= 1e-4 * row.Objective, $"niter {niter}: f {ours.Objective:R}, log {row.Objective}");
            Assert.True(Math.Abs(ours.TrustRadius!.Value - row.Radius) <= 5e-3 * row.Radius, $"niter {niter}: radius {ours.TrustRadius:R}, log {row.Radius}");
            Assert.Equal(row.Barrier, ours.BarrierParameter!.Value, 1e-12);
            Assert.Equal(row.Evaluations, ours.Evaluations);
        }

        var at101 = result.History[99].Objective;
        output.WriteLine($"niter 11: {result.History[9].Objective:R} (log {log[11].Objective}); niter 101: {at101:R} (log {log[101].Objective})");
        Assert.InRange(at101, 0.99 * log[101].Objective, 1.01 * log[101].Objective);
    }

    /// <summary>
    /// Rows 2–10 (rows 6 and 10 reject their steps). At row 10 SciPy's second-order correction
    /// (y = −Y·b of the linear volume, whose residual is roundoff) landed exactly on the rejected trial,
    /// so it was not evaluated (the log's nfev stays 10); ours differs from the trial in the last bits,
    /// is evaluated, and SciPy's update from that roundoff-sized pair (which the paper mode keeps) makes
    /// our row 11 accept a step that SciPy rejected: 182.447 against the log's 182.47. With the network
    /// written as z·(1/s) − m/s instead of Keras' (z − m)/s the correction fell on the trial as in SciPy
    /// and rows 11–13 agreed too: a coin flip of roundoff, not a rule.
    /// </summary>
    [Fact]
    public void Dbto_nnj_follows_the_papers_scipy_log_row_by_row_to_niter_10()
    {
        var log = ReadLog("dbto-nnj");
        var problem = Dbto("nnj");

        var result = TopologyOptimizers.Create("trust-region", problem.VariableCount)
            .Minimize(problem, problem.InitialDesign(), new StoppingCriteria(9, 1e-3, 1e-3));

        Assert.Equal(ExitReason.MaxIterations, result.ExitReason);
        for (var niter = 2; niter <= 10; niter++)
        {
            // rows 6 and 10 reject their steps, 10 with a second-order correction
            var (row, ours) = (log[niter], result.History[niter - 2]);
            Assert.True(Math.Abs(ours.Objective - row.Objective) <= 1e-4 * row.Objective, $"niter {niter}: f {ours.Objective:R}, log {row.Objective}");
            Assert.True(Math.Abs(ours.TrustRadius!.Value - row.Radius) <= 5e-3 * row.Radius, $"niter {niter}: radius {ours.TrustRadius:R}, log {row.Radius}");
            Assert.Equal(row.Barrier, ours.BarrierParameter!.Value, 1e-12);
        }
    }

    /// <summary>
    /// The optimizers see the nondimensional compliance w·φ (<see cref="ComplianceScale"/>); for the
    /// paper's problems w = 1 exactly, so the paper mode through <see cref="TopologyRun"/> is the paper
    /// mode on φ itself, bit for bit.
    /// </summary>
    [Fact]
    public void The_papers_problems_are_not_rescaled_so_a_topology_run_is_the_raw_paper_mode_bit_for_bit()
    {
        var (dbto, hbto) = (Dbto("nnj"), Hbto("nnj"));
        Assert.Equal(1.0, ComplianceScale.Factor(dbto.Structure, dbto.Material));
        Assert.Equal(1.0, ComplianceScale.Factor(hbto.Structure, hbto.Material));

        var stopping = new StoppingCriteria(12, 1e-3, 1e-3);
        var raw = TopologyOptimizers.Create("trust-region", dbto.VariableCount).Minimize(dbto, dbto.InitialDesign(), stopping);
        var run = TopologyRun.Execute(dbto, TopologyOptimizers.Create("trust-region", dbto.VariableCount), stopping);

        Assert.Equal(ExitReason.MaxIterations, run.ExitReason);
        Assert.Equal(raw.Iterations, run.Iterations);
        Assert.Equal(raw.X, run.Final.X.ToArray()); // the same iterates, bit for bit
        Assert.Equal(raw.Objective, run.Compliance, 1e-12 * raw.Objective);
    }

    /// <summary>
    /// The paper's DBTO runs with the network end at 80.84–82.69 (runs.csv: cfd 80.84, ad 80.96, nnj
    /// 82.16, csm 82.69; nnj, csm and ad differ only by roundoff in their derivatives). The outcome is
    /// bimodal under roundoff: of 15 runs of ours from starts changed by 10⁻¹⁵, 14 ended at
    /// 80.82–80.92 and one at 82.14; SciPy itself here gave 80.87, 80.84 and 82.20. So the run is held
    /// to the band of the paper's runs (widened by 1%), to the paper's nnj iteration count and to a
    /// converged exit (not the iteration cap). The exit differs from SciPy's: on this problem with the
    /// library's material (tools/scipy/run_trust_constr.py dbto --no-float32 --exact-jacobian) SciPy
    /// 1.10.1 stops on gtol, 80.94 at nit 244, as in all three of its runs of the paper's harness (80.87,
    /// 80.84, 82.20; gtol), while this run stops on the trust radius (xtol; 82.06 after 275 iterations when
    /// measured), the exit of the paper's DBTO csm run.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Dbto_nnj_ends_in_the_band_of_the_papers_network_runs_within_30_percent_of_its_iterations()
    {
        var runs = new[] { "nnj", "cfd", "csm", "ad" }.Select(m => ReadRun("dbto", m).Compliance).ToArray();
        var paper = ReadRun("dbto", "nnj");
        var problem = Dbto("nnj");

        var run = TopologyRun.Execute(problem, TopologyOptimizers.Create("trust-region", problem.VariableCount), TopologyOptimizers.Stopping("trust-region"));

        output.WriteLine($"DBTO nnj: {run.Compliance:R} after {run.Iterations} iterations ({run.ExitReason}); paper {paper.Compliance} after {paper.Iterations}");
        Assert.Contains(run.ExitReason, new[] { ExitReason.OptimalityReached, ExitReason.TrustRadiusBelowTolerance }); // gtol or xtol, as the paper's runs
        Assert.InRange(run.Compliance, 0.99 * runs.Min(), 1.01 * runs.Max());
        Assert.InRange(run.Iterations + 1, 0.7 * paper.Iterations, 1.3 * paper.Iterations);
        Assert.Equal(0.5, run.Volume, 9);
    }

    /// <summary>The paper's run: 75.70 after 1,225 iterations, xtol (runs.csv). Ours: 76.2 after about 1,370.</summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void Hbto_nnj_ends_within_1_5_percent_and_30_percent_of_the_papers_iterations()
    {
        var paper = ReadRun("hbto", "nnj");
        var problem = Hbto("nnj");

        var run = TopologyRun.Execute(problem, TopologyOptimizers.Create("trust-region", problem.VariableCount), TopologyOptimizers.Stopping("trust-region"));

        output.WriteLine($"HBTO nnj: {run.Compliance:R} after {run.Iterations} iterations ({run.ExitReason}); paper {paper.Compliance} after {paper.Iterations}");
        Assert.Equal(ExitReason.TrustRadiusBelowTolerance, run.ExitReason); // SciPy's xtol, as the paper's run
        Assert.InRange(run.Compliance, 0.985 * paper.Compliance, 1.015 * paper.Compliance);
        Assert.InRange(run.Iterations + 1, 0.7 * paper.Iterations, 1.3 * paper.Iterations);
        Assert.Equal(0.5, run.Volume, 6);
    }

    private static ComplianceProblem Dbto(string method) => new(
        StandardProblems.HalfMbb(60, 30), CellFamilies.Density.CreateMaterial(MaterialSource.Network(PaperModels.Dbto, method)), new ComplianceSettings());

    private static ComplianceProblem Hbto(string method) => new(
        StandardProblems.HalfMbb(60, 30), CellFamilies.Hole.CreateMaterial(MaterialSource.Network(PaperModels.Hbto, method)), new ComplianceSettings { Cell = CellFamilies.Hole });

    internal static Dictionary<int, LogRow> ReadLog(string name)
    {
        var rows = new Dictionary<int, LogRow>();
        foreach (var line in File.ReadLines(Path.Combine(LayeringTests.RepositoryRoot(), "data", "reference", "paper-results", "logs", name + ".txt")))
        {
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length > 10 && int.TryParse(cells[1], CultureInfo.InvariantCulture, out var niter))
            {
                rows[niter] = new LogRow(
                    int.Parse(cells[2], CultureInfo.InvariantCulture), double.Parse(cells[4], CultureInfo.InvariantCulture),
                    double.Parse(cells[5], CultureInfo.InvariantCulture), double.Parse(cells[9], CultureInfo.InvariantCulture));
            }
        }

        return rows;
    }

    internal static (double Compliance, int Iterations) ReadRun(string formulation, string method)
    {
        var lines = File.ReadAllLines(Path.Combine(LayeringTests.RepositoryRoot(), "data", "reference", "paper-results", "runs.csv"));
        var header = lines[0].Split(',');
        var row = lines.Skip(1).Select(l => l.Split(',')).Single(c => c[0] == formulation && c[1] == method);
        return (double.Parse(row[Array.IndexOf(header, "compliance")], CultureInfo.InvariantCulture),
            int.Parse(row[Array.IndexOf(header, "iterations")], CultureInfo.InvariantCulture));
    }

    internal readonly record struct LogRow(int Evaluations, double Objective, double Radius, double Barrier);
}
