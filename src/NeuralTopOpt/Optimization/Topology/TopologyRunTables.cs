using System.Globalization;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// The records of a <see cref="TopologyRun"/> as tables: the files <c>history.csv</c>,
/// <c>design*.csv</c> and <c>initial-sensitivities.csv</c> that <c>ntopo optimize</c> writes and
/// <c>ntopo reproduce</c> keeps for every run. Elements are in the mesh's order (column by column
/// from the top-left corner, as the 88-line code).
/// </summary>
public static class TopologyRunTables
{
    /// <summary>The columns of <see cref="History"/>.</summary>
    public static IReadOnlyList<string> HistoryColumns { get; } =
    [
        "iteration", "compliance", "volume", "change", "violation", "clamped", "evaluations",
        "fe_ms", "material_ms", "derivative_ms", "sensitivity_ms", "filter_ms", "optimizer_ms", "elapsed_s",
    ];

    /// <summary>One row per iteration: compliance, volume, change, violation, clamped entries, evaluations and the time split (ms; elapsed in s).</summary>
    public static CsvTable History(IReadOnlyList<TopologyIteration> rows, IReadOnlyList<string> comments)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var width = HistoryColumns.Count;
        var values = new double[rows.Count * width];
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            double[] row =
            [
                r.Iteration, r.Compliance, r.Volume, r.MaxChange, r.ConstraintViolation, r.ClampedEntries, r.Evaluations,
                r.FeSolve.TotalMilliseconds, r.Material.TotalMilliseconds, r.Derivative.TotalMilliseconds,
                r.Sensitivity.TotalMilliseconds, r.Filter.TotalMilliseconds, r.Optimizer.TotalMilliseconds, r.Elapsed.TotalSeconds,
            ];
            row.CopyTo(values, i * width);
        }

        return new CsvTable(HistoryColumns, values, comments);
    }

    /// <summary>The design columns of k fields: <c>theta</c> for one, <c>theta1</c>, <c>theta2</c>, … for more.</summary>
    public static IReadOnlyList<string> DesignColumns(int fieldCount) => Numbered("theta", fieldCount);

    /// <summary>
    /// One row per element: its index and grid position, θ and θ̃ (<c>theta</c>, <c>physical</c>; with k fields
    /// <c>theta1</c> … <c>thetak</c>, <c>physical1</c> … <c>physicalk</c>).
    /// </summary>
    public static CsvTable Design(DesignSnapshot snapshot, GridMesh mesh, int fieldCount, IReadOnlyList<string> comments)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(mesh);
        var (n, k) = (mesh.ElementCount, fieldCount);
        var columns = new List<string> { "element", "ex", "ey" };
        columns.AddRange(DesignColumns(k));
        columns.AddRange(Numbered("physical", k));
        var values = new double[n * columns.Count];
        for (var e = 0; e < n; e++)
        {
            var row = values.AsSpan(e * columns.Count, columns.Count);
            (row[0], row[1], row[2]) = (e, e / mesh.ElementsY, e % mesh.ElementsY);
            for (var f = 0; f < k; f++)
            {
                row[3 + f] = snapshot.X[(f * n) + e];
                row[3 + k + f] = snapshot.Physical[(f * n) + e];
            }
        }

        var about = string.Create(CultureInfo.InvariantCulture, $"iteration {snapshot.Iteration}, compliance {snapshot.Compliance:R}, volume {snapshot.Volume:R}");
        return new CsvTable(columns, values, [.. comments, about, "ey = 0 is the top row of elements, as in the 88-line code"]);
    }

    /// <summary>
    /// The design x of a <see cref="Design"/> table (as <c>ntopo optimize</c> writes it, or a user's with the same
    /// columns), field-major as <see cref="ComplianceProblem"/> takes it: the columns of <see cref="DesignColumns"/>
    /// for the family's k fields, one row per element in the mesh's order. When the table has the element
    /// positions (<c>ex</c>, <c>ey</c>) they must be this mesh's; every value must be finite and within the
    /// family's bounds. <paramref name="source"/> names the file in the messages.
    /// </summary>
    /// <exception cref="InvalidInputException">A missing column, another mesh or element count, a value that is not finite or out of bounds.</exception>
    public static double[] ReadDesign(CsvTable table, GridMesh mesh, ICellFamily cell, string source)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(cell);
        var (n, k) = (mesh.ElementCount, cell.FieldCount);
        var columns = DesignColumns(k);
        var missing = columns.Where(c => !table.Columns.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            var other = table.Columns.Where(c => c.StartsWith("theta", StringComparison.Ordinal)).ToArray();
            throw new InvalidInputException(
                $"{source}: no column {string.Join(", ", missing)}; a design of the {cell.Name} cell has the column(s) {string.Join(", ", columns)}{(other.Length > 0 ? $" (this file has {string.Join(", ", other)})" : "")}");
        }

        if (table.Columns.Contains("ex") && table.Columns.Contains("ey") && table.RowCount > 0)
        {
            // A written design records each element's place: it must be this mesh, not only as many elements.
            var (ex, ey) = (table.Column(table.ColumnIndex("ex")), table.Column(table.ColumnIndex("ey")));
            var wrong = table.RowCount != n || Enumerable.Range(0, n).Any(e => ex[e] != e / mesh.ElementsY || ey[e] != e % mesh.ElementsY);
            if (wrong)
            {
                throw new InvalidInputException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{source} was written for a {ex.Max() + 1} x {ey.Max() + 1} mesh ({table.RowCount} elements, its ex and ey columns); this problem's mesh is {mesh.ElementsX} x {mesh.ElementsY} ({n} elements)"));
            }
        }

        if (table.RowCount != n)
        {
            throw new InvalidInputException(
                $"{source} has {table.RowCount} rows; the problem's {mesh.ElementsX} x {mesh.ElementsY} mesh has {n} elements (one row per element, column by column as the 88-line code)");
        }

        var x = new double[k * n];
        for (var f = 0; f < k; f++)
        {
            var parameter = cell.Parameters[f];
            var values = table.Column(table.ColumnIndex(columns[f]));
            for (var e = 0; e < n; e++)
            {
                var value = values[e];
                if (!double.IsFinite(value) || value < parameter.Lower || value > parameter.Upper)
                {
                    throw new InvalidInputException(string.Create(
                        CultureInfo.InvariantCulture,
                        $"{source}: {columns[f]} of element {e} is {value:R}; the {cell.Name} cell's {parameter.Name} must be a finite number in [{parameter.Lower:R}, {parameter.Upper:R}]"));
                }

                x[(f * n) + e] = value;
            }
        }

        return x;
    }

    /// <summary>∂φ₀/∂θ of Eq. (11) before filtering (<c>raw</c>) and as the optimizer receives it (<c>gradient</c>), per element and field.</summary>
    public static CsvTable InitialSensitivities(DesignAnalysis initial, int elementCount, int fieldCount, IReadOnlyList<string> comments)
    {
        ArgumentNullException.ThrowIfNull(initial);
        var (n, k) = (elementCount, fieldCount);
        var columns = new List<string> { "element" };
        for (var f = 1; f <= k; f++)
        {
            var suffix = k == 1 ? "" : f.ToString(CultureInfo.InvariantCulture);
            columns.Add($"raw{suffix}");
            columns.Add($"gradient{suffix}");
        }

        var values = new double[n * columns.Count];
        for (var e = 0; e < n; e++)
        {
            values[e * columns.Count] = e;
            for (var f = 0; f < k; f++)
            {
                values[(e * columns.Count) + 1 + (2 * f)] = initial.RawSensitivities[(f * n) + e];
                values[(e * columns.Count) + 2 + (2 * f)] = initial.Gradient[(f * n) + e];
            }
        }

        string[] notes = ["raw: dphi/dtheta of Eq. (11) before filtering; gradient: as the optimizer receives it", $"initial compliance {initial.Compliance.ToString("R", CultureInfo.InvariantCulture)}"];
        return new CsvTable(columns, values, [.. comments, .. notes]);
    }

    private static string[] Numbered(string name, int count) =>
        count == 1 ? [name] : [.. Enumerable.Range(1, count).Select(f => name + f.ToString(CultureInfo.InvariantCulture))];
}
