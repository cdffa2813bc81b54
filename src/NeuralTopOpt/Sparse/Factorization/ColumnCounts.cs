namespace NeuralTopOpt.Sparse.Factorization;

/// <summary>
/// The number of nonzeros in every column of the Cholesky factor L (diagonal included), without
/// forming L: the algorithm of Gilbert, Ng and Peyton (1994) as presented by Davis (Sec. 4.5).
/// Row i of L is the "row subtree" of the etree spanned by the nonzeros of row i of A; a column count
/// is accumulated from differences δ over leaves of these subtrees, with least common ancestors found
/// by a disjoint-set forest, in O(nnz(A)·α(n)).
/// </summary>
public static class ColumnCounts
{
    /// <summary>
    /// Computes the counts for a matrix whose elimination tree is already postordered
    /// (parent[j] &gt; j and every subtree a contiguous range). <paramref name="lowerColumnPointers"/> and
    /// <paramref name="lowerRowIndices"/> give the lower-triangular pattern (column j: rows i ≥ j).
    /// </summary>
    public static int[] Compute(ReadOnlySpan<int> parent, ReadOnlySpan<int> lowerColumnPointers, ReadOnlySpan<int> lowerRowIndices)
    {
        var n = parent.Length;
        var delta = new int[n];
        var first = new int[n];
        var maxFirst = new int[n];
        var previousLeaf = new int[n];
        var ancestor = new int[n];
        first.AsSpan().Fill(-1);
        maxFirst.AsSpan().Fill(-1);
        previousLeaf.AsSpan().Fill(-1);

        // first[j]: the smallest (first postordered) descendant of j; δ[j] = 1 for leaves of the etree.
        for (var k = 0; k < n; k++)
        {
            delta[k] = first[k] == -1 ? 1 : 0;
            for (var j = k; j != -1 && first[j] == -1; j = parent[j])
            {
                first[j] = k;
            }
        }

        for (var i = 0; i < n; i++)
        {
            ancestor[i] = i;
        }

        for (var j = 0; j < n; j++)
        {
            if (parent[j] != -1)
            {
                delta[parent[j]]--;
            }

            // Every A[i, j] with i > j: is j a leaf of row subtree i? (Davis, cs_leaf.)
            for (var p = lowerColumnPointers[j]; p < lowerColumnPointers[j + 1]; p++)
            {
                var i = lowerRowIndices[p];
                if (i <= j || first[j] <= maxFirst[i])
                {
                    continue;
                }

                maxFirst[i] = first[j];
                var previous = previousLeaf[i];
                previousLeaf[i] = j;
                delta[j]++;
                if (previous == -1)
                {
                    continue;
                }

                // q = lca(previous, j): root of previous's set, with path compression.
                var q = previous;
                while (q != ancestor[q])
                {
                    q = ancestor[q];
                }

                for (var s = previous; s != q;)
                {
                    var up = ancestor[s];
                    ancestor[s] = q;
                    s = up;
                }

                delta[q]--;
            }

            if (parent[j] != -1)
            {
                ancestor[j] = parent[j];
            }
        }

        // Column count = sum of δ over the subtree (children precede parents in a postorder).
        for (var j = 0; j < n; j++)
        {
            if (parent[j] != -1)
            {
                delta[parent[j]] += delta[j];
            }
        }

        return delta;
    }
}
