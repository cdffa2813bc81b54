using NeuralTopOpt.Sparse.Ordering;
using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Sparse.Factorization;

/// <summary>
/// Everything about a Cholesky factorization L·Lᵀ = P·A·Pᵀ that depends only on the pattern of A and
/// the ordering: the postordered elimination tree, the supernodes and their row structures, where
/// each entry of A lands in the supernodal storage of L, and the workspace the multifrontal
/// factorization needs. Computed once per pattern (Davis, Ch. 4); every numeric factorization with
/// the same pattern reuses it.
/// </summary>
/// <remarks>
/// Storage of L: supernode s owns columns [<see cref="SupernodeStart"/>[s], start[s + 1]) — k of them —
/// and a list of row indices (<see cref="RowPointers"/>, <see cref="RowIndices"/>) whose first k entries
/// are those columns and whose remaining m entries are the rows below, ascending. Its values are a
/// dense column-major block of (k + m) × k at <see cref="ValuePointers"/>[s]; only the lower trapezoid
/// is meaningful. All indices here are in the permuted (factor) numbering.
/// </remarks>
public sealed class SymbolicAnalysis
{
    private SymbolicAnalysis(int n, int[] permutation, int[] parent, int[] supernodeStart, int[] rowPointers, int[] rowIndices)
    {
        Size = n;
        Permutation = permutation;
        InversePermutation = Ordering.Permutation.Invert(permutation);
        Parent = parent;
        SupernodeStart = supernodeStart;
        RowPointers = rowPointers;
        RowIndices = rowIndices;
        var count = supernodeStart.Length - 1;
        SupernodeParent = new int[count];
        ValuePointers = new long[count + 1];
        var superOf = new int[n];
        for (var s = 0; s < count; s++)
        {
            for (var j = supernodeStart[s]; j < supernodeStart[s + 1]; j++)
            {
                superOf[j] = s;
            }
        }

        for (var s = 0; s < count; s++)
        {
            var k = Width(s);
            var rows = RowCount(s);
            var last = supernodeStart[s + 1] - 1;
            SupernodeParent[s] = parent[last] < 0 ? -1 : superOf[parent[last]];
            ValuePointers[s + 1] = ValuePointers[s] + ((long)rows * k);
            var below = rows - k;
            FactorNonzeros += ((long)k * (k + 1) / 2) + ((long)k * below);
            for (var c = 0; c < k; c++)
            {
                double columnCount = rows - c;
                FactorOperations += columnCount * columnCount;
            }
        }

        if (ValuePointers[count] > Array.MaxLength)
        {
            throw new NeuralTopOptException($"the Cholesky factor would need {ValuePointers[count]:N0} values, more than one array can hold; use a coarser mesh");
        }

        SupernodeOf = superOf;
    }

    /// <summary>n, the order of the matrix.</summary>
    public int Size { get; }

    /// <summary>The fill-reducing ordering actually used (the given one, postordered): factor column k is original column p[k].</summary>
    public int[] Permutation { get; }

    /// <summary>Inverse of <see cref="Permutation"/>: original index → factor index.</summary>
    public int[] InversePermutation { get; }

    /// <summary>Elimination tree in factor numbering (parent[j] &gt; j, −1 for roots).</summary>
    public int[] Parent { get; }

    /// <summary>Supernode s holds factor columns [start[s], start[s + 1]).</summary>
    public int[] SupernodeStart { get; }

    /// <summary>The supernode of each factor column.</summary>
    public int[] SupernodeOf { get; }

    /// <summary>Parent of each supernode in the supernodal elimination tree (−1 for roots); parent &gt; child.</summary>
    public int[] SupernodeParent { get; }

    /// <summary>Start of each supernode's row list in <see cref="RowIndices"/>.</summary>
    public int[] RowPointers { get; }

    /// <summary>Row lists of all supernodes (factor numbering): own columns first, then rows below, ascending.</summary>
    public int[] RowIndices { get; }

    /// <summary>Start of each supernode's dense (k + m) × k block in the factor's value array.</summary>
    public long[] ValuePointers { get; }

    /// <summary>Number of supernodes.</summary>
    public int SupernodeCount => SupernodeStart.Length - 1;

    /// <summary>Nonzeros of L (lower triangle, including the explicit zeros of relaxed supernodes).</summary>
    public long FactorNonzeros { get; }

    /// <summary>Doubles stored for L (dense supernodal blocks, including their unused upper corners).</summary>
    public long StoredValues => ValuePointers[SupernodeCount];

    /// <summary>Σ over columns of (column count)², the usual estimate of the factorization's multiply-adds.</summary>
    public double FactorOperations { get; }

    /// <summary>Largest number of rows below any supernode (m), which sizes the frontal update matrices.</summary>
    public int MaxBelow { get; private set; }

    /// <summary>Where each entry of A (in its storage order) is added in the factor's value array.</summary>
    internal int[] ValueTargets { get; private set; } = [];

    /// <summary>Position in the factor's value array of each diagonal entry, by factor column.</summary>
    internal long[] DiagonalPositions { get; private set; } = [];

    /// <summary>
    /// For the rows below supernode s (entries RowPointers[s] + k … RowPointers[s + 1] − 1), their
    /// positions in the parent supernode's row list (the extend-add map).
    /// </summary>
    internal int[] RelativeIndices { get; private set; } = [];

    /// <summary>
    /// The extend-add map of supernode s compressed into runs of consecutive parent positions: runs
    /// RunPointers[s] … RunPointers[s + 1] − 1, run r starting at local row RunStarts[r] (0-based among the
    /// rows below s) and landing at parent position RunTargets[r]; it ends where the next run starts.
    /// </summary>
    internal int[] RunPointers { get; private set; } = [];

    /// <summary>See <see cref="RunPointers"/>.</summary>
    internal int[] RunStarts { get; private set; } = [];

    /// <summary>See <see cref="RunPointers"/>.</summary>
    internal int[] RunTargets { get; private set; } = [];

    /// <summary>Children of supernode s: ChildIndices[ChildPointers[s] … ChildPointers[s + 1] − 1], ascending.</summary>
    internal int[] ChildPointers { get; private set; } = [];

    /// <summary>See <see cref="ChildPointers"/>.</summary>
    internal int[] ChildIndices { get; private set; } = [];

    /// <summary>Doubles of stack the sequential multifrontal factorization needs for update matrices.</summary>
    internal long StackSize { get; private set; }

    /// <summary>Columns k of supernode s.</summary>
    public int Width(int s) => SupernodeStart[s + 1] - SupernodeStart[s];

    /// <summary>Rows k + m of supernode s (its own columns and the rows below).</summary>
    public int RowCount(int s) => RowPointers[s + 1] - RowPointers[s];

    /// <summary>
    /// Analyzes the symmetric matrix whose lower triangle has the pattern of <paramref name="lower"/>
    /// (values ignored), ordered by <paramref name="ordering"/> (a permutation; see
    /// <see cref="Ordering.Permutation"/>), e.g. from <see cref="GridNestedDissection"/>.
    /// </summary>
    public static SymbolicAnalysis Analyze(CompressedColumnMatrix lower, ReadOnlySpan<int> ordering)
    {
        ArgumentNullException.ThrowIfNull(lower);
        var n = lower.ColumnCount;
        if (lower.RowCount != n)
        {
            throw new ArgumentException($"a {lower.RowCount}x{n} matrix is not square", nameof(lower));
        }

        if (!lower.IsLowerTriangular)
        {
            throw new ArgumentException("the pattern must hold the lower triangle only (row >= column)", nameof(lower));
        }

        if (ordering.Length != n)
        {
            throw new ArgumentException($"the ordering has {ordering.Length} entries, the matrix {n} columns", nameof(ordering));
        }

        // 1. Elimination tree of P·A·Pᵀ, then postorder it and fold the postorder into the ordering.
        var inverse = Ordering.Permutation.Invert(ordering);
        var upper = PermutedPattern.Build(lower, inverse, upperTriangle: true);
        var parent = EliminationTree.Compute(n, upper.ColumnPointers, upper.RowIndices);
        var post = EliminationTree.PostOrder(parent);
        var postInverse = Ordering.Permutation.Invert(post);
        var permutation = new int[n];
        var postParent = new int[n];
        for (var k = 0; k < n; k++)
        {
            permutation[k] = ordering[post[k]];
            var p = parent[post[k]];
            postParent[k] = p < 0 ? -1 : postInverse[p];
        }

        // 2. Column counts and supernodes in the final numbering.
        var final = PermutedPattern.Build(lower, Ordering.Permutation.Invert(permutation), upperTriangle: false);
        var counts = ColumnCounts.Compute(postParent, final.ColumnPointers, final.RowIndices);
        var starts = Supernodes.Partition(postParent, counts);

        // 3. Row structures, then the maps the numeric phase uses.
        var (rowPointers, rowIndices) = SupernodalStructure.RowLists(starts, postParent, final);
        var analysis = new SymbolicAnalysis(n, permutation, postParent, starts, rowPointers, rowIndices);
        analysis.BuildMaps(final);
        return analysis;
    }

    private void BuildMaps(PermutedPattern final)
    {
        var count = SupernodeCount;
        var position = new int[Size];
        ValueTargets = new int[final.Origin.Length];
        DiagonalPositions = new long[Size];
        RelativeIndices = new int[RowIndices.Length];
        var children = SupernodalStructure.Children(SupernodeParent);
        ChildPointers = new int[count + 1];
        for (var s = 0; s < count; s++)
        {
            ChildPointers[s + 1] = ChildPointers[s] + children[s].Count;
        }

        ChildIndices = children.SelectMany(c => c).ToArray();
        long top = 0;
        long peak = 0;
        for (var s = 0; s < count; s++)
        {
            var k = Width(s);
            var rows = RowCount(s);
            MaxBelow = Math.Max(MaxBelow, rows - k);
            for (var q = 0; q < rows; q++)
            {
                position[RowIndices[RowPointers[s] + q]] = q;
            }

            // Entries of A in the columns of s: value target = block start + column·(k + m) + row position.
            for (var j = SupernodeStart[s]; j < SupernodeStart[s + 1]; j++)
            {
                var column = j - SupernodeStart[s];
                var columnStart = ValuePointers[s] + ((long)column * rows);
                DiagonalPositions[j] = columnStart + column;
                for (var p = final.ColumnPointers[j]; p < final.ColumnPointers[j + 1]; p++)
                {
                    ValueTargets[final.Origin[p]] = checked((int)(columnStart + position[final.RowIndices[p]]));
                }
            }

            // Extend-add maps of the children, and the multifrontal stack they occupy.
            long childrenSize = 0;
            foreach (var c in children[s])
            {
                var below = RowCount(c) - Width(c);
                childrenSize += (long)below * below;
                for (var q = RowPointers[c] + Width(c); q < RowPointers[c + 1]; q++)
                {
                    RelativeIndices[q] = position[RowIndices[q]];
                }
            }

            long mine = (long)(rows - k) * (rows - k);
            peak = Math.Max(peak, top + mine);
            top = top - childrenSize + mine;
        }

        StackSize = peak;
        BuildRuns();
    }

    private void BuildRuns()
    {
        var count = SupernodeCount;
        RunPointers = new int[count + 1];
        var starts = new List<int>();
        var targets = new List<int>();
        for (var s = 0; s < count; s++)
        {
            var first = RowPointers[s] + Width(s);
            for (var q = first; q < RowPointers[s + 1]; q++)
            {
                if (q == first || RelativeIndices[q] != RelativeIndices[q - 1] + 1)
                {
                    starts.Add(q - first);
                    targets.Add(RelativeIndices[q]);
                }
            }

            RunPointers[s + 1] = starts.Count;
        }

        RunStarts = starts.ToArray();
        RunTargets = targets.ToArray();
    }
}
