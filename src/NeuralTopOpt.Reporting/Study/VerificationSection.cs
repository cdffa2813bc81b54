using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Reporting.Html;
using NeuralTopOpt.Reporting.Images;
using NeuralTopOpt.Solvers;
using NeuralTopOpt.Studies;
using NeuralTopOpt.Verification;
using static NeuralTopOpt.Reporting.Study.Numbers;

namespace NeuralTopOpt.Reporting.Study;

/// <summary>
/// The report's section on the fine-scale verification of the HBTO designs (issue 13 §2): per design a picture of
/// its fine structure (<c>figures/verify-RUN.png</c>), the table of deHomTop808's errors over the sweep, and what
/// the sweep says about discretization (M) and scale separation (K). Every number comes from
/// <see cref="StudyResults.Verification"/>.
/// </summary>
internal static class VerificationSection
{
    private const string NotComputed = "—";

    /// <summary>Appends the section to <paramref name="report"/> (nothing when the study verified no design).</summary>
    public static void Write(StudyResults results, HtmlReport report, FigureFolder figures)
    {
        if (results.Verification is not { Designs.Count: > 0 } verification)
        {
            return;
        }

        var s = verification.Settings;
        report.Section("Fine-scale verification of the HBTO designs");
        report.Paragraph(Text($"Does the structure an HBTO design stands for perform as the homogenized model says? Here, as deHomTop808 (Woldseth, Sigmund and Jensen) verifies dehomogenized designs, every element of the final design θ̃ is drawn as K × K copies of its cell, each of M × M pixels (solid pixels of the cells' material, void pixels at {Sci(CellMaterial.PaperVoidStiffness)} of it), and the pixel structure is solved with the beam's supports and loads (the load spread along the boundary with the coarse hat function; docs/verification.md). J_hom is the compliance with the network's C, the optimizer's own model; J_exact the same with every element's cell homogenized (no network); V the solid share. The errors are e_J = J_fine/J_hom − 1, e_V = V_fine/V_hom − 1 and e_JV = (J·V)_fine/(J·V)_hom − 1; J_fine/J_exact − 1 is the part that is not the network's. M at fixed K measures the discretization of the cell, K at fixed M the separation of scales (homogenization assumes infinitely many, infinitely small cells)."));
        report.Paragraph(Text($"The sweep: M ∈ {{{string.Join(", ", s.PixelsPerCell)}}} × K ∈ {{{string.Join(", ", s.CellsPerElement)}}}, cheapest first, with the {SolverText(s.Solver)}; a point whose fine mesh has more than {Count(s.MaxUnknowns)} unknowns is skipped (the time budget of the study), and the table says so. Outside the study, ntopo verify hbto --design … --max-unknowns 6000000 (or ntopo reproduce --verify-max-unknowns 6000000) computes the points up to 6M unknowns with the multigrid-CG (levels capped by the cell size; docs/verification.md). Both designs took {Fixed(verification.Designs.Sum(d => d.Seconds), 1)} s when computed."));
        foreach (var design in verification.Designs)
        {
            Design(results, report, figures, design);
        }
    }

    private static void Design(StudyResults results, HtmlReport report, FigureFolder figures, DesignVerification design)
    {
        var run = results.Run(design.Run);
        var h = design.Homogenized;
        var whose = design.Network == StudyPlan.PaperHbto ? "the paper's own HBTO network" : "our HBTO network";
        report.Subsection(Text($"{run.Spec.Label}: the design of {whose} ({design.Run})"));
        if (design.Finest is { } finest)
        {
            var mesh = StandardProblems.HalfMbb(results.Options.Nelx, results.Options.Nely).Mesh;
            var structure = FineStructure.Build(CellFamilies.Find(design.Cell), [.. run.Result.Final.Physical], mesh, finest.PixelsPerCell, finest.CellsPerElement);
            var png = figures.Save($"verify-{design.Run}.png", FieldImage.EncodeGrey(structure.Densities, structure.PixelsX, structure.PixelsY, pixelsPerElement: 1));
            var r = design.Result(finest)!;
            report.Figure(png, Text($"The fine structure of {design.Run} at M = {finest.PixelsPerCell}, K = {finest.CellsPerElement}: {Count(structure.PixelsX)} × {Count(structure.PixelsY)} pixels, black solid. J_fine = {Fixed(r.Fine.Compliance)} against J_hom = {Fixed(h.Compliance)} (e_J = {Percent(r.ComplianceError)}), V_fine = {Fixed(r.Fine.Volume, 4)} against V_hom = {Fixed(h.Volume, 4)}."), $"fine structure of {design.Run}");
        }

        report.Table(Table(run, design));
        report.Paragraph(Findings(design));
    }

    private static ReportTable Table(StudyRun run, DesignVerification design)
    {
        var h = design.Homogenized;
        var rows = design.Points.Select(p => design.Result(p) is { } r
            ? (IReadOnlyList<string>)
            [
                Count(p.PixelsPerCell), Count(p.CellsPerElement), Count(p.PixelsPerElement), Count(r.Fine.Unknowns),
                Fixed(r.Fine.Compliance), Fixed(r.Fine.Volume, 4), Percent(r.ComplianceError), Percent(r.VolumeError), Percent(r.ComplianceVolumeError), Percent(r.ExactComplianceError),
                Fixed(r.Fine.Seconds, 1),
            ]
            : [Count(p.PixelsPerCell), Count(p.CellsPerElement), Count(p.PixelsPerElement), "skipped: " + p.SkipReason, NotComputed, NotComputed, NotComputed, NotComputed, NotComputed, NotComputed, NotComputed]).ToArray();
        return new ReportTable(
            Text($"deHomTop808's errors of {design.Run} over the sweep. J_hom = {Fixed(h.Compliance)} with the network's C (the run's own φ: {Fixed(run.Result.Compliance)}), J_exact = {Fixed(h.ExactCompliance)} with the {Count(h.DistinctCells)} distinct cells of the design homogenized at {h.Resolution}×{h.Resolution} pixels (J_exact/J_hom − 1 = {Percent(design.NetworkError)}: the network's share), V_hom = {Fixed(h.Volume, 4)}."),
            ["M", "K", "n = M·K", "unknowns", "J_fine", "V_fine", "e_J", "e_V", "e_JV", "J_fine/J_exact − 1", "s"],
            rows);
    }

    private static string Findings(DesignVerification design)
    {
        var parts = new List<string>();
        if (design.Discretization is { } d)
        {
            parts.Add(Text($"From (M, K) = ({d.From.PixelsPerCell}, {d.From.CellsPerElement}) to ({d.To.PixelsPerCell}, {d.To.CellsPerElement}), finer pixels in the same cells, J_fine changes by {Percent(d.ComplianceChange)} (discretization)."));
        }

        if (design.ScaleSeparation is { } k)
        {
            parts.Add(Text($"From ({k.From.PixelsPerCell}, {k.From.CellsPerElement}) to ({k.To.PixelsPerCell}, {k.To.CellsPerElement}), the same pixels per cell in {k.To.CellsPerElement * k.To.CellsPerElement / (k.From.CellsPerElement * k.From.CellsPerElement)} times as many cells, by {Percent(k.ComplianceChange)} (scale separation)."));
        }

        if (design.Finest is { } f && design.Result(f) is { } r)
        {
            parts.Add(Text($"At the finest point computed, ({f.PixelsPerCell}, {f.CellsPerElement}), the structure is {Percent(r.ComplianceError)} off the network's compliance and {Percent(r.ExactComplianceError)} off the homogenized cells'; J_exact/J_hom − 1 = {Percent(design.NetworkError)} is the network's part."));
        }

        var skipped = design.Points.Count(p => p.Fine is null);
        parts.Add(Text($"{design.Points.Count - skipped} of {design.Points.Count} points computed in {Fixed(design.Seconds, 1)} s (J_hom and J_exact: {Fixed(design.Homogenized.Seconds, 1)} s)."));
        return string.Join(" ", parts);
    }

    /// <summary>A signed percentage with two decimals: +5.67 %, −0.48 %.</summary>
    private static string Percent(double value) => Text($"{(value < 0 ? "−" : "+")}{Fixed(100 * Math.Abs(value))} %");

    private static string SolverText(string solver) => solver == LinearSolvers.Auto
        ? "auto solver (the Cholesky up to 65,000 unknowns: the coarse solves; the multigrid-CG with levels capped by the cell size above: every fine structure)"
        : $"{solver} solver";
}
