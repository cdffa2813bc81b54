namespace NeuralTopOpt.Sparse.Factorization;

/// <summary>Row structures of supernodes, computed by merging (Davis, Sec. 4.6; George and Liu 1981).</summary>
internal static class SupernodalStructure
{
    /// <summary>
    /// Row list of supernode s with columns [f, l]: its own columns f…l, then the rows r &gt; l of
    /// struct(L(:, s)) = ⋃_{j ∈ s} struct(A(:, j)) ∪ ⋃_{children c} struct(L(:, c)), in ascending order.
    /// The union over children is the symbolic counterpart of the extend-add; its cost is the size of
    /// the compressed structure, far below nnz(L).
    /// </summary>
    public static (int[] Pointers, int[] Rows) RowLists(int[] starts, ReadOnlySpan<int> parent, PermutedPattern lower)
    {
        var count = starts.Length - 1;
        var n = starts[count];
        var superOf = new int[n];
        for (var s = 0; s < count; s++)
        {
            for (var j = starts[s]; j < starts[s + 1]; j++)
            {
                superOf[j] = s;
            }
        }

        var superParent = new int[count];
        for (var s = 0; s < count; s++)
        {
            var p = parent[starts[s + 1] - 1];
            superParent[s] = p < 0 ? -1 : superOf[p];
        }

        var children = Children(superParent);
        var mark = new int[n];
        mark.AsSpan().Fill(-1);
        var lists = new int[count][];
        var below = new List<int>();
        for (var s = 0; s < count; s++)
        {
            var first = starts[s];
            var last = starts[s + 1] - 1;
            below.Clear();
            for (var j = first; j <= last; j++)
            {
                for (var p = lower.ColumnPointers[j]; p < lower.ColumnPointers[j + 1]; p++)
                {
                    Add(lower.RowIndices[p]);
                }
            }

            foreach (var c in children[s])
            {
                var childList = lists[c];
                var childWidth = starts[c + 1] - starts[c];
                for (var q = childWidth; q < childList.Length; q++)
                {
                    Add(childList[q]);
                }
            }

            below.Sort();
            var list = new int[last - first + 1 + below.Count];
            for (var j = first; j <= last; j++)
            {
                list[j - first] = j;
            }

            below.CopyTo(list, last - first + 1);
            lists[s] = list;

            void Add(int row)
            {
                if (row > last && mark[row] != s)
                {
                    mark[row] = s;
                    below.Add(row);
                }
            }
        }

        var pointers = new int[count + 1];
        for (var s = 0; s < count; s++)
        {
            pointers[s + 1] = checked(pointers[s] + lists[s].Length);
        }

        var rows = new int[pointers[count]];
        for (var s = 0; s < count; s++)
        {
            lists[s].CopyTo(rows, pointers[s]);
        }

        return (pointers, rows);
    }

    /// <summary>Children of each node of a forest given by parent pointers, in increasing order.</summary>
    public static List<int>[] Children(ReadOnlySpan<int> parent)
    {
        var children = new List<int>[parent.Length];
        for (var s = 0; s < parent.Length; s++)
        {
            children[s] = [];
        }

        for (var s = 0; s < parent.Length; s++)
        {
            if (parent[s] >= 0)
            {
                children[parent[s]].Add(s);
            }
        }

        return children;
    }
}
