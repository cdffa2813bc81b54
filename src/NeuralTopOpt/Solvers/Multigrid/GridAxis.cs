namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// One axis of a structured multigrid level: the node coordinates along it (in fine-element units,
/// 0 … n) and, for a coarse axis, which fine node each coarse node sits on. A tensor product of axes
/// is a level (two in 2D, three for hexahedra).
/// </summary>
/// <remarks>
/// Coarsening keeps every other node and always the last: coarse node J sits on fine node
/// min(2J, n). An even number of elements halves exactly (the coarse elements have twice the fine
/// size); an odd one ends with one coarse element as long as a single fine element, so any size
/// coarsens — 125 elements become 63 (62 of width 2, the last of width 1), then 32, 16, 8. A fine node
/// between two coarse nodes takes the linear interpolation of their values by position (weights ½, ½
/// on a uniform stretch), so the 2D prolongation is bilinear.
/// </remarks>
internal sealed class GridAxis
{
    private readonly double[] _coordinates;
    private readonly int[] _fineNode;

    private GridAxis(double[] coordinates, int[] fineNode)
    {
        _coordinates = coordinates;
        _fineNode = fineNode;
    }

    /// <summary>Number of nodes (elements + 1).</summary>
    public int NodeCount => _coordinates.Length;

    /// <summary>Number of elements (intervals).</summary>
    public int ElementCount => _coordinates.Length - 1;

    /// <summary>Node coordinates, ascending, in fine-element units.</summary>
    public ReadOnlySpan<double> Coordinates => _coordinates;

    /// <summary>For a coarsened axis: the node of the finer axis each node sits on (empty for the finest).</summary>
    public ReadOnlySpan<int> FineNode => _fineNode;

    /// <summary>True when the axis has at least two elements, so it can be coarsened.</summary>
    public bool CanCoarsen => ElementCount >= 2;

    /// <summary>The finest axis: <paramref name="elements"/> unit elements.</summary>
    public static GridAxis Uniform(int elements)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(elements, 1);
        var coordinates = new double[elements + 1];
        for (var i = 0; i <= elements; i++)
        {
            coordinates[i] = i;
        }

        return new GridAxis(coordinates, []);
    }

    /// <summary>Width of element e.</summary>
    public double Width(int element) => _coordinates[element + 1] - _coordinates[element];

    /// <summary>The coarse axis: every other node and the last (see the type remarks).</summary>
    public GridAxis Coarsen()
    {
        if (!CanCoarsen)
        {
            throw new InvalidOperationException("an axis of one element cannot be coarsened");
        }

        var n = ElementCount;
        var coarseNodes = (n / 2) + 1 + (n % 2);
        var fineNode = new int[coarseNodes];
        var coordinates = new double[coarseNodes];
        for (var j = 0; j < coarseNodes; j++)
        {
            fineNode[j] = Math.Min(2 * j, n);
            coordinates[j] = _coordinates[fineNode[j]];
        }

        return new GridAxis(coordinates, fineNode);
    }

    /// <summary>The same nodes as a coarse axis of this one (no coarsening along this axis: semi-coarsening of the other).</summary>
    public GridAxis Keep()
    {
        var fineNode = new int[NodeCount];
        for (var j = 0; j < fineNode.Length; j++)
        {
            fineNode[j] = j;
        }

        return new GridAxis(_coordinates, fineNode);
    }

    /// <summary>
    /// Interpolation from this (coarse) axis to <paramref name="fine"/>: for every fine node i the two
    /// coarse nodes around it, <paramref name="left"/>[i] and <paramref name="left"/>[i] + 1, and the weight
    /// of the left one (1 on a coincident node, whose right weight 1 − w is then 0).
    /// </summary>
    public void InterpolationTo(GridAxis fine, Span<int> left, Span<double> leftWeight)
    {
        ArgumentNullException.ThrowIfNull(fine);
        if (left.Length != fine.NodeCount || leftWeight.Length != fine.NodeCount || _fineNode.Length != NodeCount)
        {
            throw new ArgumentException("the tables need one entry per fine node of the axis this one coarsens");
        }

        for (var j = 0; j < NodeCount; j++)
        {
            var i = _fineNode[j];
            left[i] = Math.Min(j, NodeCount - 2);
            leftWeight[i] = j == NodeCount - 1 && NodeCount > 1 ? 0 : 1;
            if (j + 1 < NodeCount && _fineNode[j + 1] == i + 2)
            {
                var x = fine._coordinates[i + 1];
                left[i + 1] = j;
                leftWeight[i + 1] = (_coordinates[j + 1] - x) / (_coordinates[j + 1] - _coordinates[j]);
            }
        }
    }

    /// <summary>Fine elements inside coarse element E: from <c>FineNode[E]</c> to <c>FineNode[E + 1]</c> (one or two).</summary>
    public int ChildCount(int element) => _fineNode[element + 1] - _fineNode[element];
}
