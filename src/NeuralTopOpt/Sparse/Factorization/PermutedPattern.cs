using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Sparse.Factorization;

/// <summary>
/// The pattern of one triangle of P·A·Pᵀ built from the stored lower triangle of A, remembering for
/// every entry which stored entry of A it came from (so values can later be scattered directly).
/// </summary>
internal sealed class PermutedPattern
{
    private PermutedPattern(int[] columnPointers, int[] rowIndices, int[] origin)
    {
        ColumnPointers = columnPointers;
        RowIndices = rowIndices;
        Origin = origin;
    }

    public int[] ColumnPointers { get; }

    public int[] RowIndices { get; }

    /// <summary>Position in A's storage of each entry.</summary>
    public int[] Origin { get; }

    /// <summary>
    /// Entry A[i, j] (i ≥ j) becomes (a, b) = (inverse[i], inverse[j]); it is stored in column min(a, b)
    /// with row max(a, b) for the lower triangle, or in column max with row min for the upper.
    /// </summary>
    public static PermutedPattern Build(CompressedColumnMatrix lower, ReadOnlySpan<int> inverse, bool upperTriangle)
    {
        var n = lower.ColumnCount;
        var nonzeros = lower.NonzeroCount;
        var pointers = new int[n + 1];
        for (var j = 0; j < n; j++)
        {
            for (var p = lower.ColumnPointers[j]; p < lower.ColumnPointers[j + 1]; p++)
            {
                pointers[Place(inverse[lower.RowIndices[p]], inverse[j], upperTriangle).Column + 1]++;
            }
        }

        for (var j = 0; j < n; j++)
        {
            pointers[j + 1] += pointers[j];
        }

        var next = pointers[..n];
        var rows = new int[nonzeros];
        var origin = new int[nonzeros];
        for (var j = 0; j < n; j++)
        {
            for (var p = lower.ColumnPointers[j]; p < lower.ColumnPointers[j + 1]; p++)
            {
                var (row, column) = Place(inverse[lower.RowIndices[p]], inverse[j], upperTriangle);
                var q = next[column]++;
                rows[q] = row;
                origin[q] = p;
            }
        }

        return new PermutedPattern(pointers, rows, origin);
    }

    private static (int Row, int Column) Place(int a, int b, bool upperTriangle)
    {
        var low = Math.Min(a, b);
        var high = Math.Max(a, b);
        return upperTriangle ? (low, high) : (high, low);
    }
}
