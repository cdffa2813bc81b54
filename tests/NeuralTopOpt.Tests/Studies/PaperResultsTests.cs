using NeuralTopOpt.Studies;

namespace NeuralTopOpt.Tests.Studies;

/// <summary>The paper's run summaries and SciPy logs (data/reference/paper-results), parsed from the files and from the embedded copies.</summary>
public class PaperResultsTests
{
    private static string Folder => Path.Combine(Architecture.LayeringTests.RepositoryRoot(), "data", "reference", "paper-results");

    [Fact]
    public void Runs_csv_gives_every_run_of_the_paper_with_its_termination_test()
    {
        var runs = PaperResults.ParseRuns(File.ReadAllText(Path.Combine(Folder, "runs.csv")));

        Assert.Equal(9, runs.Count);
        Assert.Equal(runs, PaperResults.Runs);
        var simp = PaperResults.Run("dbto", "simp")!;
        Assert.Equal((81.97170195563018, 370, 385, "gtol"), (simp.Compliance, simp.Iterations, simp.Evaluations, simp.Termination));
        var nnj = PaperResults.Run("hbto", "nnj")!;
        Assert.Equal((75.69677121673136, 1225, 1410, 8314, "xtol"), (nnj.Compliance, nnj.Iterations, nnj.Evaluations, nnj.CgIterations, nnj.Termination));
        Assert.Equal(7.10e-3, nnj.Optimality);
        var ad = PaperResults.Run("hbto", "ad")!;
        Assert.Equal((75.69965600382389, 1342), (ad.Compliance, ad.Iterations));
        Assert.Null(ad.Termination);
        Assert.Null(ad.Evaluations);
        Assert.Null(PaperResults.Run("hbto", "dual"));
    }

    [Theory]
    [InlineData("dbto", "simp", 356.48, 81.972, 370, 385, "gtol")]
    [InlineData("dbto", "nnj", 357.60, 82.163, 333, 345, "gtol")]
    [InlineData("dbto", "cfd", 357.60, 80.842, 288, 297, "gtol")]
    [InlineData("dbto", "csm", 357.60, 82.689, 657, 697, "xtol")]
    [InlineData("dbto", "ad", 357.60, 80.958, 287, 311, "gtol")]
    [InlineData("hbto", "nnj", 255.61, 75.697, 1225, 1410, "xtol")]
    [InlineData("hbto", "cfd", 255.61, 76.782, 1105, 1304, "xtol")]
    [InlineData("hbto", "csm", 255.61, 76.143, 1371, 1581, "xtol")]
    public void Each_scipy_log_starts_at_the_uniform_design_and_ends_where_runs_csv_does(string formulation, string method, double first, double last, int iterations, int evaluations, string termination)
    {
        var log = PaperResults.ParseLog(File.ReadAllText(Path.Combine(Folder, "logs", $"{formulation}-{method}.txt")));

        Assert.Equal(log, PaperResults.Log(formulation, method), new LogComparer());
        Assert.Equal((1, 1, 0, first), (log.Rows[0].Iteration, log.Rows[0].Evaluations, log.Rows[0].CgIterations, log.Rows[0].Objective));
        Assert.Equal((iterations, evaluations, last, termination), (log.Rows[^1].Iteration, log.Rows[^1].Evaluations, log.Rows[^1].Objective, log.Termination));
        Assert.Equal(Enumerable.Range(1, iterations), log.Rows.Select(r => r.Iteration));

        // The log's last objective is runs.csv's compliance to the log's five digits.
        var run = PaperResults.Run(formulation, method)!;
        Assert.Equal(run.Compliance, log.Rows[^1].Objective, 5e-5 * run.Compliance);
        Assert.Equal(run.Iterations, log.Rows[^1].Iteration);
        Assert.Equal(run.Termination, log.Termination);
        var (x, y) = log.Curve();
        Assert.Equal((0.0, first), (x[0], y[0]));
        Assert.Equal(iterations - 1, x[^1]);
    }

    [Fact]
    public void The_hbto_nnj_log_holds_the_values_issue_10_quotes_at_niter_2_11_101_1001()
    {
        var log = PaperResults.Log("hbto", "nnj")!;

        Assert.Equal(242.37, log.ObjectiveAt(2));
        Assert.Equal(169.31, log.ObjectiveAt(11));
        Assert.Equal(105.14, log.ObjectiveAt(101));
        Assert.Equal(76.584, log.ObjectiveAt(1001)); // the issue rounds it to 76.58
        Assert.Null(log.ObjectiveAt(1226));
        Assert.Equal((0.02, 18), (log.Rows[6].BarrierParameter, log.Rows[6].CgIterations));
    }

    [Fact]
    public void There_is_no_log_of_the_hbto_ad_run()
    {
        Assert.Null(PaperResults.Log("hbto", "ad"));
    }

    [Theory]
    [InlineData("| 1 | 2 | 3 |")]
    [InlineData("|   1   |   1   |   0   | +abc | 1.00e+00 | 1.03e+00 | 5.55e-17 | 1.00e+00 |  1.00e-01   |   0   |")]
    [InlineData("no table at all")]
    public void A_malformed_log_is_an_error_in_our_words(string text)
    {
        var e = Assert.Throws<InvalidInputException>(() => PaperResults.ParseLog(text));
        Assert.StartsWith("SciPy log", e.Message.Replace("paper results", "SciPy log", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    private sealed class LogComparer : IEqualityComparer<ScipyLog?>
    {
        public bool Equals(ScipyLog? x, ScipyLog? y) => x is not null && y is not null && x.Termination == y.Termination && x.Rows.SequenceEqual(y.Rows);

        public int GetHashCode(ScipyLog? obj) => obj?.Rows.Count ?? 0;
    }
}
