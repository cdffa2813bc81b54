using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Reporting.Html;
using NeuralTopOpt.Reporting.Images;
using NeuralTopOpt.Studies;

namespace NeuralTopOpt.Reporting.Study;

/// <summary>
/// The pictures of designs: final DBTO topologies in grey (Fig. 5, 6; black solid, white void, as the
/// paper), HBTO designs as tiled hole cells (Fig. 9), and the difference matrices (Fig. 8, 11).
/// </summary>
internal sealed class DesignFigures(StudyResults results, FigureFolder figures)
{
    /// <summary>Pixels per cell side of the tiled hole cells of a two-column grid (beyond the paper).</summary>
    private const int CellPixels = 8;

    /// <summary>Pixels per cell side in Fig. 9 (three columns: about one image pixel per screen pixel).</summary>
    private const int SnapshotCellPixels = 6;

    /// <summary>Pixels per cell side of the assembled topologies that Fig. 11 subtracts.</summary>
    private const int DifferenceCellPixels = 5;

    /// <summary>Pixels per element of Fig. 8's panels (five columns fit the page at one image pixel per screen pixel).</summary>
    private const int DifferenceElementPixels = 3;

    private int Nx => results.Options.Nelx;

    private int Ny => results.Options.Nely;

    /// <summary>
    /// The design of a run at a snapshot as a picture, every element drawn as its cell (<see cref="MicrostructureImage"/>):
    /// grey squares of the density (DBTO), tiled hole cells (HBTO, Fig. 9), turned holes.
    /// </summary>
    public byte[] Design(StudyRun run, DesignSnapshot snapshot, int cellPixels = CellPixels)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(snapshot);
        var name = snapshot == run.Result.Final ? $"{run.Spec.Key}-final.png" : Numbers.Text($"{run.Spec.Key}-{snapshot.Iteration}.png");
        return figures.Save(name, MicrostructureImage.Encode(run.Spec.Family, snapshot.Physical, Nx, Ny, cellPixels));
    }

    /// <summary>Orientation: the unturned design, the aligned one and the oriented one, each drawn as its cells.</summary>
    public IReadOnlyList<Panel> Orientation(StudyRun baseline, StudyRun oriented, OrientationRecord record)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(oriented);
        ArgumentNullException.ThrowIfNull(record);
        var aligned = figures.Save("orientation-aligned.png", MicrostructureImage.Encode(oriented.Spec.Family, record.AlignedDesign, Nx, Ny, SnapshotCellPixels));
        return
        [
            new Panel(Design(baseline, baseline.Result.Final, SnapshotCellPixels), Numbers.Text($"unturned ({baseline.Spec.Label})\nφ = {Numbers.Fixed(record.BaselineCompliance)}")),
            new Panel(aligned, Numbers.Text($"aligned with the principal stresses\nφ = {Numbers.Fixed(record.AlignedCompliance[^1])}")),
            new Panel(Design(oriented, oriented.Result.Final, SnapshotCellPixels), Numbers.Text($"oriented by gradient\nφ = {Numbers.Fixed(record.OrientedCompliance)}, {record.OrientedIterations} iterations")),
        ];
    }

    /// <summary>One panel per run: the final design with its compliance and iterations (Fig. 5, 6, beyond).</summary>
    public IReadOnlyList<Panel> Finals(IEnumerable<StudyRun> runs, Func<StudyRun, string>? paper = null) =>
        [.. runs.Select(r => new Panel(Design(r, r.Result.Final), Label(r, paper?.Invoke(r))))];

    /// <summary>
    /// Final HBTO designs for a three-column grid, drawn as in Fig. 9 (so a run of Fig. 9 keeps one
    /// picture, and one file, wherever it appears).
    /// </summary>
    public IReadOnlyList<Panel> ThreeColumnFinals(IEnumerable<StudyRun> runs) =>
        [.. runs.Select(r => new Panel(Design(r, r.Result.Final, SnapshotCellPixels), Label(r, null)))];

    /// <summary>
    /// Fig. 9 (transposed: one row per method, as three columns fit the page better than five): the
    /// designs after 10 and 100 iterations and at the end, each with its compliance and the paper's.
    /// A run that ended before a snapshot shows its final design there, saying so.
    /// </summary>
    public IReadOnlyList<Panel> Snapshots(IReadOnlyList<StudyRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var panels = new List<Panel>();
        foreach (var run in runs)
        {
            var paper = PaperValues.Figure9.GetValueOrDefault(run.Spec.Derivative);
            foreach (var iteration in results.Options.SnapshotIterations)
            {
                var snapshot = run.Result.Snapshots.FirstOrDefault(s => s.Iteration == iteration && s != run.Result.Final);
                var reference = paper is null ? double.NaN : iteration == 10 ? paper.Compliance10 : iteration == 100 ? paper.Compliance100 : double.NaN;
                var label = snapshot is null
                    ? Numbers.Text($"{run.Spec.Label}, iteration {iteration}: not reached\n(the run ended at {run.Result.Iterations}; final design)")
                    : Numbers.Text($"{run.Spec.Label}, iteration {iteration}\nφ = {Numbers.Fixed(snapshot.Compliance)}") + (double.IsNaN(reference) ? "" : Numbers.Text($" (paper {Numbers.Fixed(reference)})"));
                panels.Add(new Panel(Design(run, snapshot ?? run.Result.Final, SnapshotCellPixels), label));
            }

            var final = Numbers.Text($"{run.Spec.Label}, final: {run.Result.Iterations} iterations\nφ = {Numbers.Fixed(run.Result.Compliance)}");
            if (paper is not null)
            {
                final += Numbers.Text($" (paper {Numbers.Fixed(paper.Final)}, {paper.Iterations} it.)");
            }

            panels.Add(new Panel(Design(run, run.Result.Final, SnapshotCellPixels), final));
        }

        return panels;
    }

    /// <summary>Fig. 8: differences of the final DBTO densities, with θ_MSE and ∂φ₀/∂θ MSE under each panel.</summary>
    public byte[] DbtoDifferences()
    {
        var runs = results.Compared(StudyPlan.DbtoCell);
        var fields = runs.Select(r => r.Result.Final.X.ToArray()).ToArray();
        return figures.Save("fig8-dbto-differences.png", DifferenceMatrixImage.Encode(
            [.. runs.Select(r => r.Spec.Label)], fields, Nx, Ny, Annotations(StudyPlan.DbtoCell), 1.0, DifferenceElementPixels));
    }

    /// <summary>Fig. 11: differences of the assembled multiscale topologies (θ within 7.5% of a bound snapped, as Fig. 9), with θ_MSE and ∂φ₀/∂θ MSE.</summary>
    public byte[] HbtoDifferences()
    {
        var runs = results.Compared(StudyPlan.HbtoCell);
        var fields = runs.Select(r => MicrostructureImage.Field(r.Spec.Family, r.Result.Final.Physical, Nx, Ny, DifferenceCellPixels)).ToArray();
        return figures.Save("fig11-hbto-differences.png", DifferenceMatrixImage.Encode(
            [.. runs.Select(r => r.Spec.Label)], fields, Nx * DifferenceCellPixels, Ny * DifferenceCellPixels, Annotations(StudyPlan.HbtoCell), 1.0, 1));
    }

    private Func<int, int, IReadOnlyList<string>> Annotations(string cell)
    {
        var design = results.DesignMse(cell);
        var sensitivity = results.SensitivityMse(cell);
        return (row, column) =>
        [
            Numbers.Text($"θ_MSE = {Numbers.Sci(design[row, column])}"),
            Numbers.Text($"∂φ₀/∂θ MSE = {Numbers.Sci(sensitivity[row, column])}"),
        ];
    }

    private static string Label(StudyRun run, string? paper)
    {
        var r = run.Result;
        var text = Numbers.Text($"{run.Spec.Label}\nφ = {Numbers.Fixed(r.Compliance)}, {r.Iterations} iterations");
        return paper is null ? text : text + "\n" + paper;
    }
}
