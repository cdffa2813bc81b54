namespace NeuralTopOpt.AutoDiff.Kernels;

/// <summary>
/// Dense row-major matrix kernels for C = A·B (A n × k, B k × m) and its adjoints ∂A += G·Bᵀ,
/// ∂B += Aᵀ·G. Each product is computed in whichever of two forms keeps the inner loop long: rows
/// of the result gathered from rows of the right operand (long when the result is wide), or dot
/// products of rows (long when the shared dimension is).
/// </summary>
internal static class Matrix
{
    /// <summary>Results at least this wide are gathered row by row; narrower ones use dot products.</summary>
    public const int WideRow = 8;

    /// <summary>C += A·B, A n × k, B k × m: row i of C gathers the rows of B weighted by row i of A.</summary>
    public static void GatherRows(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int k, int m)
    {
        for (var i = 0; i < n; i++)
        {
            var row = c.Slice(i * m, m);
            for (var p = 0; p < k; p++)
            {
                SpanMath.Axpy(a[(i * k) + p], b.Slice(p * m, m), row);
            }
        }
    }

    /// <summary>C += A·Bᵀ, A n × k, B m × k, C n × m: C[i, j] = row i of A · row j of B.</summary>
    public static void DotRows(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int k, int m)
    {
        for (var i = 0; i < n; i++)
        {
            var aRow = a.Slice(i * k, k);
            for (var j = 0; j < m; j++)
            {
                c[(i * m) + j] += SpanMath.Dot(aRow, b.Slice(j * k, k));
            }
        }
    }

    /// <summary>C += Aᵀ·B, A n × k, B n × m, C k × m, for wide C: row p of C gathers rows of B weighted by column p of A.</summary>
    public static void GatherTransposed(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int k, int m)
    {
        for (var i = 0; i < n; i++)
        {
            var bRow = b.Slice(i * m, m);
            for (var p = 0; p < k; p++)
            {
                SpanMath.Axpy(a[(i * k) + p], bRow, c.Slice(p * m, m));
            }
        }
    }

    /// <summary>Cᵀ += Bᵀ·A, i.e. row q of <paramref name="ct"/> (m × k) gathers rows of A weighted by column q of B (A n × k, B n × m).</summary>
    public static void GatherTransposedInto(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> ct, int n, int k, int m)
    {
        for (var i = 0; i < n; i++)
        {
            var aRow = a.Slice(i * k, k);
            for (var q = 0; q < m; q++)
            {
                SpanMath.Axpy(b[(i * m) + q], aRow, ct.Slice(q * k, k));
            }
        }
    }

    /// <summary>Y = Xᵀ (X rows × columns), or Y += Xᵀ when <paramref name="accumulate"/>.</summary>
    public static void Transpose(ReadOnlySpan<double> x, Span<double> y, int rows, int columns, bool accumulate)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (accumulate)
                {
                    y[(c * rows) + r] += x[(r * columns) + c];
                }
                else
                {
                    y[(c * rows) + r] = x[(r * columns) + c];
                }
            }
        }
    }

    /// <summary>y (1 × columns) = Σ_r X[r, ·].</summary>
    public static void SumOverRows(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
    {
        y.Clear();
        for (var r = 0; r < rows; r++)
        {
            SpanMath.AddTo(x.Slice(r * columns, columns), y);
        }
    }

    /// <summary>y (rows × 1) = Σ_c X[·, c].</summary>
    public static void SumOverColumns(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
    {
        for (var r = 0; r < rows; r++)
        {
            y[r] = SpanMath.Sum(x.Slice(r * columns, columns));
        }
    }
}
