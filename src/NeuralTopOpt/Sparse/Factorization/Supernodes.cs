namespace NeuralTopOpt.Sparse.Factorization;

/// <summary>
/// Groups the columns of a Cholesky factor into supernodes: runs of consecutive columns that share
/// one row structure below a dense diagonal block, so that the numeric factorization works on dense
/// blocks (Liu, Ng and Peyton 1993; Davis, Sec. 4.6 and the CHOLMOD supernodal design).
/// </summary>
public static class Supernodes
{
    /// <summary>
    /// Fundamental supernodes, then relaxed amalgamation. Column j + 1 continues the supernode of
    /// column j when j is its only child in the etree and count[j] = count[j + 1] + 1 (same structure).
    /// A supernode is then merged into its parent when they are adjacent (it is the parent's last
    /// child in the postorder) and the explicit zeros this adds stay small: always up to 4 columns,
    /// at most 50% zeros up to 16 columns, 10% up to 48, 5% beyond. Fewer, larger dense blocks cost a
    /// few more stored zeros but far less indexing.
    /// </summary>
    /// <param name="parent">Postordered elimination tree (parent[j] &gt; j or −1).</param>
    /// <param name="columnCounts">Nonzeros of each column of L, diagonal included.</param>
    /// <returns>Supernode boundaries: supernode s holds columns [first[s], first[s + 1]).</returns>
    public static int[] Partition(ReadOnlySpan<int> parent, ReadOnlySpan<int> columnCounts)
    {
        var n = parent.Length;
        var children = new int[n];
        foreach (var p in parent)
        {
            if (p >= 0)
            {
                children[p]++;
            }
        }

        // Fundamental supernodes.
        var starts = new List<int>();
        for (var j = 0; j < n; j++)
        {
            var continues = j > 0 && parent[j - 1] == j && children[j] == 1 && columnCounts[j - 1] == columnCounts[j] + 1;
            if (!continues)
            {
                starts.Add(j);
            }
        }

        var count = starts.Count;
        var first = new int[count];
        var width = new int[count];
        var below = new long[count];
        var zeros = new long[count];
        var superOf = new int[n];
        for (var s = 0; s < count; s++)
        {
            first[s] = starts[s];
            var end = s + 1 < count ? starts[s + 1] : n;
            width[s] = end - first[s];
            below[s] = columnCounts[first[s]] - width[s];
            for (var j = first[s]; j < end; j++)
            {
                superOf[j] = s;
            }
        }

        // Relaxed amalgamation, children before parents.
        var merged = new bool[count];
        for (var s = 0; s < count; s++)
        {
            var last = first[s] + width[s] - 1;
            if (parent[last] < 0)
            {
                continue;
            }

            var p = superOf[parent[last]];
            if (first[p] != last + 1)
            {
                continue;
            }

            // Columns of s gain the rows of p that they lack: k_s·(k_p + m_p − m_s) zeros.
            long total = width[s] + width[p];
            var added = width[s] * (width[p] + below[p] - below[s]);
            var newZeros = zeros[s] + zeros[p] + added;
            var entries = (total * (total + 1) / 2) + (total * below[p]);
            if (!Accept(total, (double)newZeros / entries))
            {
                continue;
            }

            first[p] = first[s];
            width[p] = (int)total;
            zeros[p] = newZeros;
            merged[s] = true;
        }

        var result = new List<int>(count + 1);
        for (var s = 0; s < count; s++)
        {
            if (!merged[s])
            {
                result.Add(first[s]);
            }
        }

        result.Add(n);
        return result.ToArray();
    }

    private static bool Accept(long columns, double zeroFraction) => columns switch
    {
        <= 4 => true,
        <= 16 => zeroFraction <= 0.5,
        <= 48 => zeroFraction <= 0.1,
        _ => zeroFraction <= 0.05,
    };
}
