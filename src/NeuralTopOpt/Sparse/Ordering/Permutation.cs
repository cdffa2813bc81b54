namespace NeuralTopOpt.Sparse.Ordering;

/// <summary>
/// Helpers for symmetric orderings. A permutation <c>p</c> lists the original indices in their new
/// order: position k of the reordered matrix is original index <c>p[k]</c>, i.e. the reordered
/// matrix is P·A·Pᵀ with (P·A·Pᵀ)[k, l] = A[p[k], p[l]].
/// </summary>
public static class Permutation
{
    /// <summary>The identity ordering 0, 1, …, n − 1.</summary>
    public static int[] Identity(int n)
    {
        var p = new int[n];
        for (var k = 0; k < n; k++)
        {
            p[k] = k;
        }

        return p;
    }

    /// <summary>The inverse: <c>inverse[p[k]] = k</c>. Throws when <paramref name="p"/> is not a permutation of 0..n − 1.</summary>
    public static int[] Invert(ReadOnlySpan<int> p)
    {
        var inverse = new int[p.Length];
        inverse.AsSpan().Fill(-1);
        for (var k = 0; k < p.Length; k++)
        {
            if ((uint)p[k] >= (uint)p.Length || inverse[p[k]] >= 0)
            {
                throw new ArgumentException($"not a permutation of 0..{p.Length - 1}: entry {k} is {p[k]}", nameof(p));
            }

            inverse[p[k]] = k;
        }

        return inverse;
    }

    /// <summary>
    /// Expands an ordering of nodes to an ordering of their degrees of freedom, node i owning DOFs
    /// i·<paramref name="dofsPerNode"/> … i·<paramref name="dofsPerNode"/> + dofsPerNode − 1, kept together.
    /// </summary>
    public static int[] ExpandBlocks(ReadOnlySpan<int> nodeOrder, int dofsPerNode)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dofsPerNode, 1);
        var p = new int[nodeOrder.Length * dofsPerNode];
        for (var k = 0; k < nodeOrder.Length; k++)
        {
            for (var d = 0; d < dofsPerNode; d++)
            {
                p[(k * dofsPerNode) + d] = (nodeOrder[k] * dofsPerNode) + d;
            }
        }

        return p;
    }

    /// <summary>
    /// Restricts an ordering of a full index set to the kept subset, renumbered compactly:
    /// <paramref name="reducedIndex"/>[i] is the new index of original i, or −1 when i is dropped
    /// (a fixed DOF). The result orders 0..kept − 1 in the relative order <paramref name="p"/> gives.
    /// </summary>
    public static int[] Restrict(ReadOnlySpan<int> p, ReadOnlySpan<int> reducedIndex)
    {
        if (p.Length != reducedIndex.Length)
        {
            throw new ArgumentException($"ordering of {p.Length} and map of {reducedIndex.Length} differ in length", nameof(reducedIndex));
        }

        var kept = new List<int>(p.Length);
        foreach (var original in p)
        {
            var r = reducedIndex[original];
            if (r >= 0)
            {
                kept.Add(r);
            }
        }

        var result = kept.ToArray();
        _ = Invert(result);
        return result;
    }
}
