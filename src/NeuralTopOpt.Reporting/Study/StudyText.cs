using NeuralTopOpt.Optimization;
using NeuralTopOpt.Studies;
using static NeuralTopOpt.Reporting.Study.Numbers;

namespace NeuralTopOpt.Reporting.Study;

/// <summary>The prose of the report: how to read it, and where and why the numbers differ from the paper's.</summary>
internal sealed class StudyText(StudyResults results)
{
    private static readonly string[] Formulations = ["dbto", "hbto"];

    /// <summary>The opening paragraphs.</summary>
    public IReadOnlyList<string> Introduction() =>
    [
        "This page regenerates the tables and figures of J. Najmon and A. Tovar, \"Evaluation of Neural Network-based Derivatives for Topology Optimization\" (Journal of Mechanical Design, 2023) from scratch: the SIMP and hole-cell datasets, the three networks of Table 1, and every topology optimization on the MBB beam — then the comparisons the paper could not make: the exact derivative of the homogenized cell as ground truth for HBTO, and other optimizers.",
        Text($"Produced by ntopo reproduce ({results.Software.GetValueOrDefault("ntopo", "?")}) on {results.Machine.Utc}. Every number on this page is also in data/ (CSV and JSON) and summary.json beside this file; every picture is in figures/."),
    ];

    /// <summary>The list under "How to read this report".</summary>
    public IReadOnlyList<string> HowToRead() =>
    [
        Text($"Ours beside the paper's: wherever the paper prints a number, it stands next to ours, marked \"paper\", with its source: the paper's text, a table or figure, or the result files of the paper's repository ({PaperResults.RunsSource} and the SciPy logs in {PaperResults.LogsSource}), which give the final compliances and iterations the paper shows only inside its figures (its text: \"around φ = {PaperValues.DbtoCompliance}\" for DBTO, Sec. 4.2)."),
        "Compliance φ = fᵀu of the half MBB beam (Eq. 9), in the units of the paper (E = 1, unit load, unit elements): lower is stiffer. Iterations count the optimizer's updates.",
        "Topologies are drawn as in the paper: grey scale with black solid (θ = 1) and white void. HBTO designs are drawn as their microstructure: every element is its cell with a rectangular hole of width θ₁ and height θ₂, with θ within 7.5% of a bound snapped to it (as the paper's Fig. 9).",
        "Difference matrices (Fig. 8 and 11): the panel in row i and column j is the column's final design minus the row's — red where the column's method put more material, blue where the row's did. Under each panel, θ_MSE is the mean squared difference of the final design variables, and ∂φ₀/∂θ MSE the mean squared difference of the sensitivities of Eq. (11) at the uniform start design, before the filter. The same numbers are in the tables under the figures.",
        "Methods: NNJ (the network's analytic Jacobian), CFD (central differences, h = 10⁻⁶), CSM (complex step, η = 10⁻¹²), AD (reverse-mode automatic differentiation) as in the paper, plus DUAL (forward mode with dual numbers, exact like NNJ and AD). SIMP is the DBTO ground truth (Eq. 14–15); for HBTO, \"EXACT\" is the derivative of the homogenized cell itself, which the paper called intractable.",
        "Times are wall-clock seconds on the machine in the settings table. " + new StudyTables(results).Concurrency,
    ];

    /// <summary>The warning shown at the top of a quick-budget report.</summary>
    public string? QuickBudget() => results.Options.Budget == StudyBudget.Quick
        ? Text($"This is the QUICK budget (ntopo reproduce --quick): {Count(results.Options.SimpLargeSamples)} SIMP and {Count(results.Options.HoleSamples)} hole samples at {results.Options.HoleResolution}×{results.Options.HoleResolution} pixels, {Count(results.Options.Epochs)} epochs, runs capped at {results.Options.HbtoMaxIterations} iterations. It shows the pipeline, not the paper's numbers: run without --quick for those.")
        : null;

    /// <summary>The largest RMS difference between any method's derivatives and <paramref name="reference"/>'s.</summary>
    private static double MethodSpread(DerivativeComparison comparison, string reference) =>
        comparison.Methods.Values.Max(values => Math.Sqrt(values.Zip(comparison.Methods[reference], (a, b) => (a - b) * (a - b)).Average()));

    /// <summary>"4.7 % above" or "1.2 % below": <paramref name="ours"/> against <paramref name="paper"/>.</summary>
    private static string Relative(double ours, double paper) =>
        Text($"{Fixed(100 * Math.Abs((ours / paper) - 1), 1)} % {(ours >= paper ? "above" : "below")}");

    /// <summary>The spread of the seed comparison in one sentence, or nothing without replicates.</summary>
    private string Seeds()
    {
        var specs = results.Plan.SeedComparison();
        if (specs.Count < 2)
        {
            return "";
        }

        var seeds = specs.Select(s => results.Run(s.Key).Result.Compliance).ToArray();
        var methods = results.Compared(StudyPlan.HbtoCell).Select(r => r.Result.Compliance).ToArray();
        return Text($" The same HBTO run on {specs.Count} networks trained from different seeds ends between {Fixed(seeds.Min())} and {Fixed(seeds.Max())} (a spread of {Fixed(seeds.Max() - seeds.Min())}, against {Fixed(methods.Max() - methods.Min())} between the derivative methods on one network).");
    }

    /// <summary>Issue 10 §5: what explains the gap between our HBTO compliance and the paper's, part by part, from this study's runs.</summary>
    public IReadOnlyList<string> Protocols(ProtocolStudy study)
    {
        ArgumentNullException.ThrowIfNull(study);
        var method = results.Plan.ProtocolRuns[0].Derivative;
        var paper = PaperResults.Run("hbto", method)!;
        var ours = results.Run($"hbto-{method}").Result.Compliance;
        // A run that hit the iteration cap or ended at a broken design (a network that sends the optimizer to a
        // void corner) is not a compliance of its protocol: it is named, and the medians and shares are of the
        // other runs. Medians, not means, so that one outlier among the usable runs does not decide a share.
        bool Usable(ProtocolRecord r) => r.ExitReason != ExitReason.MaxIterations && r.Compliance < 10 * paper.Compliance;
        var (ntopoAll, paperAll) = (study.Of("ntopo").ToArray(), study.Of("paper").ToArray());
        var (ntopo, paperProtocol) = (Compliances(ntopoAll.Where(Usable)), Compliances(paperAll.Where(Usable)));
        var (ntopoMedian, paperMedian) = (Median(ntopo), Median(paperProtocol));
        var parts = new List<(string Name, double Gap)>();
        if (ntopo.Length > 0)
        {
            parts.Add(("the training data (our cells against the paper's, ntopo's protocol, median)", (ours / ntopoMedian) - 1));
        }

        if (ntopo.Length > 0 && paperProtocol.Length > 0)
        {
            parts.Add(("the training protocol (ntopo's against the paper's, on the paper's cells, medians)", (ntopoMedian / paperMedian) - 1));
        }

        var text = new List<string>
        {
            Text($"The gap. Our HBTO {method.ToUpperInvariant()} run on the network of Table 1 (ntopo's protocol on our own {Count(results.Options.HoleSamples)} cells) ends at φ = {Fixed(ours)}, {Relative(ours, paper.Compliance)} the paper's {Fixed(paper.Compliance)} ({PaperResults.RunsSource}). The runs of this section take it apart:"),
        };
        var failed = study.Networks.Where(r => !Usable(r)).ToArray();
        if (study.Published is { } published)
        {
            parts.Add(("the optimizer and material model (the paper's own network through ours)", (published.Compliance / paper.Compliance) - 1));
            if (paperProtocol.Length > 0)
            {
                parts.Add(("the training seed within the paper's protocol (its networks' median against the published one)", (paperMedian / published.Compliance) - 1));
            }

            text.Add(Text($"The paper's own network through our optimizer ends at {Fixed(published.Compliance)}, {Relative(published.Compliance, paper.Compliance)} the paper's run: what the optimizer and our material model contribute. Networks trained by the paper's protocol on the paper's cells end at {Range(Compliances(paperAll))} ({MedianText(paperProtocol, paperAll.Length)}{(paperProtocol.Length > 0 ? ", " + Relative(paperMedian, published.Compliance) + " the published network's run" : "")}), by ntopo's protocol on the same cells at {Range(Compliances(ntopoAll))} ({MedianText(ntopo, ntopoAll.Length)})."));
        }
        else
        {
            text.Add(Text($"Networks trained by the paper's protocol on the paper's cells end at {Range(Compliances(paperAll))} ({MedianText(paperProtocol, paperAll.Length)}), by ntopo's protocol on the same cells at {Range(Compliances(ntopoAll))} ({MedianText(ntopo, ntopoAll.Length)}). (This study did not run the paper's own network: --networks trained.)"));
        }

        if (failed.Length > 0)
        {
            text.Add(Text($"Not every run ended at a usable design: {string.Join("; ", failed.Select(r => Text($"{r.Run} at φ = {r.Compliance:G4} after {r.Iterations} iterations ({r.ExitReason})")))}. Such a run counts in the range above and is left out of the medians and the shares below."));
        }

        text.Add(Text($"On the paper's test rows the networks' MSE is {Sci(study.Of("ntopo").Average(r => r.PaperTestMse))} (ntopo's protocol, mean) and {Sci(study.Of("paper").Average(r => r.PaperTestMse))} (the paper's){(study.Published is { } p ? Text($", the published network's {Sci(p.PaperTestMse)}") : "")} (paper, Table 1: {Sci(PaperValues.Table1[StudyPlan.Hbto].TestMse)})."));
        if (parts.Count == 0)
        {
            return text;
        }

        var largest = parts.OrderByDescending(x => Math.Abs(x.Gap)).First();
        text.Add(Text($"Measured shares, each as a relative change of the final compliance: {string.Join("; ", parts.Select(x => Text($"{x.Name} {(x.Gap >= 0 ? "+" : "−")}{Fixed(100 * Math.Abs(x.Gap), 1)} %")))}. The largest is {largest.Name}.") +
            Text($" The number of epochs is not among them: the paper's script defines EarlyStopping but never passes it to fit, so the published networks trained all 5,000 epochs (their checkpoints hold 1,095,000 Adam steps, 5,000 × 219 batches; src/NeuralTopOpt/Nn/Training/PaperProtocol.cs), and every network here trained {Count(results.Options.Epochs)} epochs (the table's epochs column)."));
        return text;
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
    }

    private static double[] Compliances(IEnumerable<ProtocolRecord> runs) => [.. runs.Select(r => r.Compliance)];

    // "median 77.94", "median of the 2 usable runs of 3: 79.61", "the one usable run of 3: 79.07", or that none was.
    private static string MedianText(double[] usable, int all) =>
        usable.Length == 0 ? Text($"none of the {all} runs usable")
        : usable.Length == all ? Text($"median {Fixed(Median(usable))}")
        : usable.Length == 1 ? Text($"the one usable run of {all}: {Fixed(usable[0])}")
        : Text($"median of the {usable.Length} usable runs of {all}: {Fixed(Median(usable))}");

    private static string Range(double[] values) => values.Length == 1 ? Fixed(values[0]) : Text($"{Fixed(values.Min())} to {Fixed(values.Max())}");

    /// <summary>The findings of a study on the paper's networks alone (<c>--networks paper</c>).</summary>
    public IReadOnlyList<string> PaperNetworkDifferences() =>
    [
        Text($"CFD. The paper finds CFD's initial HBTO sensitivities off the others by an MSE of {Sci(PaperValues.Figure11Pair("nnj", "cfd")!.Value.Sensitivity)} (Fig. 11).") + Cfd(),
        "The material model. Every predicted entry of C is clamped to [10⁻⁹, 1]·C_solid as in the paper's code; for HBTO we also limit C12 to ν/(1 − ν)·√(C11·C22), since near the void corner the clamp alone leaves indefinite tensors that the paper's LU solve took silently and a Cholesky factorization refuses.",
    ];

    /// <summary>What the float32-input CFD runs on the paper's networks measured (issue 10 §6), or what is unmeasured.</summary>
    private string Cfd()
    {
        var measured = Formulations.Select(f => CfdEmulation.Measure(results, f)).OfType<CfdEmulation>().ToArray();
        if (measured.Length == 0)
        {
            return " This study ran no CFD with float32 inputs on the paper's networks (they come with --networks both or paper), so the cause is not measured here.";
        }

        return " Measured on the paper's own networks, with the network evaluated at inputs rounded to float32 as Keras' predict does with the paper's float64 arrays: " + string.Join("; ", measured.Select(m => Text(
            $"{m.Formulation.ToUpperInvariant()}: CFD against NNJ {Sci(m.FilteredFloat32)} after the sensitivity filter (paper: {Sci(m.PaperFiltered)} from its dc0-{m.Formulation}-cfd.csv and dc0-{m.Formulation}-nnj.csv{(m.PaperFigure is { } figure ? Text($"; Fig. 11 prints {Sci(figure)}, so its MSE is of filtered sensitivities") : "")}) and {Sci(m.RawFloat32)} before it, and our filtered sensitivities within {Sci(m.Float32AgainstPaper)} of the paper's CFD ones (largest difference over the largest value); in float64 the same CFD is {Sci(m.RawFloat64)} from NNJ and {Sci(m.Float64AgainstPaper)} from the paper's CFD"))) +
            (measured.All(m => m.FilteredFloat32 / m.PaperFiltered is > 0.5 and < 2)
                ? ". The float32 cast of the inputs reproduces the size of the paper's CFD anomaly (within a factor of 2 of the paper's MSE in every formulation); CFD itself, in double precision, agrees with the exact methods."
                : ". The float32 cast does not reproduce the size of the paper's anomaly in every formulation (more than a factor of 2 from the paper's MSE), so something else contributes.");
    }

    /// <summary>The findings of "Where and why we differ from the paper", with this study's numbers.</summary>
    public IReadOnlyList<string> Differences()
    {
        var dbto = results.Compared(StudyPlan.DbtoCell);
        var hbto = results.Compared(StudyPlan.HbtoCell);
        var hbtoIterations = hbto.Select(r => r.Result.Iterations).ToArray();
        var dbtoCompliance = dbto.Select(r => r.Result.Compliance).ToArray();
        var hbtoCompliance = hbto.Select(r => r.Result.Compliance).ToArray();
        var sensitivity = results.SensitivityMse(StudyPlan.HbtoCell);
        var paperDbto = PaperResults.Runs.Where(r => r.Formulation == "dbto").ToArray();
        var paperHbto = PaperResults.Runs.Where(r => r.Formulation == "hbto").ToArray();
        var cfd = hbto.Any(r => r.Spec.Derivative == "cfd") && hbto.Any(r => r.Spec.Derivative == "nnj")
            ? Text($" Ours differ from NNJ by {Sci(sensitivity["cfd", "nnj"])}.")
            : "";
        var exact = results.GroundTruth.Hbto;
        var nnj = exact.Methods.ContainsKey("nnj") ? "nnj" : exact.Methods.Keys.First();
        return
        [
            Text($"Final compliances. DBTO: {Fixed(dbtoCompliance.Min())} to {Fixed(dbtoCompliance.Max())} over SIMP and the methods (paper: {Fixed(paperDbto.Min(r => r.Compliance))} to {Fixed(paperDbto.Max(r => r.Compliance))}, {PaperResults.RunsSource}; its text says \"around φ = {PaperValues.DbtoCompliance}\", Sec. 4.2). HBTO: {Fixed(hbtoCompliance.Min())} to {Fixed(hbtoCompliance.Max())} (paper: {Fixed(paperHbto.Min(r => r.Compliance))} to {Fixed(paperHbto.Max(r => r.Compliance))}, {PaperResults.RunsSource} and Fig. 9).{Seeds()}"),
            Text($"Iterations. Our HBTO runs take {Count(hbtoIterations.Min())} to {Count(hbtoIterations.Max())} iterations, the paper's {Count(paperHbto.Min(r => r.Iterations))} to {Count(paperHbto.Max(r => r.Iterations))} (SciPy's niter, {PaperResults.RunsSource}). Our trust-region method is SciPy's trust-constr algorithm re-implemented; the number of iterations depends on small differences in the Hessian updates, the stopping tests and the network. The final compliances of this study are on average {Relative(hbtoCompliance.Average(), paperHbto.Average(r => r.Compliance))} the paper's."),
            Text($"CFD. The paper finds CFD's initial HBTO sensitivities off the others by an MSE of {Sci(PaperValues.Figure11Pair("nnj", "cfd")!.Value.Sensitivity)} (Fig. 11) and the other three equal \"near working precision\".") + cfd + Cfd(),
            Text($"Times. The paper's per-iteration derivative times (Table 2: {Fixed(PaperValues.Table2.Values.Min(t => Math.Min(t.Dbto, t.Hbto)), 3)} to {Fixed(PaperValues.Table2.Values.Max(t => Math.Max(t.Dbto, t.Hbto)), 3)} s) and training times (Table 1: {Fixed(PaperValues.Table1.Values.Min(t => t.Minutes))} to {Fixed(PaperValues.Table1.Values.Max(t => t.Minutes))} min) came from TensorFlow called from Python; ours come from batched, allocation-free kernels on all elements at once and are milliseconds and seconds (see the speed table). The paper itself says its implementations were not optimized for speed."),
            "The sensitivity filter on hole sizes. As the paper's code, we apply Sigmund's sensitivity filter to θ₁ and θ₂, whose void end is 1, not 0: near-solid cells divide their neighbours' sensitivities by max(10⁻³, θ). The interior-point method copes; MMA, which drives θ to the bounds, does not (docs/topology-optimization.md gives the measurements). The HBTO runs with MMA beyond the paper therefore use the density filter, and a trust-region run with the density filter stands beside them.",
            "The material model. Every predicted entry of C is clamped to [10⁻⁹, 1]·C_solid as in the paper's code; for HBTO we also limit C12 to ν/(1 − ν)·√(C11·C22), since near the void corner the clamp alone leaves indefinite tensors that the paper's LU solve took silently and a Cholesky factorization refuses. Eq. (15) prints dE/dθ with a minus sign; the derivative used here is the true, positive one.",
            Text($"Exact HBTO derivative. The exact ∂C^H/∂θ is that of the area-weighted cell (a pixel cut by the hole's edge is partly solid), which equals the binary cell of the dataset wherever the edges fall on pixel boundaries; in between it is smooth, but its derivative swings within each pixel ({Fixed(100 * results.GroundTruth.Cells.PointAgainstAverage().RelativeRmse("point"), 1)} % RMS between the point derivative at the grid nodes and its pixel average). The network learned the binary cells, whose C^H is a staircase in θ, so we compare it with the exact derivative averaged over whole pixels of edge travel. Over the grid, the network's derivative (NNJ) is off from that average by {Fixed(100 * exact.RelativeRmse(nnj), 1)} % (RMSE relative to the RMS of the average), while the derivative methods differ from NNJ by at most {Sci(MethodSpread(exact, nnj))} (RMS, same units as the RMSE {Sci(exact.Rmse(nnj))}): the network's own error is the one the paper could not see."),
            "Table 1's MSE is over the outputs in their own units on the 15% test split, ours and the paper's alike: the paper's Keras script ends with a Normalization layer with invert=False, so its network emits the targets in their own units and its loss is the MSE on raw targets (data/reference/README.md; the paper's HBTO network gives the printed 1.47e-3 over the last 1,500 rows of the reference cells in those units).",
        ];
    }
}
