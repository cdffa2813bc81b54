using NeuralTopOpt.Homogenization;
using NeuralTopOpt.IO;
using NeuralTopOpt.Reporting.Charts;
using NeuralTopOpt.Reporting.Images;
using NeuralTopOpt.Studies;

namespace NeuralTopOpt.Reporting.Study;

/// <summary>The charts of the report: convergence (Fig. 7, 10), training losses, Fig. 3, and the map of the HBTO network's derivative error.</summary>
internal sealed class ChartFigures(StudyResults results, FigureFolder figures)
{
    /// <summary>Compliance against iteration for each run, on a logarithmic axis (Fig. 7 and 10).</summary>
    public byte[] Convergence(string name, IReadOnlyList<StudyRun> runs, string title)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var series = runs.Select(r => new Series(
            r.Spec.Label,
            [0, .. r.Result.History.Select(h => (double)h.Iteration)],
            [r.Result.Initial.Compliance, .. r.Result.History.Select(h => h.Compliance)])).ToArray();
        return figures.Save(name, LineChart.Encode(series, new ChartLayout(title, "iteration", "compliance φ (log scale)", 900, 520) { LogY = true }));
    }

    /// <summary>One run on the paper's own network: our compliance per iteration over the paper's SciPy log (niter k drawn at iteration k − 1).</summary>
    public byte[] PaperNetworkConvergence(PaperNetworkComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        var run = comparison.Run;
        var series = new List<Series>
        {
            new(Numbers.Text($"ours: {run.Spec.Label}"), [0, .. run.Result.History.Select(h => (double)h.Iteration)], [run.Result.Initial.Compliance, .. run.Result.History.Select(h => h.Compliance)]),
        };
        if (comparison.Log is { } log)
        {
            var (x, y) = log.Curve();
            series.Add(new Series("paper (SciPy log)", x, y));
        }

        var title = Numbers.Text($"{comparison.Paper.Formulation.ToUpperInvariant()} {comparison.Paper.Method.ToUpperInvariant()} on the paper's network");
        return figures.Save($"paper-network-{run.Spec.Key}.png", LineChart.Encode(series, new ChartLayout(title, "iteration", "compliance φ (log scale)", 620, 420) { LogY = true }));
    }

    /// <summary>Validation loss per epoch of the three networks.</summary>
    public byte[] TrainingLoss()
    {
        var series = results.PaperNetworks.Select(n => new Series(
            results.Plan.Network(n.Key).PaperLabel.Replace("^2", "²", StringComparison.Ordinal).Replace("^4", "⁴", StringComparison.Ordinal),
            [.. n.History.Select(h => (double)h.Epoch)],
            [.. n.History.Select(h => h.ValidationLoss)])).ToArray();
        var layout = new ChartLayout("Validation loss during training", "epoch", "MSE, normalized targets (log scale)", 900, 480) { LogY = true };
        return figures.Save("training-loss.png", LineChart.Encode(series, layout));
    }

    /// <summary>Fig. 3A: the hole cell (θ₁ = 0.6, θ₂ = 0.35) at the study's resolution, black solid.</summary>
    public byte[] Cell()
    {
        var r = results.Options.HoleResolution;
        return figures.Save("fig3a-cell.png", FieldImage.EncodeGrey(HoleCell.Rasterize(0.6, 0.35, r), r, r, Math.Max(1, 300 / r)));
    }

    /// <summary>Fig. 3C: C11, C12, C22, C33 of the binary cells over (θ₁, θ₂).</summary>
    public IReadOnlyList<(string Entry, byte[] Png)> Contours()
    {
        var grid = results.GroundTruth.Contours;
        var p = grid.Points;
        var values = new double[p * p * 4];
        for (var node = 0; node < p * p; node++)
        {
            (values[4 * node], values[(4 * node) + 1], values[(4 * node) + 2], values[(4 * node) + 3]) = (grid.C11[node], grid.C12[node], grid.C22[node], grid.C33[node]);
        }

        var table = new CsvTable(StiffnessContours.Entries, values);
        return [.. StiffnessContours.Encode(table, p, grid.Resolution).Select(c => (c.Entry, figures.Save($"fig3c-{c.Entry}.png", c.Png)))];
    }

    /// <summary>‖∂C/∂θ_NN − ∂C^H/∂θ‖ / ‖∂C^H/∂θ‖ of one method over the exact-derivative grid.</summary>
    public byte[] DerivativeError(string method)
    {
        var cells = results.GroundTruth.Cells;
        var error = results.GroundTruth.Hbto.RelativeErrorByPoint(method);
        var (low, high) = (cells.Thetas[0], cells.Thetas[^1]);
        var layout = new ChartLayout($"Relative error of the network's dC/dθ ({method.ToUpperInvariant()})", "hole width θ₁", "hole height θ₂", 620, 520);
        return figures.Save($"exact-hbto-derivative-error-{method}.png", ContourChart.Encode(error, cells.Points, cells.Points, (low, high), (low, high), layout, 8));
    }
}
