using System.Globalization;
using System.Reflection;

namespace NeuralTopOpt.Studies;

/// <summary>
/// The paper's own runs, as its repository published them (<c>data/reference/paper-results/</c>, embedded in
/// this assembly so that the study needs no file outside it): <c>runs.csv</c> (per run the final compliance,
/// iterations, seconds, evaluations and SciPy's termination test) and <c>logs/FORMULATION-METHOD.txt</c>
/// (SciPy 1.10.1 <c>trust-constr</c>'s verbose iteration table). Hand-written parsers: both formats are a
/// few fixed columns, and no library reads SciPy's table.
/// </summary>
public static class PaperResults
{
    /// <summary>Where the data come from, for captions: the repository's copy of the paper's result files.</summary>
    public const string RunsSource = "data/reference/paper-results/runs.csv";

    /// <summary>The folder of the SciPy logs, for captions.</summary>
    public const string LogsSource = "data/reference/paper-results/logs";

    private const string ResourcePrefix = "paper-results/";

    private static readonly Lazy<IReadOnlyList<PaperRun>> EmbeddedRuns = new(() => ParseRuns(Resource("runs.csv")!));

    /// <summary>Every row of <c>runs.csv</c>: DBTO by SIMP and by the network with each method, HBTO by each method.</summary>
    public static IReadOnlyList<PaperRun> Runs => EmbeddedRuns.Value;

    /// <summary>The paper's run of <paramref name="formulation"/> (<c>dbto</c>, <c>hbto</c>) by <paramref name="method"/> (<c>simp</c>, <c>nnj</c>, <c>cfd</c>, <c>csm</c>, <c>ad</c>), or null.</summary>
    public static PaperRun? Run(string formulation, string method) =>
        Runs.FirstOrDefault(r => r.Formulation == formulation && r.Method == method);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ScipyLog?> Logs = new();

    /// <summary>The SciPy log of one run, or null where the paper's repository has none (HBTO by AD).</summary>
    public static ScipyLog? Log(string formulation, string method) =>
        Logs.GetOrAdd($"{formulation}-{method}", name => Resource($"logs/{name}.txt") is { } text ? ParseLog(text) : null);

    /// <summary>
    /// The paper's initial filtered sensitivities ∂φ₀/∂θ at the uniform start design (<c>dc0-FORMULATION-METHOD.csv</c>),
    /// field-major (all elements of θ₁, then of θ₂) in the 88-line code's element order, as our runs' records; null if absent.
    /// </summary>
    public static double[]? InitialSensitivities(string formulation, string method)
    {
        if (Resource($"dc0-{formulation}-{method}.csv") is not { } text)
        {
            return null;
        }

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var fields = lines[0].Split(',').Length - 1;
        var rows = lines.Length - 1;
        var values = new double[fields * rows];
        for (var e = 0; e < rows; e++)
        {
            var cells = lines[e + 1].Split(',');
            for (var f = 0; f < fields; f++)
            {
                values[(f * rows) + e] = Number(cells[f + 1], "initial sensitivity");
            }
        }

        return values;
    }

    /// <summary>Parses <c>runs.csv</c> (header <c>formulation,method,material,compliance,iterations,seconds,evaluations,cg_iterations,optimality,constraint_violation,termination,source</c>; empty cells where the paper's file lacks the value).</summary>
    /// <exception cref="InvalidInputException">A missing column or a malformed number.</exception>
    public static IReadOnlyList<PaperRun> ParseRuns(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0)
        {
            throw new InvalidInputException("paper runs: empty file");
        }

        var header = lines[0].Split(',');
        int Column(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidInputException($"paper runs: no column '{name}'");
        var (f, m, mat, c, it, s, ev, cg, opt, viol, term, src) = (Column("formulation"), Column("method"), Column("material"), Column("compliance"), Column("iterations"),
            Column("seconds"), Column("evaluations"), Column("cg_iterations"), Column("optimality"), Column("constraint_violation"), Column("termination"), Column("source"));
        return [.. lines.Skip(1).Select((line, row) =>
        {
            var cells = line.Split(',');
            if (cells.Length != header.Length)
            {
                throw new InvalidInputException($"paper runs: row {row + 1} has {cells.Length} cells, the header {header.Length}");
            }

            return new PaperRun(
                cells[f], cells[m], cells[mat], Number(cells[c], "compliance"), (int)Number(cells[it], "iterations"), Number(cells[s], "seconds"),
                Optional(cells[ev]) is { } e ? (int)e : null, Optional(cells[cg]) is { } g ? (int)g : null, Optional(cells[opt]), Optional(cells[viol]),
                cells[term].Length == 0 ? null : cells[term], cells[src]);
        })];
    }

    /// <summary>
    /// Parses SciPy's verbose <c>trust-constr</c> table (<c>| niter |f evals|CG iter| obj func |tr radius| opt | c viol | penalty |barrier param|CG stop|</c>)
    /// and its closing lines (<c>`xtol` termination condition is satisfied.</c>).
    /// </summary>
    /// <exception cref="InvalidInputException">A table row that does not have the ten numbers, or no rows.</exception>
    public static ScipyLog ParseLog(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rows = new List<ScipyLogRow>();
        string? termination = null;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('`') && line.IndexOf('`', 1) is var end and > 1)
            {
                termination = line[1..end];
                continue;
            }

            if (!line.StartsWith('|') || line.StartsWith("| niter", StringComparison.Ordinal) || line.StartsWith("|-", StringComparison.Ordinal))
            {
                continue;
            }

            var cells = line.Trim('|').Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length != 10)
            {
                throw new InvalidInputException($"SciPy log: a row with {cells.Length} cells instead of 10: {line}");
            }

            rows.Add(new ScipyLogRow(
                (int)Number(cells[0], "niter"), (int)Number(cells[1], "f evals"), (int)Number(cells[2], "CG iter"), Number(cells[3], "obj func"), Number(cells[4], "tr radius"),
                Number(cells[5], "opt"), Number(cells[6], "c viol"), Number(cells[7], "penalty"), Number(cells[8], "barrier param"), (int)Number(cells[9], "CG stop")));
        }

        return rows.Count == 0 ? throw new InvalidInputException("SciPy log: no iteration rows") : new ScipyLog(rows, termination);
    }

    private static string? Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourcePrefix + name);
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static double Number(string text, string what) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            ? value
            : throw new InvalidInputException($"paper results: '{text}' is not a number ({what})");

    private static double? Optional(string text) => text.Length == 0 ? null : Number(text, "optional value");
}

/// <summary>One row of the paper's <c>runs.csv</c>.</summary>
/// <param name="Formulation"><c>dbto</c> or <c>hbto</c>.</param>
/// <param name="Method"><c>simp</c>, <c>nnj</c>, <c>cfd</c>, <c>csm</c> or <c>ad</c>.</param>
/// <param name="Material"><c>simp</c> or <c>network</c>.</param>
/// <param name="Compliance">Final compliance φ.</param>
/// <param name="Iterations">SciPy's <c>niter</c> at the end (its first row, niter 1, is the start design).</param>
/// <param name="Seconds">Wall time of the paper's run.</param>
/// <param name="Evaluations">Objective evaluations (null where the file has none).</param>
/// <param name="CgIterations">Projected CG iterations in total.</param>
/// <param name="Optimality">Final optimality.</param>
/// <param name="ConstraintViolation">Final constraint violation.</param>
/// <param name="Termination">SciPy's termination test (<c>gtol</c>, <c>xtol</c>), or null.</param>
/// <param name="Source">The file of the paper's repository the row comes from.</param>
public sealed record PaperRun(
    string Formulation, string Method, string Material, double Compliance, int Iterations, double Seconds,
    int? Evaluations, int? CgIterations, double? Optimality, double? ConstraintViolation, string? Termination, string Source);

/// <summary>One row of SciPy's verbose <c>trust-constr</c> table.</summary>
/// <param name="Iteration">SciPy's <c>niter</c>: 1 is the start design, 2 the first step (a barrier update also counts one).</param>
/// <param name="Evaluations">Objective evaluations so far.</param>
/// <param name="CgIterations">Projected CG iterations so far.</param>
/// <param name="Objective">The objective (the compliance φ).</param>
/// <param name="TrustRadius">The trust radius.</param>
/// <param name="Optimality">The optimality measure.</param>
/// <param name="ConstraintViolation">The constraint violation.</param>
/// <param name="Penalty">The merit function's penalty.</param>
/// <param name="BarrierParameter">The barrier parameter.</param>
/// <param name="CgStop">Why the projected CG stopped (0–4).</param>
public sealed record ScipyLogRow(
    int Iteration, int Evaluations, int CgIterations, double Objective, double TrustRadius, double Optimality, double ConstraintViolation, double Penalty, double BarrierParameter, int CgStop);

/// <summary>A SciPy <c>trust-constr</c> log.</summary>
/// <param name="Rows">The iteration table, in order.</param>
/// <param name="Termination">The termination test named at the end (<c>xtol</c>, <c>gtol</c>), or null.</param>
public sealed record ScipyLog(IReadOnlyList<ScipyLogRow> Rows, string? Termination)
{
    /// <summary>The objective against our iteration count: SciPy's niter k is our iteration k − 1 (0 is the start design).</summary>
    public (double[] Iterations, double[] Objectives) Curve() =>
        ([.. Rows.Select(r => (double)(r.Iteration - 1))], [.. Rows.Select(r => r.Objective)]);

    /// <summary>The objective at SciPy's <c>niter</c> <paramref name="iteration"/>, or null past the end.</summary>
    public double? ObjectiveAt(int iteration) => Rows.FirstOrDefault(r => r.Iteration == iteration)?.Objective;
}
