namespace NeuralTopOpt.Sparse.Dense;

/// <summary>
/// Factors the k leading columns of a dense, column-major (k + m) × k panel in place:
/// <code>
///   [A11]   [L11]
///   [A21] = [L21]·L11ᵀ,   A11 = L11·L11ᵀ (LAPACK dpotrf),   L21 = A21·L11⁻ᵀ (dtrsm),
/// </code>
/// recursively (Gustavson 1997): factor the left half of the columns, update the right half with one
/// <see cref="ProductUpdate"/> product over all rows below, factor the right half. Nearly all
/// the work lands in the blocked update kernel; only runs of at most <see cref="LeafWidth"/> columns
/// are factored column by column. Only the lower trapezoid is read or written.
/// </summary>
internal static class PanelFactorization
{
    internal const int LeafWidth = 8;

    /// <summary>
    /// Factors the panel. Returns −1 on success, or the panel column whose pivot
    /// d = A[j, j] − Σ L[j, p]² failed d &gt; <paramref name="tolerance"/>·<paramref name="originalDiagonal"/>[j]
    /// (then <paramref name="pivot"/> holds d and the panel is left partly factored).
    /// </summary>
    /// <remarks>The panel is values[offset … offset + ld·k); large updates use up to <paramref name="parallelism"/> threads.</remarks>
    public static int Factor(double[] values, int offset, int ld, int k, ReadOnlySpan<double> originalDiagonal, double tolerance, int parallelism, out double pivot) =>
        Factor(values, offset, ld, 0, k, originalDiagonal, tolerance, parallelism, out pivot);

    /// <summary>Factors columns [c0, c1), whose updates from columns left of c0 are already applied.</summary>
    private static int Factor(double[] values, int offset, int ld, int c0, int c1, ReadOnlySpan<double> originalDiagonal, double tolerance, int parallelism, out double pivot)
    {
        if (c1 - c0 <= LeafWidth)
        {
            return FactorColumns(values.AsSpan(offset, ld * c1), ld, c0, c1, originalDiagonal, tolerance, out pivot);
        }

        var middle = c0 + ((c1 - c0) / 2);
        var failed = Factor(values, offset, ld, c0, middle, originalDiagonal, tolerance, parallelism, out pivot);
        if (failed >= 0)
        {
            return failed;
        }

        // Columns [middle, c1), rows middle.. −= L[middle.., c0..middle)·L[middle..c1, c0..middle)ᵀ.
        var left = offset + middle + (c0 * ld);
        ProductUpdate.SubtractProduct(
            values, offset + middle + (middle * ld), ld, values, left, ld, values, left, ld, ld - middle, c1 - middle, middle - c0, lower: true, parallelism);
        return Factor(values, offset, ld, middle, c1, originalDiagonal, tolerance, parallelism, out pivot);
    }

    /// <summary>Left-looking, column by column: L[j.., j] = (A[j.., j] − Σ_{c0 ≤ p &lt; j} L[j, p]·L[j.., p]) / √d.</summary>
    private static int FactorColumns(Span<double> panel, int ld, int c0, int c1, ReadOnlySpan<double> originalDiagonal, double tolerance, out double pivot)
    {
        pivot = 0;
        for (var j = c0; j < c1; j++)
        {
            var column = panel.Slice(j + (j * ld), ld - j);
            for (var p = c0; p < j; p++)
            {
                VectorOps.Axpy(-panel[j + (p * ld)], panel.Slice(j + (p * ld), ld - j), column);
            }

            var d = column[0];
            if (!(d > tolerance * originalDiagonal[j]) || double.IsInfinity(d))
            {
                pivot = d;
                return j;
            }

            d = Math.Sqrt(d);
            column[0] = d;
            VectorOps.Scale(1.0 / d, column[1..]);
        }

        return -1;
    }
}
