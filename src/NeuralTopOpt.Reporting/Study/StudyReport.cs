using System.Reflection;
using NeuralTopOpt.Reporting.Html;
using NeuralTopOpt.Studies;
using static NeuralTopOpt.Reporting.Study.Numbers;

namespace NeuralTopOpt.Reporting.Study;

/// <summary>
/// The report of a study: <c>report.html</c> (one self-contained page: every table and figure of the
/// paper with ours beside its numbers, the runs beyond it, the settings and where we differ) and
/// the PNGs under <c>figures/</c>. Pass <see cref="Write"/> as <see cref="StudyRunOptions.Render"/>.
/// </summary>
public static class StudyReport
{
    /// <summary>The page's file name in the study folder.</summary>
    public const string FileName = "report.html";

    /// <summary>Renders the figures and the page of <paramref name="results"/> into its folder.</summary>
    public static void Write(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        Build(results).Save(Path.Combine(results.Folder, FileName));
    }

    /// <summary>The versions of the software that made the report: ntopo, .NET, ScottPlot, SkiaSharp.</summary>
    public static IReadOnlyDictionary<string, string> Software() => new Dictionary<string, string>
    {
        ["ntopo"] = Version(typeof(StudyReport).Assembly),
        [".NET"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        ["ScottPlot"] = Version(typeof(ScottPlot.Plot).Assembly),
        ["SkiaSharp"] = Version(typeof(SkiaSharp.SKBitmap).Assembly),
    };

    /// <summary>The page (figures are written to <c>figures/</c> as it is built).</summary>
    public static HtmlReport Build(StudyResults results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var figures = new FigureFolder(Path.Combine(results.Folder, "figures"));
        var designs = new DesignFigures(results, figures);
        var charts = new ChartFigures(results, figures);
        var tables = new StudyTables(results);
        var text = new StudyText(results);
        var report = new HtmlReport("Neural-network derivatives for topology optimization: the study of Najmon and Tovar (2023), reproduced");
        foreach (var paragraph in text.Introduction())
        {
            report.Paragraph(paragraph);
        }

        if (text.QuickBudget() is { } quick)
        {
            report.Note(quick);
        }

        report.Section("How to read this report").List(text.HowToRead());
        report.Section("Settings, seeds, machine").Table(tables.Settings()).Table(tables.Environment());
        if (!results.HasTrainedNetworks)
        {
            PaperNetworks(results, report, charts, tables);
            VerificationSection.Write(results, report, figures);
            report.Section("Where and why we differ from the paper").List(text.PaperNetworkDifferences());
            return report;
        }

        Networks(results, report, charts, tables);
        Dbto(results, report, designs, charts, tables);
        Hbto(results, report, designs, charts, tables);
        PaperNetworks(results, report, charts, tables);
        VerificationSection.Write(results, report, figures);
        if (results.Protocols is { } protocols)
        {
            report.Section("What the network's training does to HBTO");
            report.Table(tables.Protocols(protocols));
            report.List(text.Protocols(protocols));
        }

        report.Section("Table 2: time spent on the sensitivities").Table(tables.Table2());
        Exact(results, report, charts, tables);
        report.Section("Appendix B: the worked NNJ example").Table(tables.AppendixB());
        Beyond(results, report, designs, tables);
        Orientation(results, report, designs, tables);
        report.Section("Speed: our times and the paper's").Table(tables.Speed());
        report.Section("Where and why we differ from the paper").List(text.Differences());
        return report;
    }

    private static void Networks(StudyResults results, HtmlReport report, ChartFigures charts, StudyTables tables)
    {
        var o = results.Options;
        report.Section("Material models: data and training (Sec. 3.3, 4.1; Fig. 3; Table 1)");
        report.Figure(charts.Cell(), Text($"Paper's Fig. 3A: the microstructure of the HBTO material model, a square cell with a centred rectangular hole of width θ₁ = 0.6 and height θ₂ = 0.35 at {o.HoleResolution}×{o.HoleResolution} pixels (black solid)."), "hole cell");
        var contours = charts.Contours();
        report.FigureGrid([.. contours.Select(c => new Panel(c.Png, c.Entry))], 2,
            Text($"Paper's Fig. 3C: the homogenized stiffness C^H of the hole cell over (θ₁, θ₂), plane strain, E = 1, ν = 0.3, from a regular grid of {results.GroundTruth.Contours.Points}×{results.GroundTruth.Contours.Points} homogenized cells of {o.HoleResolution}×{o.HoleResolution} pixels (each coloured block is one cell; the contour lines interpolate between them)."));
        report.Table(tables.Table1());
        report.Figure(charts.TrainingLoss(), "Not in the paper: the validation loss of the three networks of Table 1 during training (mean squared error of the normalized targets).", "training loss");
    }

    private static void Dbto(StudyResults results, HtmlReport report, DesignFigures designs, ChartFigures charts, StudyTables tables)
    {
        var runs = results.Compared(StudyPlan.DbtoCell);
        report.Section("Density-based topology optimization (Sec. 4.2; Fig. 5–8)");
        report.FigureGrid(designs.Finals(runs), 3,
            Text($"Paper's Fig. 5: final DBTO topologies of the MBB beam with the SIMP model and with the network (large dataset) and each derivative method, with compliance and iterations (the paper: all around φ = {PaperValues.DbtoCompliance})."));
        var (large, small) = results.Plan.NetworkSizeRuns();
        report.FigureGrid(designs.Finals([results.Run(small.Key), results.Run(large.Key)]), 2,
            Text($"Paper's Fig. 6: the network trained on {Count(results.Options.SimpSmallSamples)} samples against the one trained on {Count(results.Options.SimpLargeSamples)}, both with {large.Derivative.ToUpperInvariant()} (the paper: the larger dataset gives the lower compliance, closer to SIMP)."));
        report.Figure(charts.Convergence("fig7-dbto-convergence.png", runs, "DBTO: compliance per iteration"), "Paper's Fig. 7: convergence of the DBTO runs (iteration 0 is the uniform start design).", "DBTO convergence");
        report.Figure(designs.DbtoDifferences(), "Paper's Fig. 8: the difference between the final DBTO designs of every pair of methods (column minus row: red where the column's design has more material), with θ_MSE and the MSE of the initial sensitivities ∂φ₀/∂θ; the numbers are also in the tables below.", "DBTO difference matrix");
        report.Table(tables.Runs(Text($"The DBTO runs of Fig. 5 and 6; the paper's final compliance and iterations beside ({PaperResults.RunsSource}; Fig. 5 shows them only in its images, the text says \"around φ = {PaperValues.DbtoCompliance}\")."), [.. runs, results.Run(small.Key)], PaperRunCell));
        report.Table(tables.Matrix("Paper's Fig. 8, numbers: θ_MSE between the final DBTO designs (the paper prints its values only inside the figure).", results.DesignMse(StudyPlan.DbtoCell)));
        report.Table(tables.Matrix("Paper's Fig. 8, numbers: ∂φ₀/∂θ MSE between the initial DBTO sensitivities (Eq. 11, before the filter). SIMP is the ground truth (its own C and exact derivative); DUAL is the network's exact derivative.", results.SensitivityMse(StudyPlan.DbtoCell)));
    }

    private static void Hbto(StudyResults results, HtmlReport report, DesignFigures designs, ChartFigures charts, StudyTables tables)
    {
        var runs = results.Compared(StudyPlan.HbtoCell);
        report.Section("Homogenization-based topology optimization (Sec. 4.3; Fig. 9–11)");
        report.FigureGrid(designs.Snapshots(runs), results.Options.SnapshotIterations.Count + 1,
            "Paper's Fig. 9 (one row per method here): HBTO designs after 10 and 100 iterations and at the end, every element drawn as its hole cell (θ within 7.5% of a bound snapped), with compliance; the paper's values (its Fig. 9) in brackets.");
        report.Figure(charts.Convergence("fig10-hbto-convergence.png", runs, "HBTO: compliance per iteration"), "Paper's Fig. 10: convergence of the HBTO runs (iteration 0 is the uniform start design).", "HBTO convergence");
        report.Figure(designs.HbtoDifferences(), "Paper's Fig. 11: the difference between the assembled multiscale topologies of every pair of methods (column minus row), with θ_MSE over both parameters and the MSE of the initial sensitivities ∂φ₀/∂θ; the numbers, with the paper's, are in the tables below.", "HBTO difference matrix");
        report.Table(tables.Runs(Text($"The HBTO runs of Fig. 9; the paper's final compliance and iterations beside (Fig. 9; {PaperResults.RunsSource})."), runs, PaperRunCell));
        report.Table(tables.Matrix("Paper's Fig. 11, numbers: θ_MSE between the final HBTO parameters θ₁, θ₂, ours (paper).", results.DesignMse(StudyPlan.HbtoCell), (a, b) => PaperValues.Figure11Pair(a, b)?.Design));
        report.Table(tables.Matrix(
            "Paper's Fig. 11, numbers: ∂φ₀/∂θ MSE between the initial HBTO sensitivities (Eq. 11, before the filter), ours (paper; the paper's values are of the filtered sensitivities: its 1.07e-4 equals the MSE of its dc0-hbto-cfd.csv and dc0-hbto-nnj.csv, data/reference/paper-results). Two references the paper lacked: EXACT dC keeps the network's C and uses the exact ∂C^H/∂θ of the homogenized cell averaged over the pixel sweep that contains θ₀ (so it differs from a method only in the derivative); EXACT C, dC uses the homogenized C^H and that derivative (the material model the network stands for).",
            results.SensitivityMse(StudyPlan.HbtoCell), (a, b) => PaperValues.Figure11Pair(a, b)?.Sensitivity));
    }

    private static void PaperNetworks(StudyResults results, HtmlReport report, ChartFigures charts, StudyTables tables)
    {
        var comparisons = results.PaperNetworkComparisons;
        if (comparisons.Count == 0)
        {
            return;
        }

        report.Section("The paper's runs on the paper's own networks");
        report.Paragraph(Text($"The networks of the paper's repository (TensorFlow SavedModels, data/reference/paper-networks), imported into our format with their provenance (data/networks: the source files and their SHA-256), run with the same problem, filter and trust-region method as the runs above. What still differs from the paper's runs is the optimizer's arithmetic and our material model (C12 limited, Cmax exact rather than rounded to four digits); the network is the paper's. Each run is set against the paper's run of the same formulation and method ({PaperResults.RunsSource}) and, where the paper's repository kept it, its SciPy log ({PaperResults.LogsSource})."));
        report.Table(tables.PaperNetworks());
        var passed = comparisons.Count(c => c.Passes);
        var failures = comparisons.Where(c => !c.Passes).Select(c => Text($"{c.Paper.Formulation.ToUpperInvariant()} {c.Run.Spec.Derivative.ToUpperInvariant()} ({Fixed(c.Run.Result.Compliance)} after {Count(c.ScipyIterations)} against {Fixed(c.Paper.Compliance)} after {Count(c.Paper.Iterations)}{(c.Converged ? "" : ", not converged")})")).ToArray();
        report.Paragraph(failures.Length == 0
            ? Text($"All {comparisons.Count} runs meet every target.")
            : Text($"{passed} of {comparisons.Count} runs meet every target; outside: {string.Join("; ", failures)}."));
        var trajectories = comparisons.Where(c => c.Log is not null).SelectMany(c => c.Trajectory([10, 100, 1000]).Select(t => Text($"{c.Paper.Formulation.ToUpperInvariant()} {c.Run.Spec.Derivative.ToUpperInvariant()} after {t.Iteration}: {Fixed(t.Ours)} (paper {Fixed(t.Paper)})"))).ToArray();
        if (trajectories.Length > 0)
        {
            report.Paragraph("Along the way (ours after k iterations, the paper's log at niter k + 1): " + string.Join("; ", trajectories) + ".");
        }

        report.FigureGrid([.. comparisons.Select(c => new Panel(charts.PaperNetworkConvergence(c), Text($"{c.Paper.Formulation.ToUpperInvariant()} {c.Run.Spec.Derivative.ToUpperInvariant()}: {Fixed(c.Run.Result.Compliance)} after {Count(c.ScipyIterations)} (paper {Fixed(c.Paper.Compliance)} after {Count(c.Paper.Iterations)})")))], 2,
            Text($"Our convergence on the paper's networks over the paper's SciPy logs ({PaperResults.LogsSource}; the paper kept no log of HBTO by AD). SciPy's niter k is drawn at iteration k − 1, its row 1 being the start design."));
    }

    private static void Exact(StudyResults results, HtmlReport report, ChartFigures charts, StudyTables tables)
    {
        var truth = results.GroundTruth;
        var method = truth.Hbto.Methods.ContainsKey("nnj") ? "nnj" : truth.Hbto.Methods.Keys.First();
        report.Section("Exact derivatives: the ground truth the paper did not have");
        report.Paragraph(Text($"The paper had no ground truth for HBTO (\"its analytical derivative is computationally intractable\"). The derivative of the homogenized cell with respect to the hole's width and height needs no extra solve (the cell problem is self-adjoint): for a cell whose edge pixels are area-weighted, ∂C^H/∂θ is a sum over the pixels the edges cross. At the uniform start design every element is the same cell (θ = {Fixed(truth.Initial.Theta, 4)}), so one cell gives the exact sensitivities of the whole beam ({Fixed(truth.Initial.Seconds, 2)} s with two FE analyses)."));
        report.Paragraph(Text($"Which exact derivative? At {truth.Cells.Resolution}×{truth.Cells.Resolution} pixels the area-weighted C^H(θ) has a kink wherever a hole edge meets a pixel boundary, and its derivative swings within every pixel: at the grid nodes (edges on pixel boundaries) the one-sided point derivative differs from its own average over the neighbouring pixels by {Fixed(100 * truth.Cells.PointAgainstAverage().RelativeRmse("point"), 1)} % (RMS). The network learned binary cells, whose C^H is a staircase meeting the area-weighted one at every boundary, so what it can learn is the trend: the exact derivative averaged over one pixel of edge travel either side of each node (a difference quotient of homogenized cells at pixel-aligned θ, where area-weighted and binary cells agree). That average is the reference below; the point derivatives are in data/exact/hbto-grid.csv."));
        report.Table(tables.HbtoDerivativeErrors());
        report.Table(tables.HbtoDerivativeEntries(method));
        report.Figure(charts.DerivativeError(method), Text($"Where the network's derivative is wrong: ‖∂C/∂θ_NN − ∂C^H/∂θ‖ / ‖∂C^H/∂θ‖ over the grid, against the pixel-averaged exact derivative ({method.ToUpperInvariant()}; every exact method gives the same picture)."), "derivative error map");
        report.Table(tables.DbtoDerivativeErrors());
    }

    private static void Beyond(StudyResults results, HtmlReport report, DesignFigures designs, StudyTables tables)
    {
        report.Section("Beyond the paper: other optimizers and filters");
        var rows = new List<StudyRun>();
        foreach (var spec in results.Plan.Beyond)
        {
            if (results.Plan.Baseline(spec) is { } baseline && !rows.Any(r => r.Spec.Key == baseline.Key))
            {
                rows.Add(results.Run(baseline.Key));
            }

            rows.Add(results.Run(spec.Key));
        }

        report.Paragraph("The same DBTO and HBTO problems solved with MMA (the volume as an inequality) and, for DBTO, optimality criteria, beside the paper-setting trust-region runs. MMA and OC stop when no design variable changes by more than 0.01, as in the 88-line code; the trust-region method stops on SciPy's tol = 10⁻³. For HBTO they use the density filter, with a trust-region run with the density filter for comparison (see the last section on why).");
        report.Table(tables.Runs("Runs beyond the paper, each group after the paper-setting run it compares with.", rows, beyond: true));
        report.FigureGrid(designs.Finals(results.Plan.Beyond.Select(s => results.Run(s.Key))), 2, "Final designs of the runs beyond the paper (HBTO drawn as hole cells).");
        SeedReplicates(results, report, designs, tables);
    }

    private static void SeedReplicates(StudyResults results, HtmlReport report, DesignFigures designs, StudyTables tables)
    {
        var specs = results.Plan.SeedComparison();
        if (specs.Count == 0)
        {
            return;
        }

        report.Section("Beyond the paper: how much of an HBTO result is the network's seed");
        report.Paragraph("The paper trains each network once. A network is one draw of its random initialization, split and shuffling; the trust-region method then follows that network's landscape to a local optimum. Here the HBTO network is trained again from other seeds, on the same data with the same settings, and each is used for the same run.");
        report.Table(tables.SeedReplicates());
        report.FigureGrid(designs.ThreeColumnFinals(specs.Select(s => results.Run(s.Key))), 3, "Final HBTO designs on networks trained from different seeds (drawn as hole cells).");
    }

    private static void Orientation(StudyResults results, HtmlReport report, DesignFigures designs, StudyTables tables)
    {
        if (results.Orientation is not { } o)
        {
            return;
        }

        var (baseline, oriented) = (results.Run(o.Baseline), results.Run(o.Oriented));
        report.Section("Beyond the paper: orientation");
        report.Paragraph(Text($"The paper's hole cell keeps its axes along the beam's. Turning every cell by an angle φ, the classic cell of homogenization-based design, gives C(θ₁, θ₂, φ) = T(φ)·C⁰(θ₁, θ₂)·T(φ)ᵀ: the network learns only C⁰, so the paper's network serves unchanged, and ∂C/∂φ is exact. The rotated-hole run uses the same network, derivative method ({oriented.Spec.Derivative.ToUpperInvariant()}), filter and optimizer as the paper's HBTO run; the optimizer treats φ as a third design field (the sensitivity filter weights it by the solid fraction), so the orientation is chosen by the gradient of the compliance."));
        report.Paragraph(Text($"Why by gradient rather than by turning each cell to the principal stress directions: the gradient keeps the trust-region method's quasi-Newton model consistent (an angle reset between iterations changes the objective under it), it needs no assumption on the cell's symmetry (alignment with the principal stresses is optimal for shear-weak orthotropic cells, not in general), it works with any optimizer and filter, and its sensitivities are exact (Taylor-checked). Measured here: the paper's sizes with every angle aligned to its element's principal stress direction ({o.AlignedCompliance.Count - 1} sweeps, the better of the two axes per element) reach φ = {Fixed(o.AlignedCompliance[^1])}, {Fixed(100 * o.AlignedReduction, 1)} % below the unturned design; optimizing sizes and angles together by gradient reaches φ = {Fixed(o.OrientedCompliance)}, {Fixed(100 * o.Reduction, 1)} % below. In the oriented design the cells' axes lie {Fixed(o.MeanMisalignmentDegrees, 1)}° (mean; median {Fixed(o.MedianMisalignmentDegrees, 1)}°) from the principal stress directions over its {Count(o.PorousElements)} porous elements: the gradient finds nearly, not exactly, the aligned orientation."));
        report.Table(tables.Orientation(o));
        report.FigureGrid(designs.Orientation(baseline, oriented, o), 3, "The paper's HBTO design (unturned holes), the same sizes with the angles aligned to the principal stresses, and the design optimized with the angle as a design field, every element drawn as its cell (the turned lattice of holes clipped to the element; sizes within 7.5% of a bound snapped).");
    }

    /// <summary>The paper's final compliance and iterations of the run's formulation and method (runs.csv), or a dash.</summary>
    private static string PaperRunCell(StudyRun run)
    {
        var formulation = run.Spec.Cell == StudyPlan.DbtoCell ? "dbto" : "hbto";
        var method = run.Spec.Network is null ? "simp" : run.Spec.Network == StudyPlan.DbtoSmall ? "" : run.Spec.Derivative;
        return PaperResults.Run(formulation, method) is { } p ? Text($"{Fixed(p.Compliance)} after {Count(p.Iterations)}") : "—";
    }

    private static string Version(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "unknown";
}
