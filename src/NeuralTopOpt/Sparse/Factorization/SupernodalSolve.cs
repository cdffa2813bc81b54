using NeuralTopOpt.Sparse.Dense;

namespace NeuralTopOpt.Sparse.Factorization;

/// <summary>
/// Triangular solves L·Y = B and Lᵀ·X = Y with a supernodal factor (Davis, Sec. 4.6), in factor
/// numbering, for r right-hand sides at once (Y column-major, n × r). Each supernode's dense block is
/// read once per sweep for all right-hand sides.
/// </summary>
internal static class SupernodalSolve
{
    /// <summary>
    /// Y ← L⁻¹·Y. Per supernode: Y_s ← L11⁻¹·Y_s on its k columns; T = L21·Y_s (dense, m × r);
    /// Y[rows below] −= T.
    /// </summary>
    public static void Forward(SymbolicAnalysis symbolic, double[] values, Span<double> y, int r, Span<double> temp)
    {
        var n = symbolic.Size;
        for (var s = 0; s < symbolic.SupernodeCount; s++)
        {
            var k = symbolic.Width(s);
            var ld = symbolic.RowCount(s);
            var m = ld - k;
            var first = symbolic.SupernodeStart[s];
            var block = values.AsSpan((int)symbolic.ValuePointers[s], ld * k);
            var t = temp[..(m * r)];
            t.Clear();
            for (var j = 0; j < k; j++)
            {
                var column = block.Slice(j * ld, ld);
                for (var c = 0; c < r; c++)
                {
                    var ys = y.Slice((c * n) + first, k);
                    var yj = ys[j] / column[j];
                    ys[j] = yj;
                    VectorOps.Axpy(-yj, column[(j + 1)..k], ys[(j + 1)..]);
                    VectorOps.Axpy(yj, column[k..], t.Slice(c * m, m));
                }
            }

            var below = symbolic.RowIndices.AsSpan(symbolic.RowPointers[s] + k, m);
            for (var c = 0; c < r; c++)
            {
                var yc = y.Slice(c * n, n);
                var tc = t.Slice(c * m, m);
                for (var i = 0; i < m; i++)
                {
                    yc[below[i]] -= tc[i];
                }
            }
        }
    }

    /// <summary>
    /// Y ← L⁻ᵀ·Y. Per supernode, last first: T = Y[rows below]; Y_s −= L21ᵀ·T; Y_s ← L11⁻ᵀ·Y_s.
    /// </summary>
    public static void Backward(SymbolicAnalysis symbolic, double[] values, Span<double> y, int r, Span<double> temp)
    {
        var n = symbolic.Size;
        for (var s = symbolic.SupernodeCount - 1; s >= 0; s--)
        {
            var k = symbolic.Width(s);
            var ld = symbolic.RowCount(s);
            var m = ld - k;
            var first = symbolic.SupernodeStart[s];
            var block = values.AsSpan((int)symbolic.ValuePointers[s], ld * k);
            var below = symbolic.RowIndices.AsSpan(symbolic.RowPointers[s] + k, m);
            var t = temp[..(m * r)];
            for (var c = 0; c < r; c++)
            {
                var yc = y.Slice(c * n, n);
                var tc = t.Slice(c * m, m);
                for (var i = 0; i < m; i++)
                {
                    tc[i] = yc[below[i]];
                }
            }

            for (var j = k - 1; j >= 0; j--)
            {
                var column = block.Slice(j * ld, ld);
                for (var c = 0; c < r; c++)
                {
                    var ys = y.Slice((c * n) + first, k);
                    var sum = ys[j] - VectorOps.Dot(column[k..], t.Slice(c * m, m)) - VectorOps.Dot(column[(j + 1)..k], ys[(j + 1)..]);
                    ys[j] = sum / column[j];
                }
            }
        }
    }
}
