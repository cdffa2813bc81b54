using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// An assembled level operator on the structured grid: the symmetric 9-point block stencil that Q4
/// elements (and Galerkin products of them with bilinear transfers) produce, stored as 19 node fields —
/// the node's own 2×2 block (xx, xy, yy) and its couplings to the four forward neighbours (0, +1),
/// (+1, −1), (+1, 0), (+1, +1), 4 values each (xx, xy, yx, yy: row DOF of the node, column DOF of the
/// neighbour). The couplings to the other four neighbours are the transposes stored at them.
/// </summary>
/// <remarks>
/// 19 values per node instead of 36 for the full stencil or ~50 for compressed rows with indices; a
/// product reads each field contiguously (the backward blocks are the same fields one column or row
/// back), 4 nodes per SIMD lane block, and writes each output once.
/// </remarks>
internal sealed class StencilOperator : LevelOperator
{
    /// <summary>Fields per node: 3 for the diagonal block, 4 per forward neighbour.</summary>
    public const int FieldCount = 3 + 16;

    private readonly double[] _fields;

    public StencilOperator(GridLayout layout, ColumnRanges columns)
        : base(layout, columns)
    {
        _fields = new double[FieldCount * layout.NodeFieldLength];
    }

    /// <summary>The 19 node fields, field-major: 0 xx, 1 xy, 2 yy of the node; then for forward neighbour f the fields 3 + 4f + (xx, xy, yx, yy).</summary>
    public double[] Fields => _fields;

    /// <inheritdoc/>
    public override long MemoryBytes => 8L * _fields.Length;

    /// <summary>Index of the field holding A[(n, rowComponent), (n + Forward[f], columnComponent)].</summary>
    public static int ForwardField(int f, int rowComponent, int columnComponent) => 3 + (4 * f) + (2 * rowComponent) + columnComponent;

    /// <summary>Index of the diagonal-block field of components (a, b) (xy and yx share one).</summary>
    public static int DiagonalField(int a, int b) => a + b;

    /// <inheritdoc/>
    public override void Diagonal(double[] diagonal)
    {
        var layout = Layout;
        var plane = layout.NodeFieldLength;
        Array.Clear(diagonal);
        for (var ix = 0; ix < layout.NodesX; ix++)
        {
            var node = layout.Node(ix, 0);
            _fields.AsSpan(node, layout.NodesY).CopyTo(diagonal.AsSpan(layout.Dof(ix, 0, 0), layout.NodesY));
            _fields.AsSpan((2 * plane) + node, layout.NodesY).CopyTo(diagonal.AsSpan(layout.Dof(ix, 0, 1), layout.NodesY));
        }
    }

    /// <summary>
    /// Zeroes row and column of DOF component c of node (ix, iy) — a Dirichlet DOF: its own entries and
    /// the forward blocks of the neighbours that point at it.
    /// </summary>
    public void MaskDof(int ix, int iy, int c)
    {
        var layout = Layout;
        var plane = layout.NodeFieldLength;
        var node = layout.Node(ix, iy);
        _fields[(DiagonalField(c, c) * plane) + node] = 0;
        _fields[(DiagonalField(0, 1) * plane) + node] = 0;
        for (var f = 0; f < 4; f++)
        {
            var (fx, fy) = NodeNeighbourhood.Forward[f];
            for (var other = 0; other < 2; other++)
            {
                _fields[(ForwardField(f, c, other) * plane) + node] = 0;
                var back = node - (fx * layout.Stride) - fy;
                if (back >= 0)
                {
                    _fields[(ForwardField(f, other, c) * plane) + back] = 0;
                }
            }
        }
    }

    /// <summary>A[(n, a), (m, b)] for nodes n, m at most one apart (zero otherwise); for tests and the coarse matrix.</summary>
    public double Entry(int ix, int iy, int a, int jx, int jy, int b)
    {
        var layout = Layout;
        var plane = layout.NodeFieldLength;
        int dx = jx - ix, dy = jy - iy;
        if (dx == 0 && dy == 0)
        {
            return _fields[(DiagonalField(a, b) * plane) + layout.Node(ix, iy)];
        }

        for (var f = 0; f < 4; f++)
        {
            var (fx, fy) = NodeNeighbourhood.Forward[f];
            if (fx == dx && fy == dy)
            {
                return _fields[(ForwardField(f, a, b) * plane) + layout.Node(ix, iy)];
            }

            if (fx == -dx && fy == -dy)
            {
                return _fields[(ForwardField(f, b, a) * plane) + layout.Node(jx, jy)];
            }
        }

        return 0;
    }

    /// <inheritdoc/>
    protected override void Run<TEpilogue>(double[] u, double[] output, TEpilogue epilogue, double[]? dotWith)
    {
        var layout = Layout;
        Columns.For(layout.NodesX, 60L * layout.Stride, (first, end) => RunColumns(u, output, epilogue, dotWith, first, end));
    }

    private void RunColumns<TEpilogue>(double[] u, double[] output, TEpilogue epilogue, double[]? dotWith, int first, int end)
        where TEpilogue : struct, IRowEpilogue
    {
        var layout = Layout;
        var stride = layout.Stride;
        var plane = layout.NodeFieldLength;
        ref var ur = ref MemoryMarshal.GetArrayDataReference(u);
        ref var fr = ref MemoryMarshal.GetArrayDataReference(_fields);
        ref var outr = ref MemoryMarshal.GetArrayDataReference(output);
        ref var dr = ref MemoryMarshal.GetArrayDataReference(dotWith ?? output);
        var rows = 1 + (layout.RowBlocks * GridLayout.BlockRows);
        Span<int> forwardOffset = stackalloc int[4];
        Span<int> forwardU = stackalloc int[4];
        Span<int> backwardU = stackalloc int[4];
        for (var ix = first; ix < end; ix++)
        {
            var node = layout.Node(ix, 0) - 1;
            var ux = layout.Plane(ix, 0);
            var uy = ux + stride;
            for (var f = 0; f < 4; f++)
            {
                var (fx, fy) = NodeNeighbourhood.Forward[f];
                forwardOffset[f] = (fx * stride) + fy;
                forwardU[f] = (2 * fx * stride) + fy;
                backwardU[f] = -forwardU[f];
            }

            var dot = Vector256<double>.Zero;
            for (var r = 1; r < rows; r += 4)
            {
                var n = node + r;
                var vx = Vector256.LoadUnsafe(ref ur, (nuint)(ux + r));
                var vy = Vector256.LoadUnsafe(ref ur, (nuint)(uy + r));
                var dxy = Field(ref fr, 1, plane, n);
                var yx = Field(ref fr, 0, plane, n) * vx;
                var yy = Field(ref fr, 2, plane, n) * vy;
                yx = Vector256.FusedMultiplyAdd(dxy, vy, yx);
                yy = Vector256.FusedMultiplyAdd(dxy, vx, yy);

                // Forward blocks A[n, n + f] and backward blocks A[n, n − f] = A[n − f, n]ᵀ (stored at n − f)
                // in separate accumulators, so the FMA chains overlap.
                var zx = Vector256<double>.Zero;
                var zy = Vector256<double>.Zero;
                for (var f = 0; f < 4; f++)
                {
                    var fn = 3 + (4 * f);
                    var mx = Vector256.LoadUnsafe(ref ur, (nuint)(ux + r + forwardU[f]));
                    var my = Vector256.LoadUnsafe(ref ur, (nuint)(uy + r + forwardU[f]));
                    yx = Vector256.FusedMultiplyAdd(Field(ref fr, fn, plane, n), mx, yx);
                    yy = Vector256.FusedMultiplyAdd(Field(ref fr, fn + 2, plane, n), mx, yy);
                    yx = Vector256.FusedMultiplyAdd(Field(ref fr, fn + 1, plane, n), my, yx);
                    yy = Vector256.FusedMultiplyAdd(Field(ref fr, fn + 3, plane, n), my, yy);

                    var b = n - forwardOffset[f];
                    var bx = Vector256.LoadUnsafe(ref ur, (nuint)(ux + r + backwardU[f]));
                    var by = Vector256.LoadUnsafe(ref ur, (nuint)(uy + r + backwardU[f]));
                    zx = Vector256.FusedMultiplyAdd(Field(ref fr, fn, plane, b), bx, zx);
                    zy = Vector256.FusedMultiplyAdd(Field(ref fr, fn + 1, plane, b), bx, zy);
                    zx = Vector256.FusedMultiplyAdd(Field(ref fr, fn + 2, plane, b), by, zx);
                    zy = Vector256.FusedMultiplyAdd(Field(ref fr, fn + 3, plane, b), by, zy);
                }

                yx += zx;
                yy += zy;
                var ox = epilogue.Finish(yx, ux + r);
                var oy = epilogue.Finish(yy, uy + r);
                ox.StoreUnsafe(ref outr, (nuint)(ux + r));
                oy.StoreUnsafe(ref outr, (nuint)(uy + r));
                if (dotWith is not null)
                {
                    dot = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref dr, (nuint)(ux + r)), ox, dot);
                    dot = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref dr, (nuint)(uy + r)), oy, dot);
                }
            }

            if (dotWith is not null)
            {
                ColumnSum(ix, Vector256.Sum(dot));
            }
        }
    }

    private static Vector256<double> Field(ref double fields, int field, int plane, int node) =>
        Vector256.LoadUnsafe(ref fields, (nuint)((field * plane) + node));
}
