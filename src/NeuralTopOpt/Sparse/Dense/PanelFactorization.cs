namespace NeuralTopOpt.Sparse.Dense;

/// <summary>
/// Factors the k leading columns of a dense, column-major (k + m) × k panel in place:
/// <code>
///   [A11]   [L11]
///   [A21] = [L21]·L11ᵀ,   A11 = L11·L11ᵀ (LAPACK dpotrf),   L21 = A21·L11⁻ᵀ (dtrsm),
/// </code>
/// left-looking in blocks of <see cref="BlockSize"/> columns: each block column is first updated by
/// all columns to its left with one <see cref="ProductUpdate.SubtractProduct"/>, then factored column
/// by column. Only the lower trapezoid is read or written.
/// </summary>
internal static class PanelFactorization
{
    internal const int BlockSize = 48;

    /// <summary>
    /// Factors the panel. Returns −1 on success, or the panel column whose pivot
    /// d = A[j, j] − Σ L[j, p]² failed d &gt; <paramref name="tolerance"/>·<paramref name="originalDiagonal"/>[j]
    /// (then <paramref name="pivot"/> holds d and the panel is left partly factored).
    /// </summary>
    public static int Factor(Span<double> panel, int ld, int k, ReadOnlySpan<double> originalDiagonal, double tolerance, out double pivot)
    {
        pivot = 0;
        for (var jb = 0; jb < k; jb += BlockSize)
        {
            var width = Math.Min(BlockSize, k - jb);
            var rows = ld - jb;

            // Block column [jb, jb + width) −= L[jb.., 0..jb)·L[jb..jb + width, 0..jb)ᵀ.
            if (jb > 0)
            {
                ProductUpdate.SubtractProduct(
                    panel[(jb + (jb * ld))..], ld, panel[jb..], ld, panel[jb..], ld, rows, width, jb, lower: true);
            }

            for (var j = jb; j < jb + width; j++)
            {
                var column = panel.Slice(j + (j * ld), ld - j);
                for (var p = jb; p < j; p++)
                {
                    ProductUpdate.Axpy(-panel[j + (p * ld)], panel.Slice(j + (p * ld), ld - j), column);
                }

                var d = column[0];
                if (!(d > tolerance * originalDiagonal[j]) || double.IsInfinity(d))
                {
                    pivot = d;
                    return j;
                }

                d = Math.Sqrt(d);
                column[0] = d;
                var scale = 1.0 / d;
                for (var i = 1; i < column.Length; i++)
                {
                    column[i] *= scale;
                }
            }
        }

        return -1;
    }
}
