namespace NeuralTopOpt.Fem;

/// <summary>
/// A structured mesh of nelx × nely unit-square Q4 elements numbered as in the 88-line MATLAB code:
/// nodes column by column from the top-left corner, node (ix, iy) = ix·(nely + 1) + iy with iy = 0 on
/// the top edge; DOFs 2·node (x) and 2·node + 1 (y, positive upwards); element (ex, ey) = ex·nely + ey.
/// Element e has DOFs [2n₁ + 2, 2n₁ + 3, 2n₂ + 2, 2n₂ + 3, 2n₂, 2n₂ + 1, 2n₁, 2n₁ + 1] (0-based),
/// n₁ its top-left and n₂ = n₁ + nely + 1 its top-right node: bottom-left, bottom-right, top-right,
/// top-left, as <see cref="Q4Element"/> expects.
/// </summary>
public sealed class GridMesh : IElementMesh
{
    /// <summary>Largest number of elements along one side.</summary>
    public const int MaxElementsPerSide = 5000;

    private readonly int[] _elementDofs;

    /// <summary>Largest number of elements in all (2000 × 2000; the factor of such a mesh already needs gigabytes).</summary>
    public const int MaxElements = 4_000_000;

    /// <summary>Creates the mesh; sides must be 1 … <see cref="MaxElementsPerSide"/> elements, at most <see cref="MaxElements"/> in all.</summary>
    public GridMesh(int elementsX, int elementsY)
    {
        if (elementsX < 1 || elementsY < 1 || elementsX > MaxElementsPerSide || elementsY > MaxElementsPerSide)
        {
            throw new InvalidInputException($"the mesh must have 1 to {MaxElementsPerSide} elements per side, not {elementsX} x {elementsY}");
        }

        if ((long)elementsX * elementsY > MaxElements)
        {
            throw new InvalidInputException($"a {elementsX} x {elementsY} mesh has more than {MaxElements:N0} elements; use a coarser mesh");
        }

        ElementsX = elementsX;
        ElementsY = elementsY;
        _elementDofs = new int[ElementCount * Q4Element.DofCount];
        for (var ex = 0; ex < elementsX; ex++)
        {
            for (var ey = 0; ey < elementsY; ey++)
            {
                var n1 = (ex * (elementsY + 1)) + ey;
                var n2 = n1 + elementsY + 1;
                var dofs = _elementDofs.AsSpan(((ex * elementsY) + ey) * Q4Element.DofCount, Q4Element.DofCount);
                dofs[0] = (2 * n1) + 2;
                dofs[1] = (2 * n1) + 3;
                dofs[2] = (2 * n2) + 2;
                dofs[3] = (2 * n2) + 3;
                dofs[4] = 2 * n2;
                dofs[5] = (2 * n2) + 1;
                dofs[6] = 2 * n1;
                dofs[7] = (2 * n1) + 1;
            }
        }
    }

    /// <summary>nelx, elements along x.</summary>
    public int ElementsX { get; }

    /// <summary>nely, elements along y.</summary>
    public int ElementsY { get; }

    /// <summary>nelx · nely.</summary>
    public int ElementCount => ElementsX * ElementsY;

    /// <summary>Nodes along x (nelx + 1).</summary>
    public int NodesX => ElementsX + 1;

    /// <summary>Nodes along y (nely + 1).</summary>
    public int NodesY => ElementsY + 1;

    /// <summary>(nelx + 1)(nely + 1).</summary>
    public int NodeCount => NodesX * NodesY;

    /// <summary>2 · <see cref="NodeCount"/>.</summary>
    public int DofCount => 2 * NodeCount;

    /// <inheritdoc/>
    public int DofsPerNode => 2;

    /// <inheritdoc/>
    public int DofsPerElement => Q4Element.DofCount;

    /// <summary>The 8 DOFs of every element, element after element.</summary>
    public ReadOnlySpan<int> ElementDofs => _elementDofs;

    /// <summary>The 8 DOFs of element e.</summary>
    public ReadOnlySpan<int> DofsOf(int element) => _elementDofs.AsSpan(element * Q4Element.DofCount, Q4Element.DofCount);

    /// <summary>Node at column ix (0 = left) and row iy (0 = top).</summary>
    public int Node(int ix, int iy)
    {
        if ((uint)ix > (uint)ElementsX || (uint)iy > (uint)ElementsY)
        {
            throw new ArgumentOutOfRangeException(nameof(ix), $"node ({ix}, {iy}) is outside the {NodesX} x {NodesY} grid");
        }

        return (ix * NodesY) + iy;
    }

    /// <summary>Node at physical coordinates (x, y) with y measured upwards from the bottom edge (y = nely − iy).</summary>
    public int NodeAt(int x, int y) => Node(x, ElementsY - y);

    /// <summary>Element at column ex and row ey (0 = top).</summary>
    public int Element(int ex, int ey) => (ex * ElementsY) + ey;

    /// <summary>Nested dissection of the node grid (<see cref="Sparse.Ordering.GridNestedDissection"/>).</summary>
    public int[] NodeOrdering() => Sparse.Ordering.GridNestedDissection.Order(NodesX, NodesY);

    /// <inheritdoc/>
    public string DescribeDof(int dof)
    {
        var node = dof / 2;
        var x = node / NodesY;
        var y = ElementsY - (node % NodesY);
        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"DOF {dof} (node at x={x}, y={y}, direction {(dof % 2 == 0 ? "x" : "y")})");
    }
}
