using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem;
using NeuralTopOpt.IO;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Verification;

/// <summary>
/// Reads a design as <c>ntopo optimize</c> writes it (design.csv: one row per element in the element order of the
/// 88-line code, columns <c>theta1</c> … <c>thetak</c> and <c>physical1</c> … <c>physicalk</c>): the physical design
/// θ̃ when its columns are there (what the material model saw; equal to θ under the sensitivity filter), else θ.
/// </summary>
public static class DesignFile
{
    /// <summary>The field-major design (θ̃₁ of every element, then θ̃₂, …) of <paramref name="cell"/> on <paramref name="mesh"/>.</summary>
    /// <exception cref="MalformedFileException">Missing file, or not a CSV table.</exception>
    /// <exception cref="InvalidInputException">Missing columns, another element count, an element order other than the mesh's, or θ outside the family's bounds.</exception>
    public static double[] Read(string path, ICellFamily cell, GridMesh mesh)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(mesh);
        var table = CsvTable.Read(path);
        var (n, k) = (mesh.ElementCount, cell.FieldCount);
        var physical = TopologyRunTables.DesignColumns(k).Select(c => c.Replace("theta", "physical", StringComparison.Ordinal)).ToArray();
        var columns = physical.All(table.Columns.Contains) ? physical : [.. TopologyRunTables.DesignColumns(k)];
        var missing = columns.Where(c => !table.Columns.Contains(c)).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidInputException($"{path}: no column {string.Join(", ", missing)}; a design of the {cell.Name} cell has {string.Join(" and ", columns)} (or {string.Join(" and ", physical)})");
        }

        if (table.RowCount != n)
        {
            throw new InvalidInputException($"{path} has {table.RowCount} rows; the problem has {n} elements ({mesh.ElementsX}x{mesh.ElementsY})");
        }

        if (table.Columns.Contains("ex") && table.Columns.Contains("ey"))
        {
            var (ex, ey) = (table.Column(table.ColumnIndex("ex")).ToArray(), table.Column(table.ColumnIndex("ey")).ToArray());
            for (var e = 0; e < n; e++)
            {
                if (ex[e] != e / mesh.ElementsY || ey[e] != e % mesh.ElementsY)
                {
                    throw new InvalidInputException($"{path}: row {e + 1} is element ({ex[e]}, {ey[e]}); the {mesh.ElementsX}x{mesh.ElementsY} mesh has ({e / mesh.ElementsY}, {e % mesh.ElementsY}) there (a design of another mesh?)");
                }
            }
        }

        var design = new double[k * n];
        for (var f = 0; f < k; f++)
        {
            table.Column(table.ColumnIndex(columns[f])).CopyTo(design.AsSpan(f * n, n));
        }

        Span<double> theta = stackalloc double[k];
        for (var e = 0; e < n; e++)
        {
            for (var f = 0; f < k; f++)
            {
                theta[f] = design[(f * n) + e];
            }

            try
            {
                CellFamilies.CheckDesign(cell, theta);
            }
            catch (InvalidInputException problem)
            {
                throw new InvalidInputException($"{path}, element {e}: {problem.Message}");
            }
        }

        return design;
    }
}
