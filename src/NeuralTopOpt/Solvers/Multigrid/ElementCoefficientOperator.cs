using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// The fine-level operator, matrix-free: A·u = Σₑ (Σ_t c_{e,t} K_t)·uₑ from the per-element
/// coefficients alone (T values per element instead of a matrix of ~36 per node). Each node gathers
/// the rows of its four elements, 4 nodes per SIMD lane block, so the kernel writes every output once
/// (no scatter, no races, results independent of threads).
/// </summary>
/// <remarks>
/// For the node n and its element e in quadrant q, with a = n's local index in e:
/// <code>
///   (A·u)[n, c] = Σ_q Σ_t c_{e(q),t} Σ_b K_t[2a + c, b]·u[node_b(e), b mod 2]
/// </code>
/// The two rows of every K_t at the node are kept as broadcast constants and the 8 DOFs of each element
/// in registers; each row is multiplied over its nonzero columns by a fixed pattern (x DOFs, y DOFs or
/// all — the C11 and C22 bases touch one kind only). Measured on one core at 600×300 (thread CPU time,
/// shared machine): 5.1 ms with an index table of the nonzeros, 3.3 ms with all 8 columns, about the
/// same with the patterns; 512-bit vectors, a quadrant-outer loop specialized to the orthotropic basis,
/// or an additive finest level gave nothing here. Fixed DOFs are zeroed after the product; their Jacobi
/// weight is zero, so sweeps never move them.
/// </remarks>
internal sealed class ElementCoefficientOperator : LevelOperator
{
    private readonly TermBasis _basis;
    private readonly int[] _fixed;
    private readonly double[] _coefficients;
    private readonly Vector256<double>[] _rows;
    private readonly int[] _dofOffset;
    private readonly int[] _patterns;

    /// <summary>Creates the operator; <paramref name="fixedPositions"/> are padded positions of fixed DOFs.</summary>
    public ElementCoefficientOperator(GridLayout layout, TermBasis basis, int[] fixedPositions, ColumnRanges columns)
        : base(layout, columns)
    {
        _basis = basis;
        _fixed = fixedPositions;
        _coefficients = new double[basis.Terms * layout.ElementFieldLength];

        // For quadrant q and term t the two rows of K_t at the node, 8 columns each, and the position
        // (relative to the node's plane) of each of the element's 8 DOFs.
        _rows = new Vector256<double>[4 * basis.Terms * 16];
        _dofOffset = new int[4 * 8];
        _patterns = new int[4 * basis.Terms];

        for (var q = 0; q < 4; q++)
        {
            var (qx, qy) = NodeNeighbourhood.Quadrants[q];
            var a = NodeNeighbourhood.CentreIndex(q);
            for (var b = 0; b < 8; b++)
            {
                var (lx, ly) = NodeNeighbourhood.LocalNodes[b / 2];
                _dofOffset[(q * 8) + b] = (((2 * (qx + lx)) + (b % 2)) * layout.Stride) + qy + ly;
                for (var t = 0; t < basis.Terms; t++)
                {
                    for (var c = 0; c < 2; c++)
                    {
                        var value = basis.Entry(t, (2 * a) + c, b);
                        _rows[(((q * basis.Terms) + t) * 16) + (c * 8) + b] = Vector256.Create(value);
                        if (value != 0)
                        {
                            // Bits 0–1: the x row touches x DOFs (1) and/or y DOFs (2); bits 2–3 the same for the y row.
                            _patterns[(q * basis.Terms) + t] |= (1 << (b % 2)) << (2 * c);
                        }
                    }
                }
            }
        }
    }

    /// <summary>T, coefficients per element.</summary>
    public int Terms => _basis.Terms;

    /// <summary>The coefficient fields, one element field per term (t-major); ghosts zero.</summary>
    public double[] Coefficients => _coefficients;

    /// <inheritdoc/>
    public override long MemoryBytes => 8L * _coefficients.Length;

    /// <summary>
    /// Copies the coefficients c (element-major: T values per element, elements numbered ex·nely + ey
    /// as in the mesh) into the padded fields.
    /// </summary>
    public void SetCoefficients(ReadOnlySpan<double> coefficients)
    {
        var layout = Layout;
        var terms = _basis.Terms;
        var ny = layout.ElementsY;
        var plane = layout.ElementFieldLength;
        for (var ex = 0; ex < layout.ElementsX; ex++)
        {
            var source = coefficients.Slice(ex * ny * terms, ny * terms);
            var column = layout.Element(ex, 0);
            for (var t = 0; t < terms; t++)
            {
                var target = _coefficients.AsSpan((t * plane) + column, ny);
                for (var ey = 0; ey < ny; ey++)
                {
                    target[ey] = source[(ey * terms) + t];
                }
            }
        }
    }

    /// <inheritdoc/>
    public override void Diagonal(double[] diagonal)
    {
        var layout = Layout;
        var plane = layout.ElementFieldLength;
        Array.Clear(diagonal);
        Columns.For(layout.NodesX, 16L * layout.Stride, (first, end) =>
        {
            for (var ix = first; ix < end; ix++)
            {
                for (var iy = 0; iy < layout.NodesY; iy++)
                {
                    var node = layout.Node(ix, iy);
                    for (var c = 0; c < 2; c++)
                    {
                        double sum = 0;
                        for (var q = 0; q < 4; q++)
                        {
                            var (qx, qy) = NodeNeighbourhood.Quadrants[q];
                            var element = node + (qx * layout.Stride) + qy;
                            var a = (2 * NodeNeighbourhood.CentreIndex(q)) + c;
                            for (var t = 0; t < _basis.Terms; t++)
                            {
                                sum += _coefficients[(t * plane) + element] * _basis.Entry(t, a, a);
                            }
                        }

                        diagonal[layout.Dof(ix, iy, c)] = sum;
                    }
                }
            }
        });

        foreach (var position in _fixed)
        {
            diagonal[position] = 0;
        }
    }

    /// <inheritdoc/>
    protected override void AfterKernel(double[] output)
    {
        foreach (var position in _fixed)
        {
            output[position] = 0;
        }
    }

    /// <inheritdoc/>
    protected override void Run<TEpilogue>(double[] u, double[] output, TEpilogue epilogue, double[]? dotWith)
    {
        var layout = Layout;
        Columns.For(layout.NodesX, 40L * layout.Stride, (first, end) => RunColumns(u, output, epilogue, dotWith, first, end));
    }

    private void RunColumns<TEpilogue>(double[] u, double[] output, TEpilogue epilogue, double[]? dotWith, int first, int end)
        where TEpilogue : struct, IRowEpilogue
    {
        var layout = Layout;
        var stride = layout.Stride;
        var planeLength = layout.ElementFieldLength;
        var terms = _basis.Terms;
        ref var ur = ref MemoryMarshal.GetArrayDataReference(u);
        ref var cr = ref MemoryMarshal.GetArrayDataReference(_coefficients);
        ref var outr = ref MemoryMarshal.GetArrayDataReference(output);
        ref var kr = ref MemoryMarshal.GetArrayDataReference(_rows);
        ref var offr = ref MemoryMarshal.GetArrayDataReference(_dofOffset);
        ref var patr = ref MemoryMarshal.GetArrayDataReference(_patterns);
        ref var dr = ref MemoryMarshal.GetArrayDataReference(dotWith ?? output);
        var rows = 1 + (layout.RowBlocks * GridLayout.BlockRows);
        for (var ix = first; ix < end; ix++)
        {
            var plane = layout.Plane(ix, 0);
            var outX = plane;
            var outY = plane + stride;
            var dot = Vector256<double>.Zero;
            for (var r = 1; r < rows; r += 4)
            {
                var ax = Vector256<double>.Zero;
                var ay = Vector256<double>.Zero;
                for (var q = 0; q < 4; q++)
                {
                    ref var off = ref Unsafe.Add(ref offr, q * 8);
                    var at = plane + r;
                    var u0 = Vector256.LoadUnsafe(ref ur, (nuint)(at + off));
                    var u1 = Vector256.LoadUnsafe(ref ur, (nuint)(at + Unsafe.Add(ref off, 1)));
                    var u2 = Vector256.LoadUnsafe(ref ur, (nuint)(at + Unsafe.Add(ref off, 2)));
                    var u3 = Vector256.LoadUnsafe(ref ur, (nuint)(at + Unsafe.Add(ref off, 3)));
                    var u4 = Vector256.LoadUnsafe(ref ur, (nuint)(at + Unsafe.Add(ref off, 4)));
                    var u5 = Vector256.LoadUnsafe(ref ur, (nuint)(at + Unsafe.Add(ref off, 5)));
                    var u6 = Vector256.LoadUnsafe(ref ur, (nuint)(at + Unsafe.Add(ref off, 6)));
                    var u7 = Vector256.LoadUnsafe(ref ur, (nuint)(at + Unsafe.Add(ref off, 7)));
                    var (qx, qy) = NodeNeighbourhood.Quadrants[q];
                    var element = ((ix + 1 + qx) * stride) + qy + r;
                    ref var k = ref Unsafe.Add(ref kr, q * terms * 16);
                    for (var t = 0; t < terms; t++)
                    {
                        var c = Vector256.LoadUnsafe(ref cr, (nuint)((t * planeLength) + element));
                        var patterns = Unsafe.Add(ref patr, (q * terms) + t);
                        ax = Vector256.FusedMultiplyAdd(c, Row(patterns & 3, ref k, u0, u1, u2, u3, u4, u5, u6, u7), ax);
                        ay = Vector256.FusedMultiplyAdd(c, Row(patterns >> 2, ref Unsafe.Add(ref k, 8), u0, u1, u2, u3, u4, u5, u6, u7), ay);
                        k = ref Unsafe.Add(ref k, 16);
                    }
                }

                var zx = epilogue.Finish(ax, outX + r);
                var zy = epilogue.Finish(ay, outY + r);
                zx.StoreUnsafe(ref outr, (nuint)(outX + r));
                zy.StoreUnsafe(ref outr, (nuint)(outY + r));
                if (dotWith is not null)
                {
                    dot = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref dr, (nuint)(outX + r)), zx, dot);
                    dot = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref dr, (nuint)(outY + r)), zy, dot);
                }
            }

            if (dotWith is not null)
            {
                ColumnSum(ix, Vector256.Sum(dot));
            }
        }
    }

    /// <summary>
    /// Σ_b k[b]·u_b over one row of 8 with its zero pattern: 0 none, 1 the x DOFs (even b), 2 the y DOFs
    /// (odd b), 3 all (the Q4 bases of C11 and C22 touch only x or only y, that of C12 one of each per row).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Row(
        int pattern, ref Vector256<double> k, Vector256<double> u0, Vector256<double> u1, Vector256<double> u2, Vector256<double> u3,
        Vector256<double> u4, Vector256<double> u5, Vector256<double> u6, Vector256<double> u7)
    {
        switch (pattern)
        {
            case 1:
                return Vector256.FusedMultiplyAdd(Unsafe.Add(ref k, 2), u2, k * u0) + Vector256.FusedMultiplyAdd(Unsafe.Add(ref k, 6), u6, Unsafe.Add(ref k, 4) * u4);
            case 2:
                return Vector256.FusedMultiplyAdd(Unsafe.Add(ref k, 3), u3, Unsafe.Add(ref k, 1) * u1) + Vector256.FusedMultiplyAdd(Unsafe.Add(ref k, 7), u7, Unsafe.Add(ref k, 5) * u5);
            case 3:
                var a = Vector256.FusedMultiplyAdd(Unsafe.Add(ref k, 1), u1, k * u0);
                var b = Vector256.FusedMultiplyAdd(Unsafe.Add(ref k, 3), u3, Unsafe.Add(ref k, 2) * u2);
                var c = Vector256.FusedMultiplyAdd(Unsafe.Add(ref k, 5), u5, Unsafe.Add(ref k, 4) * u4);
                var d = Vector256.FusedMultiplyAdd(Unsafe.Add(ref k, 7), u7, Unsafe.Add(ref k, 6) * u6);
                return (a + b) + (c + d);
            default:
                return Vector256<double>.Zero;
        }
    }
}
