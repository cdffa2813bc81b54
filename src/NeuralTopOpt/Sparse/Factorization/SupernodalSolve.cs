namespace NeuralTopOpt.Sparse.Factorization;

/// <summary>Triangular solves with a supernodal factor (Davis, Sec. 4.6), in factor numbering.</summary>
internal static class SupernodalSolve
{
    /// <summary>
    /// y ← L⁻¹·y. Per supernode: y_s ← L11⁻¹·y_s on its k columns, then y_r −= L21·y_s on the rows below.
    /// </summary>
    public static void Forward(SymbolicAnalysis symbolic, double[] values, Span<double> y)
    {
        var rowIndices = symbolic.RowIndices;
        for (var s = 0; s < symbolic.SupernodeCount; s++)
        {
            var k = symbolic.Width(s);
            var ld = symbolic.RowCount(s);
            var first = symbolic.SupernodeStart[s];
            var block = values.AsSpan((int)symbolic.ValuePointers[s], ld * k);
            var rows = rowIndices.AsSpan(symbolic.RowPointers[s], ld);
            for (var j = 0; j < k; j++)
            {
                var column = block.Slice(j * ld, ld);
                var yj = y[first + j] / column[j];
                y[first + j] = yj;
                if (yj == 0)
                {
                    continue;
                }

                for (var i = j + 1; i < k; i++)
                {
                    y[first + i] -= column[i] * yj;
                }

                for (var i = k; i < ld; i++)
                {
                    y[rows[i]] -= column[i] * yj;
                }
            }
        }
    }

    /// <summary>
    /// y ← L⁻ᵀ·y. Per supernode, last first: y_s −= L21ᵀ·y_r, then y_s ← L11⁻ᵀ·y_s.
    /// </summary>
    public static void Backward(SymbolicAnalysis symbolic, double[] values, Span<double> y)
    {
        var rowIndices = symbolic.RowIndices;
        for (var s = symbolic.SupernodeCount - 1; s >= 0; s--)
        {
            var k = symbolic.Width(s);
            var ld = symbolic.RowCount(s);
            var first = symbolic.SupernodeStart[s];
            var block = values.AsSpan((int)symbolic.ValuePointers[s], ld * k);
            var rows = rowIndices.AsSpan(symbolic.RowPointers[s], ld);
            for (var j = k - 1; j >= 0; j--)
            {
                var column = block.Slice(j * ld, ld);
                var sum = y[first + j];
                for (var i = k; i < ld; i++)
                {
                    sum -= column[i] * y[rows[i]];
                }

                for (var i = j + 1; i < k; i++)
                {
                    sum -= column[i] * y[first + i];
                }

                y[first + j] = sum / column[j];
            }
        }
    }
}
