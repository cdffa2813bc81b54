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
/// The products Σ_b K_t[2a + c, b]·u_b run over the nonzero entries only (the basis of C11 couples only
/// x DOFs, that of C22 only y DOFs), collected once in a term table. Fixed DOFs are zeroed after the
/// product; their Jacobi weight is zero, so sweeps never move them.
/// </remarks>
internal sealed class ElementCoefficientOperator : LevelOperator
{
    private readonly TermBasis _basis;
    private readonly int[] _fixed;
    private readonly int[] _termStart;
    private readonly int[] _termSlot;
    private readonly Vector256<double>[] _termValue;
    private readonly double[] _coefficients;

    /// <summary>Creates the operator; <paramref name="fixedPositions"/> are padded positions of fixed DOFs.</summary>
    public ElementCoefficientOperator(GridLayout layout, TermBasis basis, int[] fixedPositions, ColumnRanges columns)
        : base(layout, columns)
    {
        _basis = basis;
        _fixed = fixedPositions;
        _coefficients = new double[basis.Terms * layout.ElementFieldLength];

        // Term table: for (q, t, c) the nonzero K_t[2a + c, b] and the neighbourhood slot of DOF b.
        var starts = new List<int> { 0 };
        var slots = new List<int>();
        var values = new List<Vector256<double>>();
        for (var q = 0; q < 4; q++)
        {
            var (qx, qy) = NodeNeighbourhood.Quadrants[q];
            var a = NodeNeighbourhood.CentreIndex(q);
            for (var t = 0; t < basis.Terms; t++)
            {
                for (var c = 0; c < 2; c++)
                {
                    for (var b = 0; b < 8; b++)
                    {
                        var value = basis.Entry(t, (2 * a) + c, b);
                        if (value == 0)
                        {
                            continue;
                        }

                        var (lx, ly) = NodeNeighbourhood.LocalNodes[b / 2];
                        slots.Add(NodeNeighbourhood.Slot(qx + lx, qy + ly, b % 2));
                        values.Add(Vector256.Create(value));
                    }

                    starts.Add(slots.Count);
                }
            }
        }

        _termStart = starts.ToArray();
        _termSlot = slots.ToArray();
        _termValue = values.ToArray();
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
    protected override void Run<TEpilogue>(double[] u, double[] output, TEpilogue epilogue)
    {
        var layout = Layout;
        Columns.For(layout.NodesX, 40L * layout.Stride, (first, end) => RunColumns(u, output, epilogue, first, end));
    }

    private void RunColumns<TEpilogue>(double[] u, double[] output, TEpilogue epilogue, int first, int end)
        where TEpilogue : struct, IRowEpilogue
    {
        var layout = Layout;
        var stride = layout.Stride;
        var plane = layout.ElementFieldLength;
        var terms = _basis.Terms;
        Span<int> slotOffset = stackalloc int[18];
        Span<int> elementOffset = stackalloc int[4];
        Span<Vector256<double>> neighbours = stackalloc Vector256<double>[18];
        ref var ur = ref MemoryMarshal.GetArrayDataReference(u);
        ref var cr = ref MemoryMarshal.GetArrayDataReference(_coefficients);
        ref var outr = ref MemoryMarshal.GetArrayDataReference(output);
        var termStart = _termStart;
        var termSlot = _termSlot;
        var termValue = _termValue;
        var rows = 1 + (layout.RowBlocks * GridLayout.BlockRows);
        for (var ix = first; ix < end; ix++)
        {
            for (var dx = -1; dx <= 1; dx++)
            {
                for (var dy = -1; dy <= 1; dy++)
                {
                    for (var c = 0; c < 2; c++)
                    {
                        slotOffset[NodeNeighbourhood.Slot(dx, dy, c)] = layout.Plane(ix + dx, c) + dy;
                    }
                }
            }

            for (var q = 0; q < 4; q++)
            {
                var (qx, qy) = NodeNeighbourhood.Quadrants[q];
                elementOffset[q] = ((ix + 1 + qx) * stride) + qy;
            }

            var outX = layout.Plane(ix, 0);
            var outY = layout.Plane(ix, 1);
            for (var r = 1; r < rows; r += 4)
            {
                for (var s = 0; s < 18; s++)
                {
                    neighbours[s] = Vector256.LoadUnsafe(ref ur, (nuint)(slotOffset[s] + r));
                }

                var yx = Vector256<double>.Zero;
                var yy = Vector256<double>.Zero;
                var k = 0;
                for (var q = 0; q < 4; q++)
                {
                    var element = elementOffset[q] + r;
                    for (var t = 0; t < terms; t++)
                    {
                        var coefficient = Vector256.LoadUnsafe(ref cr, (nuint)((t * plane) + element));
                        var sx = Vector256<double>.Zero;
                        for (var j = termStart[k]; j < termStart[k + 1]; j++)
                        {
                            sx = Vector256.FusedMultiplyAdd(termValue[j], neighbours[termSlot[j]], sx);
                        }

                        var sy = Vector256<double>.Zero;
                        for (var j = termStart[k + 1]; j < termStart[k + 2]; j++)
                        {
                            sy = Vector256.FusedMultiplyAdd(termValue[j], neighbours[termSlot[j]], sy);
                        }

                        yx = Vector256.FusedMultiplyAdd(coefficient, sx, yx);
                        yy = Vector256.FusedMultiplyAdd(coefficient, sy, yy);
                        k += 2;
                    }
                }

                epilogue.Finish(yx, outX + r).StoreUnsafe(ref outr, (nuint)(outX + r));
                epilogue.Finish(yy, outY + r).StoreUnsafe(ref outr, (nuint)(outY + r));
            }
        }
    }
}
