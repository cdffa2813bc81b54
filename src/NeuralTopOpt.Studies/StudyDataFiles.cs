using System.Globalization;
using System.Text.Json;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.IO;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Studies;

/// <summary>
/// <c>data/</c>: every number of the report as CSV (histories, designs, sensitivities, matrices,
/// grids) or JSON (the labelled tables), written atomically:
/// <code>
///   training/KEY-history.csv          epoch, train_loss, validation_loss
///   runs/KEY/history.csv              one row per iteration (TopologyRunTables.History)
///   runs/KEY/design-N.csv, design.csv θ and θ̃ after iteration N and at the end
///   runs/KEY/initial-sensitivities.csv ∂φ₀/∂θ raw and filtered
///   dbto-design-mse.csv …             method × method matrices (row i is the method of column i)
///   exact/hbto-grid.csv               C^H, its exact derivative (at the node and pixel-averaged) and the network's, on the grid
///   exact/dbto-KEY.csv                dE/dθ of Eq. (15) and of the network by method
///   exact/hbto-initial-sensitivities.csv  ∂φ₀/∂θ with the exact material derivative
///   fig3c-grid.csv                    C^H of the binary cells on the contour grid
///   table1.json, table2.json, runs.json, appendix-b.json
/// </code>
/// </summary>
internal static class StudyDataFiles
{
    private static readonly string[] Entries = ["C11", "C12", "C22", "C33"];

    public static void Write(StudyResults results)
    {
        var data = Path.Combine(results.Folder, "data");
        foreach (var network in results.Networks)
        {
            var values = network.History.SelectMany(h => new[] { h.Epoch, h.TrainLoss, h.ValidationLoss }).ToArray();
            new CsvTable(["epoch", "train_loss", "validation_loss"], values, [$"network {network.Key}: loss per epoch (normalized units)"])
                .Write(Path.Combine(data, "training", network.Key + "-history.csv"));
        }

        var mesh = StandardProblems.HalfMbb(results.Options.Nelx, results.Options.Nely).Mesh;
        foreach (var run in results.Runs)
        {
            var folder = Path.Combine(data, "runs", run.Spec.Key);
            string[] comments = [$"ntopo reproduce: run {run.Spec.Key} ({run.Spec.Label}; {run.Spec.Optimizer}, {run.Spec.Filter.ToString().ToLowerInvariant()} filter)"];
            var k = run.Spec.Family.FieldCount;
            TopologyRunTables.History(run.Result.History, comments).Write(Path.Combine(folder, "history.csv"));
            TopologyRunTables.InitialSensitivities(run.Result.Initial, mesh.ElementCount, k, comments).Write(Path.Combine(folder, "initial-sensitivities.csv"));
            foreach (var snapshot in run.Result.Snapshots)
            {
                var name = snapshot == run.Result.Final ? "design.csv" : string.Create(CultureInfo.InvariantCulture, $"design-{snapshot.Iteration}.csv");
                TopologyRunTables.Design(snapshot, mesh, k, comments).Write(Path.Combine(folder, name));
            }
        }

        foreach (var (cell, prefix) in new[] { (StudyPlan.DbtoCell, "dbto"), (StudyPlan.HbtoCell, "hbto") })
        {
            Matrix(results.DesignMse(cell), "theta_MSE: mean squared difference of the final design variables").Write(Path.Combine(data, $"{prefix}-design-mse.csv"));
            Matrix(results.SensitivityMse(cell), "dphi0/dtheta MSE: mean squared difference of the initial sensitivities of Eq. (11), unfiltered")
                .Write(Path.Combine(data, $"{prefix}-sensitivity-mse.csv"));
        }

        WriteGroundTruth(results.GroundTruth, mesh.ElementCount, data);
        Json(Path.Combine(data, "table1.json"), StudySummary.Training(results));
        Json(Path.Combine(data, "table2.json"), StudySummary.Table2(results));
        Json(Path.Combine(data, "runs.json"), StudySummary.AllRuns(results));
        Json(Path.Combine(data, "appendix-b.json"), StudySummary.Build(results)["appendix_b"]);
    }

    /// <summary>A matrix as CSV: one column per method, row i the method of column i.</summary>
    public static CsvTable Matrix(MethodMatrix matrix, string about) =>
        new([.. matrix.Keys], matrix.Values, [about, "row i is the method of column i; symmetric, zero diagonal"]);

    private static void WriteGroundTruth(GroundTruth truth, int elements, string data)
    {
        var contours = truth.Contours;
        var p = contours.Points;
        var grid = new double[p * p * 6];
        for (var node = 0; node < p * p; node++)
        {
            double[] row = [(node / p) / (p - 1.0), (node % p) / (p - 1.0), contours.C11[node], contours.C12[node], contours.C22[node], contours.C33[node]];
            row.CopyTo(grid, node * 6);
        }

        new CsvTable(["width", "height", "C11", "C12", "C22", "C33"], grid, [string.Create(CultureInfo.InvariantCulture, $"Fig. 3C: C^H of the hole cell ({contours.Resolution}x{contours.Resolution} binary pixels) on a {p}x{p} grid")])
            .Write(Path.Combine(data, "fig3c-grid.csv"));

        var cells = truth.Cells;
        var methods = truth.Hbto.Methods.Keys.ToArray();
        var columns = new List<string> { "width", "height" };
        columns.AddRange(Entries);
        columns.AddRange(Entries.Select(e => "network_" + e));
        var derivativeNames = Entries.SelectMany(e => new[] { $"d{e}_dwidth", $"d{e}_dheight" }).ToArray();
        columns.AddRange(derivativeNames.Select(d => d + "_exact"));
        columns.AddRange(derivativeNames.Select(d => d + "_pixel_averaged"));
        foreach (var method in methods)
        {
            columns.AddRange(derivativeNames.Select(d => $"{d}_{method}"));
        }

        var nodes = cells.Points * cells.Points;
        var values = new double[nodes * columns.Count];
        for (var node = 0; node < nodes; node++)
        {
            var row = new List<double> { cells.Thetas[node / cells.Points], cells.Thetas[node % cells.Points] };
            row.AddRange(cells.Stiffness.AsSpan(4 * node, 4).ToArray());
            row.AddRange(truth.HbtoStiffness.AsSpan(4 * node, 4).ToArray());
            row.AddRange(cells.Derivatives.AsSpan(8 * node, 8).ToArray());
            row.AddRange(cells.Averaged.AsSpan(8 * node, 8).ToArray());
            foreach (var method in methods)
            {
                row.AddRange(truth.Hbto.Methods[method].AsSpan(8 * node, 8).ToArray());
            }

            row.CopyTo(values, node * columns.Count);
        }

        var exact = Path.Combine(data, "exact");
        new CsvTable(columns, values, [string.Create(CultureInfo.InvariantCulture, $"C^H, its exact derivative at the node and averaged over one pixel of edge travel either side (area-weighted {cells.Resolution}x{cells.Resolution} cells, pixel-aligned nodes) against the HBTO network; {cells.Seconds:F1} s for the {nodes} nodes")])
            .Write(Path.Combine(exact, "hbto-grid.csv"));

        foreach (var dbto in truth.Dbto)
        {
            var names = dbto.Methods.Keys.ToArray();
            var table = new double[dbto.Exact.Length * (names.Length + 2)];
            for (var i = 0; i < dbto.Exact.Length; i++)
            {
                var row = table.AsSpan(i * (names.Length + 2), names.Length + 2);
                (row[0], row[1]) = (i / (dbto.Exact.Length - 1.0), dbto.Exact[i]);
                for (var m = 0; m < names.Length; m++)
                {
                    row[2 + m] = dbto.Methods[names[m]][i];
                }
            }

            new CsvTable(["theta", "exact", .. names], table, [$"dE/dtheta of Eq. (15) and of network {dbto.Network} by method"]).Write(Path.Combine(exact, $"dbto-{dbto.Network}.csv"));
        }

        var initial = truth.Initial;
        var sensitivities = new double[elements * 5];
        for (var e = 0; e < elements; e++)
        {
            double[] row =
            [
                e, initial.NetworkStiffness.RawSensitivities[e], initial.NetworkStiffness.RawSensitivities[elements + e],
                initial.Homogenized.RawSensitivities[e], initial.Homogenized.RawSensitivities[elements + e],
            ];
            row.CopyTo(sensitivities, e * 5);
        }

        new CsvTable(["element", "exact_derivative_1", "exact_derivative_2", "homogenized_1", "homogenized_2"], sensitivities,
        [
            string.Create(CultureInfo.InvariantCulture, $"HBTO start design theta = {initial.Theta:R}: dphi0/dtheta (Eq. 11, unfiltered) with the exact dC^H/dtheta"),
            "exact_derivative: the network's C with the pixel-averaged exact derivative; homogenized: C^H and its pixel-averaged exact derivative",
        ]).Write(Path.Combine(exact, "hbto-initial-sensitivities.csv"));
    }

    private static void Json(string path, object? value) =>
        AtomicFile.WriteAllText(path, JsonSerializer.Serialize(value, StudySummary.Json) + "\n");
}
