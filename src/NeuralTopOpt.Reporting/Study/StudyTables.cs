using NeuralTopOpt.Reporting.Html;
using NeuralTopOpt.Studies;
using static NeuralTopOpt.Reporting.Study.Numbers;

namespace NeuralTopOpt.Reporting.Study;

/// <summary>The report's tables, each with our numbers beside the paper's where it prints one.</summary>
internal sealed class StudyTables(StudyResults results)
{
    private const string NotGiven = "—";

    /// <summary>Table 1: training time, test MSE and R² per network.</summary>
    public ReportTable Table1()
    {
        var rows = results.PaperNetworks.Select(n =>
        {
            var t = n.Training;
            var paper = PaperValues.Table1.GetValueOrDefault(n.Key);
            return (IReadOnlyList<string>)
            [
                results.Plan.Network(n.Key).PaperLabel.Replace("^2", "²", StringComparison.Ordinal).Replace("^4", "⁴", StringComparison.Ordinal),
                Count(t.Samples), Text($"{t.TrainSamples}/{t.ValidationSamples}/{t.TestSamples}"), Count(t.EpochsRun),
                Text($"{Fixed(t.Seconds, 1)} s ({Fixed(t.Seconds / 60, 2)} min)"), paper is null ? NotGiven : Text($"{Fixed(paper.Minutes)} min"),
                Sci(t.TestMse), paper is null ? NotGiven : Sci(paper.TestMse),
                Fixed(t.TestR2, 4), paper is null ? NotGiven : Fixed(paper.R2),
            ];
        }).ToArray();
        return new ReportTable(
            "Paper's Table 1: training time t_t and test metrics of the three networks. MSE in the targets' units (E, or C11, C12, C22, C33 averaged) on the 15% test split.",
            ["network", "samples", "train/val/test", "epochs", "t_t ours", "t_t paper", "test MSE ours", "test MSE paper", "R² ours", "R² paper"],
            rows);
    }

    /// <summary>The runs of one group with compliance, iterations, exit reason and times.</summary>
    public ReportTable Runs(string caption, IEnumerable<StudyRun> runs, Func<StudyRun, string>? paper = null, bool beyond = false)
    {
        var rows = runs.Select(r =>
        {
            var x = r.Result;
            var label = beyond ? Text($"{(r.Spec.Cell == StudyPlan.DbtoCell ? "DBTO" : "HBTO")}: {r.Spec.Label}") : r.Spec.Label;
            IReadOnlyList<string> row =
            [
                label, r.Spec.Optimizer, r.Spec.Filter.ToString().ToLowerInvariant(),
                Fixed(x.Compliance), Count(x.Iterations), Stopped(x.ExitReason), Fixed(x.Volume, 4),
                Fixed(x.Wall.TotalSeconds, 1), Fixed(x.SensitivityMillisecondsPerIteration, 3),
            ];
            return paper is null ? row : [.. row, paper(r)];
        }).ToArray();
        string[] header = ["run", "optimizer", "filter", "compliance φ", "iterations", "stopped by", "volume", "wall s", "∂C/∂θ ms per it."];
        return new ReportTable(caption, paper is null ? header : [.. header, "paper"], rows);
    }

    /// <summary>A method × method matrix (lower triangle), with the paper's value beside ours where Fig. 11 prints it.</summary>
    public ReportTable Matrix(string caption, MethodMatrix matrix, Func<string, string, double?>? paper = null)
    {
        var n = matrix.Keys.Count;
        var rows = Enumerable.Range(1, n - 1).Select(i => (IReadOnlyList<string>)
        [
            matrix.Labels[i],
            .. Enumerable.Range(0, n - 1).Select(j =>
            {
                if (j >= i)
                {
                    return "";
                }

                var p = paper?.Invoke(matrix.Keys[i], matrix.Keys[j]);
                return p is { } value ? Text($"{Sci(matrix[i, j])} (paper {Sci(value)})") : Sci(matrix[i, j]);
            }),
        ]).ToArray();
        return new ReportTable(caption, ["", .. matrix.Labels.Take(n - 1)], rows);
    }

    /// <summary>Table 2: mean time per iteration in the derivative call, per method, beside the paper's seconds.</summary>
    public ReportTable Table2()
    {
        var rows = results.Options.Methods.Select(m =>
        {
            var (dbto, hbto) = (results.Run($"dbto-{m}").Result, results.Run($"hbto-{m}").Result);
            var paper = PaperValues.Table2.TryGetValue(m, out var p) ? p : ((double, double)?)null;
            return (IReadOnlyList<string>)
            [
                m.ToUpperInvariant(),
                Fixed(dbto.SensitivityMillisecondsPerIteration, 3), Fixed(dbto.MedianSplit.Derivative, 3), paper is { } a ? Text($"{Fixed(a.Item1 * 1000, 0)} ms") : NotGiven,
                Fixed(hbto.SensitivityMillisecondsPerIteration, 3), Fixed(hbto.MedianSplit.Derivative, 3), paper is { } b ? Text($"{Fixed(b.Item2 * 1000, 0)} ms") : NotGiven,
                paper is { } c ? Times(c.Item1 * 1000 / dbto.SensitivityMillisecondsPerIteration) + " / " + Times(c.Item2 * 1000 / hbto.SensitivityMillisecondsPerIteration) : NotGiven,
            ];
        }).ToArray();
        return new ReportTable(
            Text($"Paper's Table 2: the time per iteration spent computing ∂C/∂θ by the derivative method, ours in milliseconds (mean and median over each run's iterations; the first iterations include the JIT compilation), beside the paper's (printed in seconds). {Concurrency}"),
            ["method", "DBTO mean ms", "DBTO median ms", "DBTO paper", "HBTO mean ms", "HBTO median ms", "HBTO paper", "paper / ours (DBTO / HBTO)"],
            rows);
    }

    /// <summary>The HBTO network's ∂C/∂θ by method against the exact derivative over the grid.</summary>
    public ReportTable HbtoDerivativeErrors()
    {
        var c = results.GroundTruth.Hbto;
        var cells = results.GroundTruth.Cells;
        var rows = c.Methods.Keys.Select(m => (IReadOnlyList<string>)[m.ToUpperInvariant(), Sci(c.Rmse(m)), Fixed(100 * c.RelativeRmse(m), 2) + " %", Sci(c.MaxError(m))]).ToList();
        rows.Add(["scale: RMS of the exact ∂C/∂θ", Sci(c.ExactRms), "", ""]);
        return new ReportTable(
            Text($"The HBTO network's ∂C/∂θ by each method against the exact derivative of the homogenized cell averaged over one pixel of edge travel either side of each node, over {cells.Points}×{cells.Points} cells (θ₁, θ₂ = {Fixed(cells.Thetas[0], 2)} … {Fixed(cells.Thetas[^1], 2)}) at {cells.Resolution}×{cells.Resolution} pixels; all 8 entries ∂(C11, C12, C22, C33)/∂(θ₁, θ₂). Computing the {cells.Points * cells.Points} exact cells took {Fixed(cells.Seconds, 2)} s."),
            ["method", "RMSE", "RMSE / RMS(exact)", "max |error|"],
            rows);
    }

    /// <summary>Orientation: the unturned run, alignment with the principal stresses (sizes kept), orientation by gradient.</summary>
    public ReportTable Orientation(OrientationRecord o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var (baseline, oriented) = (results.Run(o.Baseline), results.Run(o.Oriented));
        IReadOnlyList<string>[] rows =
        [
            [Text($"{baseline.Spec.Label}: the paper's hole, unturned"), Fixed(o.BaselineCompliance), "—", Count(baseline.Result.Iterations), Fixed(baseline.Result.Wall.TotalSeconds, 1)],
            [Text($"the same sizes, angles aligned with the principal stresses ({o.AlignedCompliance.Count - 1} sweeps)"), Fixed(o.AlignedCompliance[^1]), Fixed(100 * o.AlignedReduction, 1) + " %", "—", "—"],
            [Text($"{oriented.Spec.Label}: sizes and angles by gradient"), Fixed(o.OrientedCompliance), Fixed(100 * o.Reduction, 1) + " %", Count(o.OrientedIterations), Fixed(oriented.Result.Wall.TotalSeconds, 1)],
        ];
        return new ReportTable(
            Text($"Not in the paper: the MBB beam ({results.Options.Nelx}×{results.Options.Nely}, V = {results.Options.VolumeFraction}) with the cells turned, the same network, filter and optimizer."),
            ["design", "compliance φ", "below unturned", "iterations", "wall s"],
            rows);
    }

    /// <summary>The seed comparison: Table 1's HBTO network and the replicates, their training and their runs.</summary>
    public ReportTable SeedReplicates()
    {
        var specs = results.Plan.SeedComparison();
        var rows = specs.Select((spec, i) =>
        {
            var network = results.Network(spec.Network!);
            var run = results.Run(spec.Key).Result;
            var exact = results.GroundTruth.HbtoSeeds[i];
            return (IReadOnlyList<string>)
            [
                results.Plan.Network(spec.Network!).PaperLabel.Replace("^4", "⁴", StringComparison.Ordinal), Text($"{network.Training.Seed}"),
                Sci(network.Training.TestMse), Fixed(network.Training.TestR2, 4), Fixed(100 * exact.RelativeRmse(spec.Derivative), 1) + " %",
                Fixed(run.Compliance), Count(run.Iterations), Fixed(run.Wall.TotalSeconds, 1),
            ];
        }).ToList();
        var compliances = specs.Select(spec => results.Run(spec.Key).Result.Compliance).ToArray();
        var mean = compliances.Average();
        var spread = compliances.Length > 1 ? Math.Sqrt(compliances.Sum(c => (c - mean) * (c - mean)) / (compliances.Length - 1)) : 0;
        rows.Add(["mean ± standard deviation", "", "", "", "", Text($"{Fixed(mean)} ± {Fixed(spread)}"), "", ""]);
        return new ReportTable(
            Text($"Not in the paper: the HBTO run of Fig. 9 ({specs[0].Derivative.ToUpperInvariant()}, the paper's settings) on networks trained from different seeds on the same dataset with the same settings. The derivative error is the network's ∂C/∂θ against the pixel-averaged exact derivative over the grid of the exact-derivatives section (RMSE / RMS). The paper's four HBTO runs ({PaperResults.RunsSource}): {Fixed(PaperResults.Runs.Where(r => r.Formulation == "hbto").Min(r => r.Compliance))} to {Fixed(PaperResults.Runs.Where(r => r.Formulation == "hbto").Max(r => r.Compliance))}."),
            ["network", "training seed", "test MSE", "R²", "∂C/∂θ error", "compliance φ", "iterations", "wall s"],
            rows);
    }

    /// <summary>The runs on the paper's own networks against the paper's runs, with the targets and verdicts.</summary>
    public ReportTable PaperNetworks()
    {
        var rows = results.PaperNetworkComparisons.Select(c =>
        {
            var (ours, paper) = (c.Run.Result, c.Paper);
            return (IReadOnlyList<string>)
            [
                Text($"{paper.Formulation.ToUpperInvariant()} {c.Run.Spec.Label}"),
                Fixed(ours.Compliance), Fixed(paper.Compliance), Percent(c.ComplianceGap), Text($"±{Fixed(100 * c.ComplianceTarget, 1)} %"), Verdict(c.CompliancePasses),
                Count(c.ScipyIterations), Count(paper.Iterations), Percent(c.IterationGap), Verdict(c.IterationsPass),
                Text($"{c.ScipyTermination} / {paper.Termination ?? "not recorded"}"), Verdict(c.Converged), Verdict(c.Passes),
            ];
        }).ToArray();
        return new ReportTable(
            Text($"Our runs on the paper's own networks against the paper's runs of the same formulation and method ({PaperResults.RunsSource}). Iterations as SciPy counts them (its niter includes the start design: ours + 1). Targets (issue 10): compliance within 1 % for DBTO and 1.5 % for HBTO, iterations within 30 %, and a converged run (the iteration cap fails)."),
            ["run", "φ ours", "φ paper", "gap", "target", "φ", "iterations ours", "paper", "gap", "±30 %", "stopped by (ours / paper)", "converged", "all targets"],
            rows);
    }

    /// <summary>Issue 10 §5: the protocol networks, the published network and the paper's run, with the HBTO compliance of each.</summary>
    public ReportTable Protocols(ProtocolStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        IReadOnlyList<string> Row(ProtocolRecord r, string label) =>
        [
            label, r.Seed == 0 ? "—" : Text($"{r.Seed}"), Count(r.EpochsRun), Sci(r.PaperTestMse), Fixed(r.Compliance), Count(r.Iterations + 1), Stopped(r.ExitReason),
        ];
        var rows = new List<IReadOnlyList<string>>();
        foreach (var protocol in new[] { "ntopo", "paper" })
        {
            var of = study.Of(protocol);
            rows.AddRange(of.Select((r, i) => Row(r, Text($"{protocol} protocol, seed {i + 1}"))));
            var c = of.Select(r => r.Compliance).ToArray();
            if (c.Length > 0)
            {
                var mean = c.Average();
                var sd = c.Length > 1 ? Math.Sqrt(c.Sum(v => (v - mean) * (v - mean)) / (c.Length - 1)) : 0;
                rows.Add([Text($"{protocol} protocol: mean ± sd (min–max)"), "", "", Sci(of.Average(r => r.PaperTestMse)), Text($"{Fixed(mean)} ± {Fixed(sd)} ({Fixed(c.Min())}–{Fixed(c.Max())})"), "", ""]);
            }
        }

        if (study.Published is { } published)
        {
            rows.Add(Row(published, "the paper's own network (data/networks)"));
        }

        var method = results.Plan.ProtocolRuns[0].Derivative;
        if (PaperResults.Run("hbto", method) is { } paper)
        {
            rows.Add([Text($"the paper's run ({PaperResults.RunsSource})"), "—", "5,000", Text($"{Sci(PaperValues.Table1[StudyPlan.Hbto].TestMse)} (Table 1)"), Fixed(paper.Compliance), Count(paper.Iterations), paper.Termination ?? "—"]);
        }

        return new ReportTable(
            Text($"HBTO networks trained on the paper's own cells ({ReferenceCells.Source}, first {Count(results.Options.ProtocolSamples)} rows) by ntopo's protocol (random 70/15/15 split, MSE on normalized targets) and by the paper's (file-order split, Normalization(invert=False): MSE on raw targets), both training every epoch and keeping the last weights, each optimized with {method.ToUpperInvariant()} as the paper's HBTO run; the MSE is over the paper's test rows (the last {Count(study.TestRows)} rows in file order), all four outputs in their units; iterations counted as SciPy's niter (ours + 1)."),
            ["network", "training seed", "epochs", "test MSE (paper's rows)", "compliance φ", "iterations", "stopped by"],
            rows);
    }

    /// <summary>"+1.23 %" or "−0.45 %".</summary>
    private static string Percent(double fraction) => Text($"{(fraction >= 0 ? "+" : "−")}{Fixed(100 * Math.Abs(fraction))} %");

    /// <summary>"pass" or "FAIL".</summary>
    private static string Verdict(bool pass) => pass ? "pass" : "FAIL";

    /// <summary>Per-entry error of one method against the exact derivative, beside the network's error in C itself.</summary>
    public ReportTable HbtoDerivativeEntries(string method)
    {
        var c = results.GroundTruth.Hbto;
        var cells = results.GroundTruth.Cells;
        string[] entries = ["C11", "C12", "C22", "C33"];
        var rows = entries.Select((e, t) =>
        {
            var stiffness = Enumerable.Range(0, cells.Points * cells.Points).Select(node => results.GroundTruth.HbtoStiffness[(4 * node) + t] - cells.Stiffness[(4 * node) + t]).ToArray();
            return (IReadOnlyList<string>)
            [
                e, Sci(Math.Sqrt(stiffness.Average(v => v * v))),
                Sci(c.EntryRmse(method, 2 * t)), Sci(c.EntryRms(2 * t)), Sci(c.EntryRmse(method, (2 * t) + 1)), Sci(c.EntryRms((2 * t) + 1)),
            ];
        }).ToArray();
        return new ReportTable(
            Text($"Entry by entry ({method.ToUpperInvariant()}): RMSE of the network's C against C^H of the area-weighted cells, and of its ∂C/∂θ against the pixel-averaged exact derivative, with the RMS of the exact derivative for scale."),
            ["entry", "C: RMSE", "∂/∂θ₁: RMSE", "∂/∂θ₁: RMS exact", "∂/∂θ₂: RMSE", "∂/∂θ₂: RMS exact"],
            rows);
    }

    /// <summary>The DBTO networks' dE/dθ by method against Eq. (15).</summary>
    public ReportTable DbtoDerivativeErrors()
    {
        var rows = results.GroundTruth.Dbto.SelectMany(c => c.Methods.Keys.Select(m => (IReadOnlyList<string>)
        [
            results.Plan.Network(c.Network).PaperLabel.Replace("^2", "²", StringComparison.Ordinal).Replace("^4", "⁴", StringComparison.Ordinal),
            m.ToUpperInvariant(), Sci(c.Rmse(m)), Fixed(100 * c.RelativeRmse(m), 3) + " %", Sci(c.MaxError(m)),
        ])).ToArray();
        var points = results.GroundTruth.Dbto[0].Exact.Length;
        return new ReportTable(
            Text($"The DBTO networks' dE/dθ by each method against the SIMP derivative dE/dθ = 3θ² (Eq. 15, E_min = 10⁻⁹), at {points} evenly spaced θ in [0, 1]."),
            ["network", "method", "RMSE", "RMSE / RMS(exact)", "max |error|"],
            rows);
    }

    /// <summary>Appendix B: dy/dx of the printed network at x = 0.812 by every method.</summary>
    public ReportTable AppendixB()
    {
        var b = results.GroundTruth.AppendixB;
        var rows = b.Derivatives.Select(d => (IReadOnlyList<string>)
        [
            d.Key.ToUpperInvariant(), d.Value.ToString("F12", System.Globalization.CultureInfo.InvariantCulture),
            Sci(d.Value - b.Exact), Sci(d.Value - b.Derivatives["nnj"]), d.Key == "nnj" ? Fixed(b.Printed, 3) : NotGiven,
        ]).ToArray();
        return new ReportTable(
            Text($"Appendix B: dy/dx of the printed 1-3-3-1 network (Eq. B13–B14) at x = {b.X} by every method (y = {Fixed(b.Output, 6)}); the true derivative of y = x² is 2x = {b.Exact} (Eq. B19)."),
            ["method", "dy/dx", "minus 2x", "minus NNJ", "paper"],
            rows);
    }

    /// <summary>Our wall times beside the paper's where it gives them.</summary>
    public ReportTable Speed()
    {
        var rows = new List<IReadOnlyList<string>>();
        foreach (var n in results.Options.Budget == StudyBudget.Paper ? results.Networks : [])
        {
            if (PaperValues.Table1.TryGetValue(n.Key, out var paper))
            {
                rows.Add([Text($"training {n.Key} ({Count(n.Training.Samples)} samples, {Count(n.Training.EpochsRun)} epochs)"), Text($"{Fixed(paper.Minutes * 60, 0)} s"), Text($"{Fixed(n.Training.Seconds, 1)} s"), Times(paper.Minutes * 60 / n.Training.Seconds)]);
            }
        }

        foreach (var m in results.Options.Methods.Where(PaperValues.Table2.ContainsKey))
        {
            var p = PaperValues.Table2[m];
            var (dbto, hbto) = (results.Run($"dbto-{m}").Result, results.Run($"hbto-{m}").Result);
            rows.Add([Text($"∂C/∂θ per DBTO iteration, {m.ToUpperInvariant()}"), Text($"{Fixed(p.Dbto * 1000, 0)} ms"), Text($"{Fixed(dbto.SensitivityMillisecondsPerIteration, 3)} ms"), Times(p.Dbto * 1000 / dbto.SensitivityMillisecondsPerIteration)]);
            rows.Add([Text($"∂C/∂θ per HBTO iteration, {m.ToUpperInvariant()}"), Text($"{Fixed(p.Hbto * 1000, 0)} ms"), Text($"{Fixed(hbto.SensitivityMillisecondsPerIteration, 3)} ms"), Times(p.Hbto * 1000 / hbto.SensitivityMillisecondsPerIteration)]);
        }

        return new ReportTable(
            "Our times against the paper's (an 8-core Xeon E5-2620 v4 workstation; ours: the machine below, with other work running beside, see the settings). Factors are the paper's time over ours.",
            ["what", "paper", "ours", "paper / ours"],
            rows)
        { Text = true };
    }

    /// <summary>The settings beside the paper's.</summary>
    public ReportTable Settings()
    {
        var o = results.Options;
        var s = results.Options.Seeds;
        IReadOnlyList<string>[] rows =
        [
            ["budget", o.Budget.ToString().ToLowerInvariant(), "paper"],
            ["SIMP datasets (Latin hypercube, Eq. 14)", Text($"{Count(o.SimpSmallSamples)} and {Count(o.SimpLargeSamples)} samples"), "10² and 10⁴"],
            ["hole-cell dataset (Eq. 16)", Text($"{Count(o.HoleSamples)} samples at {o.HoleResolution}×{o.HoleResolution} pixels"), "10⁴ at 100×100"],
            ["networks", Text($"1 hidden layer of {o.HiddenNeurons} sigmoid, linear output, Adam {o.LearningRate}, batch {o.BatchSize}, {Count(o.Epochs)} epochs, 70/15/15"), "1×64 sigmoid, Adam 0.001, batch 32, 5,000 epochs, 70/15/15"],
            ["problem", Text($"half MBB beam {o.Nelx}×{o.Nely}, V_t = {o.VolumeFraction}, sensitivity filter r = {o.FilterRadius}, plane strain, E = 1, ν = 0.3"), "60×30, V_t = 0.5, r = 2.7"],
            ["optimizer", Text($"trust-region interior point (SciPy trust-constr's method), dense BFGS with skipped updates, tol = {o.Tolerance}; caps {o.DbtoMaxIterations} (DBTO), {o.HbtoMaxIterations} (HBTO)"), "SciPy trust-constr, tol 10⁻³"],
            ["derivative methods", string.Join(", ", o.Methods.Select(m => m.ToUpperInvariant())) + " (CFD h = 10⁻⁶, CSM η = 10⁻¹²)", "NNJ, CFD, CSM, AD"],
            ["runs beyond the paper", Text($"{string.Join("; ", results.Plan.Beyond.Select(b => b.Label))} (cap {o.BeyondMaxIterations} iterations)"), NotGiven],
            ["seed replicates", results.Plan.ReplicateRuns.Count == 0 ? "none" : Text($"{results.Plan.ReplicateRuns.Count} more HBTO networks from other training seeds, each with {results.Plan.ReplicateRuns[0].Derivative.ToUpperInvariant()} (cap {o.HbtoMaxIterations} iterations)"), NotGiven],
            ["seeds", Text($"master {s.Master}; datasets {s.SimpSmall}, {s.SimpLarge}, {s.Hole}; trainings {string.Join(", ", results.Plan.AllNetworks.Select(n => s.Training(n.SeedStream)))}"), "not given"],
            ["parallel work", Text($"{o.Parallelism} at a time (datasets, trainings and optimization runs)"), "not given"],
        ];
        return new ReportTable("Settings of this study beside the paper's.", ["setting", "ours", "paper"], rows) { Text = true };
    }

    /// <summary>Machine, software and stage times.</summary>
    public ReportTable Environment()
    {
        var m = results.Machine;
        var rows = new List<IReadOnlyList<string>>
        {
            new[] { "machine", Text($"{m.Cpu}, {m.Cores} cores; {m.Os}") },
            new[] { "run at (UTC)", m.Utc },
        };
        rows.AddRange(results.Software.Select(s => (IReadOnlyList<string>)[s.Key, s.Value]));
        rows.AddRange(results.StageSeconds.Select(s => (IReadOnlyList<string>)[Text($"stage {s.Key}"), Text($"{Fixed(s.Value, 1)} s")]));
        if (results.FromCache.Count > 0)
        {
            rows.Add(["reused from the cache", Text($"{results.FromCache.Count} results (stage times are this session's)")]);
        }

        return new ReportTable("Machine, software and the wall time of each stage of this session (ground truth and verification run side by side, so their times overlap; the outputs stage and the total are in summary.json).", ["", "value"], rows) { Text = true };
    }

    /// <summary>Why a run stopped, in words.</summary>
    private static string Stopped(NeuralTopOpt.Optimization.ExitReason reason) => reason switch
    {
        NeuralTopOpt.Optimization.ExitReason.ChangeBelowTolerance => "change < tol",
        NeuralTopOpt.Optimization.ExitReason.TrustRadiusBelowTolerance => "trust radius < tol",
        NeuralTopOpt.Optimization.ExitReason.OptimalityReached => "optimality < tol",
        NeuralTopOpt.Optimization.ExitReason.MaxIterations => "iteration cap",
        _ => reason.ToString(),
    };

    /// <summary>The note on concurrent runs that every timing carries.</summary>
    public string Concurrency => results.Options.Parallelism > 1
        ? Text($"Runs were computed {results.Options.Parallelism} at a time on {results.Machine.Cores} cores, so timings include sharing the machine (memory bandwidth above all).")
        : "Runs were computed one at a time.";
}
