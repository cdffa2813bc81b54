namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// Memory layout of the vectors and fields of one 2D level, padded so that the kernels run over node
/// rows in SIMD lanes without a boundary case: a ring of ghost nodes (and ghost elements) that always
/// hold zero surrounds the grid.
/// </summary>
/// <remarks>
/// Node (ix, iy) — ix from the left, iy from the top, as in <see cref="Fem.GridMesh"/> — has padded
/// column ix + 1 and padded row iy + 1. A vector stores, column after column, the x components of the
/// column's <see cref="Stride"/> rows, then its y components: DOF (ix, iy, c) is at
/// ((ix + 1)·2 + c)·S + iy + 1. A node field (one value per node, e.g. a stencil plane) is at
/// (ix + 1)·S + iy + 1, and an element field at (ex + 1)·S + ey + 1 (element (ex, ey) spans nodes ex … ex + 1,
/// ey … ey + 1). S ≥ nodesY + 2 is rounded up so that every row block of <see cref="BlockRows"/> lanes and
/// its neighbours one row up or down stay inside the column.
/// </remarks>
internal sealed class GridLayout
{
    /// <summary>Rows processed together: a multiple of every SIMD width used (4 for 256-bit, 8 for 512-bit doubles).</summary>
    public const int BlockRows = 8;

    /// <summary>Creates the layout of the tensor grid <paramref name="x"/> × <paramref name="y"/>.</summary>
    public GridLayout(GridAxis x, GridAxis y)
    {
        X = x;
        Y = y;
        NodesX = x.NodeCount;
        NodesY = y.NodeCount;
        RowBlocks = (NodesY + BlockRows - 1) / BlockRows;
        Stride = (RowBlocks * BlockRows) + BlockRows;
        Length = (NodesX + 2) * 2 * Stride;
        NodeFieldLength = (NodesX + 2) * Stride;
        ElementFieldLength = (NodesX + 1) * Stride;
    }

    /// <summary>Axis along x.</summary>
    public GridAxis X { get; }

    /// <summary>Axis along y (downwards, as the mesh's rows).</summary>
    public GridAxis Y { get; }

    /// <summary>Nodes along x.</summary>
    public int NodesX { get; }

    /// <summary>Nodes along y.</summary>
    public int NodesY { get; }

    /// <summary>Elements along x.</summary>
    public int ElementsX => NodesX - 1;

    /// <summary>Elements along y.</summary>
    public int ElementsY => NodesY - 1;

    /// <summary>DOFs of the grid (2 per node), ghosts excluded.</summary>
    public int DofCount => 2 * NodesX * NodesY;

    /// <summary>S, the padded rows of one column plane.</summary>
    public int Stride { get; }

    /// <summary>Blocks of <see cref="BlockRows"/> rows covering the node rows 1 … nodesY.</summary>
    public int RowBlocks { get; }

    /// <summary>Length of a padded vector (2 DOFs per node).</summary>
    public int Length { get; }

    /// <summary>Length of a padded node field (one value per node).</summary>
    public int NodeFieldLength { get; }

    /// <summary>Length of a padded element field (one value per element).</summary>
    public int ElementFieldLength { get; }

    /// <summary>Position of DOF component <paramref name="c"/> (0 = x, 1 = y) of node (ix, iy) in a padded vector.</summary>
    public int Dof(int ix, int iy, int c) => ((((ix + 1) * 2) + c) * Stride) + iy + 1;

    /// <summary>Start of the plane of component <paramref name="c"/> of node column ix (row 0 is the ghost above the grid).</summary>
    public int Plane(int ix, int c) => (((ix + 1) * 2) + c) * Stride;

    /// <summary>Position of node (ix, iy) in a node field.</summary>
    public int Node(int ix, int iy) => ((ix + 1) * Stride) + iy + 1;

    /// <summary>Position of element (ex, ey) in an element field.</summary>
    public int Element(int ex, int ey) => ((ex + 1) * Stride) + ey + 1;

    /// <summary>
    /// Copies a vector in mesh numbering (DOF 2·(ix·nodesY + iy) + c) into the padded layout, ghosts zero.
    /// </summary>
    public void FromMesh(ReadOnlySpan<double> mesh, Span<double> padded)
    {
        CheckLengths(mesh.Length, padded.Length);
        padded.Clear();
        for (var ix = 0; ix < NodesX; ix++)
        {
            var source = mesh.Slice(2 * ix * NodesY, 2 * NodesY);
            var px = padded.Slice(Plane(ix, 0) + 1, NodesY);
            var py = padded.Slice(Plane(ix, 1) + 1, NodesY);
            for (var iy = 0; iy < NodesY; iy++)
            {
                px[iy] = source[2 * iy];
                py[iy] = source[(2 * iy) + 1];
            }
        }
    }

    /// <summary>Copies a padded vector back to mesh numbering.</summary>
    public void ToMesh(ReadOnlySpan<double> padded, Span<double> mesh)
    {
        CheckLengths(mesh.Length, padded.Length);
        for (var ix = 0; ix < NodesX; ix++)
        {
            var target = mesh.Slice(2 * ix * NodesY, 2 * NodesY);
            var px = padded.Slice(Plane(ix, 0) + 1, NodesY);
            var py = padded.Slice(Plane(ix, 1) + 1, NodesY);
            for (var iy = 0; iy < NodesY; iy++)
            {
                target[2 * iy] = px[iy];
                target[(2 * iy) + 1] = py[iy];
            }
        }
    }

    /// <summary>Padded position of mesh DOF <paramref name="dof"/> = 2·(ix·nodesY + iy) + c.</summary>
    public int FromMeshDof(int dof)
    {
        var node = dof / 2;
        return Dof(node / NodesY, node % NodesY, dof % 2);
    }

    private void CheckLengths(int mesh, int padded)
    {
        if (mesh != DofCount || padded != Length)
        {
            throw new ArgumentException($"expected {DofCount} mesh DOFs and {Length} padded values, got {mesh} and {padded}");
        }
    }
}
