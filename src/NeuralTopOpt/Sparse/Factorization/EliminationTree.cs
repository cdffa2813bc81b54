namespace NeuralTopOpt.Sparse.Factorization;

/// <summary>
/// The elimination tree of a symmetric matrix (Liu 1986; Davis, Sec. 4.1): parent[j] is the row of
/// the first off-diagonal nonzero of column j of the Cholesky factor L, or −1 for a root.
/// </summary>
public static class EliminationTree
{
    /// <summary>
    /// Computes the tree from the upper-triangular pattern (column k lists the rows i &lt; k with
    /// A[i, k] ≠ 0; other rows are ignored), in O(nnz·α(n)) with path compression:
    /// for every A[i, k], i &lt; k, walk from i towards its root, pointing each visited node's
    /// "virtual ancestor" at k; the root reached becomes a child of k.
    /// </summary>
    public static int[] Compute(int n, ReadOnlySpan<int> upperColumnPointers, ReadOnlySpan<int> upperRowIndices)
    {
        var parent = new int[n];
        var ancestor = new int[n];
        for (var k = 0; k < n; k++)
        {
            parent[k] = -1;
            ancestor[k] = -1;
            for (var p = upperColumnPointers[k]; p < upperColumnPointers[k + 1]; p++)
            {
                // Walk i → root of its current subtree, compressing the path onto k.
                for (var i = upperRowIndices[p]; i != -1 && i < k;)
                {
                    var next = ancestor[i];
                    ancestor[i] = k;
                    if (next == -1)
                    {
                        parent[i] = k;
                    }

                    i = next;
                }
            }
        }

        return parent;
    }

    /// <summary>
    /// A postorder of the forest: children before parents, every subtree contiguous. Children are
    /// visited in increasing index order. <c>post[k]</c> is the node placed k-th.
    /// </summary>
    public static int[] PostOrder(ReadOnlySpan<int> parent)
    {
        var n = parent.Length;
        var head = new int[n];
        var next = new int[n];
        head.AsSpan().Fill(-1);

        // Linked lists of children, pushed in reverse so that they pop in increasing order.
        for (var j = n - 1; j >= 0; j--)
        {
            if (parent[j] == -1)
            {
                continue;
            }

            next[j] = head[parent[j]];
            head[parent[j]] = j;
        }

        var post = new int[n];
        var stack = new int[n];
        var k = 0;
        for (var root = 0; root < n; root++)
        {
            if (parent[root] != -1)
            {
                continue;
            }

            // Depth-first search from the root; a node is emitted once all its children are.
            var top = 0;
            stack[0] = root;
            while (top >= 0)
            {
                var node = stack[top];
                var child = head[node];
                if (child == -1)
                {
                    top--;
                    post[k++] = node;
                }
                else
                {
                    head[node] = next[child];
                    stack[++top] = child;
                }
            }
        }

        return post;
    }
}
