namespace NeuralTopOpt.AutoDiff.Kernels;

/// <summary>
/// Dense row-major matrix kernels: products, transposes and sums, with the adjoints of the product
/// C = A·B: ∂A += G·Bᵀ, ∂B += Aᵀ·G.
/// </summary>
internal static class Matrix
{
    /// <summary>C += A·B, A n × k, B k × m, C n × m: each row of C gathers rows of B (axpy form).</summary>
    public static void MultiplyAdd(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int k, int m)
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

    /// <summary>C += A·Bᵀ, A n × m, B k × m, C n × k, by dot products of rows.</summary>
    public static void MultiplyTransposedAdd(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int m, int k)
    {
        for (var i = 0; i < n; i++)
        {
            var aRow = a.Slice(i * m, m);
            for (var p = 0; p < k; p++)
            {
                c[(i * k) + p] += SpanMath.Dot(aRow, b.Slice(p * m, m));
            }
        }
    }

    /// <summary>C += Aᵀ·B, A n × k, B n × m, C k × m.</summary>
    public static void TransposedMultiplyAdd(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int k, int m)
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
