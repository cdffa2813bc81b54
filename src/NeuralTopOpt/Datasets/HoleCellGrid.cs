using System.Globalization;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Datasets;

/// <summary>
/// C^H of the hole cell on a regular grid over the (θ₁, θ₂) square — the data of the paper's contour
/// plots (Fig. 3C). A grid is exact at its nodes (no interpolation of scattered samples) and cheap: a
/// 21 × 21 grid is 441 cells. The pixel staircase of the 100 × 100 cell that Fig. 3C shows appears in
/// the values themselves.
/// </summary>
public static class HoleCellGrid
{
    /// <summary>The columns: grid index, θ₁, θ₂, and C^H in the order of the reference data.</summary>
    public static IReadOnlyList<string> Columns { get; } = ["sample", "width", "height", "C11", "C12", "C22", "C13", "C23", "C33"];

    /// <summary>Refuses a grid that cannot be computed: fewer than 2 points, a bad resolution, or more cells than memory holds.</summary>
    /// <exception cref="InvalidInputException">As above.</exception>
    public static void CheckSize(int points, int resolution)
    {
        if (points < 2)
        {
            throw new InvalidInputException($"a contour grid needs at least 2 points per side, not {points}");
        }

        var cells = (long)points * points;
        IO.MemoryBudget.RequireArray(cells * Columns.Count, string.Create(CultureInfo.InvariantCulture, $"a {points} x {points} contour grid"), "use a coarser grid");
        IO.MemoryBudget.Require(cells * ((112.0 * Columns.Count) + 64), string.Create(CultureInfo.InvariantCulture, $"a {points} x {points} contour grid ({cells:N0} cells)"), "use a coarser grid");
        _ = DatasetSpec.Hole((int)cells, resolution, seed: 0);
    }

    /// <summary>
    /// Homogenizes the cells θ₁ = i/(g − 1), θ₂ = j/(g − 1), i, j = 0 … g − 1, on an R × R mesh, in
    /// parallel; row i·g + j of the table is node (i, j) (the layout of a contour chart's values).
    /// </summary>
    /// <exception cref="InvalidInputException">g &lt; 2 or R outside [2, <see cref="PeriodicCellMesh.MaxResolution"/>].</exception>
    public static CsvTable Compute(int points, int resolution, DatasetRunOptions? options = null)
    {
        CheckSize(points, resolution);
        options ??= new DatasetRunOptions();
        var spec = DatasetSpec.Hole(points * points, resolution, seed: 0);
        var nodes = new double[2 * points * points];
        for (var i = 0; i < points; i++)
        {
            for (var j = 0; j < points; j++)
            {
                nodes[2 * ((i * points) + j)] = i / (points - 1.0);
                nodes[(2 * ((i * points) + j)) + 1] = j / (points - 1.0);
            }
        }

        var rows = new double[points * points * Columns.Count];
        var all = Enumerable.Range(0, points * points).ToArray();
        DatasetRunner.Compute(spec.EvaluatorFactory, nodes, 2, Columns.Count, all, options, 0, all.Length, (indices, values) =>
        {
            for (var q = 0; q < indices.Length; q++)
            {
                values.Slice(q * Columns.Count, Columns.Count).CopyTo(rows.AsSpan(indices[q] * Columns.Count));
            }
        });
        string[] comments =
        [
            "ntopo homogenize contours: C^H of the hole cell on a regular (width, height) grid (Eq. 16, Fig. 3C), plane strain, E = 1, nu = 0.3, void 1e-9",
            string.Create(CultureInfo.InvariantCulture, $"grid: {points} x {points}"),
            string.Create(CultureInfo.InvariantCulture, $"resolution: {resolution}"),
        ];
        return new CsvTable(Columns, rows, comments);
    }
}
