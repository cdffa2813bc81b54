using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// The Galerkin coarse operator A_c = Pᵀ·A·P, computed element by element: every fine element lies in
/// one coarse element E, on which the bilinear P is the element-local P_e, so
/// <code>
///   K_E = M_E · Σ_{e ⊂ E} P_eᵀ (M_e Kₑ M_e) P_e · M_E,     A_c = Σ_E K_E (assembled),
/// </code>
/// M the Dirichlet masks. The coarse level keeps the element structure, so the next level is built
/// the same way and the stencil of every level is gathered from its element matrices.
/// </summary>
/// <remarks>
/// Interior coarse elements — four equal children, no fixed DOF — take a fast path: K_E is a fixed
/// linear map of the children's data, 4 × T coefficients (Kₑ = Σ_t c_t K_t on the finest level) or
/// 4 × 36 packed entries (coarser levels), with weights computed once; 4 coarse elements run in SIMD
/// lanes (their children's rows are split even/odd). The other elements (the odd last row or column,
/// the neighbourhood of supports) go through the explicit triple product.
/// </remarks>
internal sealed class GalerkinCoarsening
{
    private readonly GridTransfer _transfer;
    private readonly bool[] _fineFixed;
    private readonly bool[] _coarseFixed;
    private readonly ColumnRanges _columns;
    private readonly int[][] _special;
    private readonly (int Input, Vector256<double> Weight)[][] _terms;
    private readonly TermBasis? _basis;

    /// <summary>
    /// Prepares the coarsening; <paramref name="fineFixed"/> and <paramref name="coarseFixed"/> flag fixed DOFs by
    /// padded position. The fine data are basis coefficients (T element fields) when <paramref name="coefficientBasis"/>
    /// is given — the finest level, not yet masked — else packed element matrices (36 element fields, masked).
    /// </summary>
    public GalerkinCoarsening(GridTransfer transfer, bool[] fineFixed, bool[] coarseFixed, TermBasis? coefficientBasis, ColumnRanges columns)
    {
        _transfer = transfer;
        _fineFixed = fineFixed;
        _coarseFixed = coarseFixed;
        _columns = columns;
        _basis = coefficientBasis;
        var maskedSource = coefficientBasis is null;
        _terms = coefficientBasis is null
            ? BuildTerms(ElementMatrices.Packed, input =>
            {
                // Unit input: the packed entry `input` of a symmetric matrix.
                var k = new double[64];
                var (a, b) = Unpacked(input);
                k[(a * 8) + b] = 1;
                k[(b * 8) + a] = 1;
                return k;
            })
            : BuildTerms(coefficientBasis.Terms, input =>
            {
                var k = new double[64];
                ElementMatrices.Unpack(coefficientBasis.Packed(input), k);
                return k;
            });
        var coarse = transfer.Coarse;
        _special = new int[coarse.ElementsX][];
        for (var cx = 0; cx < coarse.ElementsX; cx++)
        {
            var rows = new List<int>();
            for (var cy = 0; cy < coarse.ElementsY; cy++)
            {
                if (!IsRegular(cx, cy, maskedSource))
                {
                    rows.Add(cy);
                }
            }

            _special[cx] = rows.ToArray();
        }
    }

    /// <summary>Coarse elements that take the explicit path.</summary>
    public int SpecialCount => _special.Sum(s => s.Length);

    /// <summary>Fields per fine element of the source: T coefficients or 36 packed entries.</summary>
    public int SourceFields => _basis?.Terms ?? ElementMatrices.Packed;

    /// <summary>
    /// K_E (packed, 36 element fields of <paramref name="target"/>) of the coarse elements in columns
    /// [<paramref name="first"/>, <paramref name="end"/>) from the fine data in <paramref name="source"/>; the
    /// target columns are cleared first. Windows must hold the columns read and written.
    /// </summary>
    public void Compute(ElementWindow source, ElementWindow target, int first, int end, ColumnRanges? columns = null)
    {
        var fine = _transfer.Fine;
        var coarse = _transfer.Coarse;
        var inputs = SourceFields;
        (columns ?? _columns).For(end - first, 20L * inputs * coarse.Stride, (from, to) =>
        {
            from += first;
            to += first;
            for (var k = 0; k < ElementMatrices.Packed; k++)
            {
                var start = (k * target.PlaneLength) + target.Offset(coarse, from, -1);
                Array.Clear(target.Data, start, (to - from) * coarse.Stride);
            }

            FastColumns(source, target, from, to);
            var kFull = new double[64];
            for (var cx = from; cx < to; cx++)
            {
                foreach (var cy in _special[cx])
                {
                    Explicit(source, target, cx, cy, kFull);
                }
            }
        });
    }

    /// <summary>The full 8×8 matrix of fine element (ex, ey) from the source (unmasked for coefficients).</summary>
    private void FineMatrix(ElementWindow source, int ex, int ey, double[] kFull)
    {
        var at = source.Offset(_transfer.Fine, ex, ey);
        Array.Clear(kFull);
        if (_basis is not null)
        {
            for (var t = 0; t < _basis.Terms; t++)
            {
                var c = source.Data[(t * source.PlaneLength) + at];
                var kt = _basis.Packed(t);
                for (var a = 0; a < 8; a++)
                {
                    for (var b = 0; b <= a; b++)
                    {
                        var v = c * kt[Fem.Q4Element.PackedIndex(a, b)];
                        kFull[(a * 8) + b] += v;
                        if (a != b)
                        {
                            kFull[(b * 8) + a] += v;
                        }
                    }
                }
            }
        }
        else
        {
            Span<double> packed = stackalloc double[ElementMatrices.Packed];
            for (var k = 0; k < packed.Length; k++)
            {
                packed[k] = source.Data[(k * source.PlaneLength) + at];
            }

            ElementMatrices.Unpack(packed, kFull);
        }
    }

    private static (int A, int B) Unpacked(int index)
    {
        for (var a = 0; a < 8; a++)
        {
            if (index < (a + 1) * (a + 2) / 2)
            {
                return (a, index - (a * (a + 1) / 2));
            }
        }

        throw new ArgumentOutOfRangeException(nameof(index));
    }

    /// <summary>
    /// The fast-path weights: for each packed coarse entry (i, j), the terms (pos·inputs + s, w) with
    /// w = (P_posᵀ·Kₛ·P_pos)[i, j], Kₛ the full matrix of unit input s (a basis matrix or a packed entry).
    /// </summary>
    private static (int, Vector256<double>)[][] BuildTerms(int inputs, Func<int, double[]> unitMatrix)
    {
        var sums = new Dictionary<int, double>[ElementMatrices.Packed];
        for (var k = 0; k < sums.Length; k++)
        {
            sums[k] = [];
        }

        Span<double> product = stackalloc double[64];
        for (var pos = 0; pos < 4; pos++)
        {
            var p = UniformProlongation(pos % 2, pos / 2);
            for (var s = 0; s < inputs; s++)
            {
                var k = unitMatrix(s);
                product.Clear();
                ElementMatrices.AddTripleProduct(p, k, product);
                for (var i = 0; i < 8; i++)
                {
                    for (var j = 0; j <= i; j++)
                    {
                        var w = product[(i * 8) + j];
                        if (w != 0)
                        {
                            var key = (pos * inputs) + s;
                            sums[Fem.Q4Element.PackedIndex(i, j)][key] = sums[Fem.Q4Element.PackedIndex(i, j)].GetValueOrDefault(key) + w;
                        }
                    }
                }
            }
        }

        return sums.Select(d => d.OrderBy(kv => kv.Key).Select(kv => (kv.Key, Vector256.Create(kv.Value))).ToArray()).ToArray();
    }

    /// <summary>P of the child at (px, py) ∈ {0, 1}² of a coarse element twice its size (bilinear, unmasked).</summary>
    private static double[] UniformProlongation(int px, int py)
    {
        var p = new double[64];
        for (var a = 0; a < 4; a++)
        {
            var (ax, ay) = NodeNeighbourhood.LocalNodes[a];
            double fx = px + ax, fy = py + ay;
            for (var b = 0; b < 4; b++)
            {
                var (bx, by) = NodeNeighbourhood.LocalNodes[b];
                var w = (1 - (Math.Abs(fx - (2 * bx)) / 2)) * (1 - (Math.Abs(fy - (2 * by)) / 2));
                p[(((2 * a) + 0) * 8) + (2 * b) + 0] = w;
                p[(((2 * a) + 1) * 8) + (2 * b) + 1] = w;
            }
        }

        return p;
    }

    private void FastColumns(ElementWindow source, ElementWindow target, int first, int end)
    {
        var fine = _transfer.Fine;
        var coarse = _transfer.Coarse;
        var terms = _terms;
        var inputs = SourceFields;
        var finePlane = source.PlaneLength;
        var coarsePlane = target.PlaneLength;
        Span<Vector256<double>> lanes = stackalloc Vector256<double>[4 * inputs];
        ref var sr = ref MemoryMarshal.GetArrayDataReference(source.Data);
        ref var cr = ref MemoryMarshal.GetArrayDataReference(target.Data);
        for (var cx = first; cx < end; cx++)
        {
            if (coarse.X.ChildCount(cx) != 2)
            {
                continue;
            }

            for (var cy = 0; cy < coarse.ElementsY; cy += 4)
            {
                // Children rows 2cy … 2cy + 7 of fine columns 2cx, 2cx + 1, split even/odd.
                for (var px = 0; px < 2; px++)
                {
                    var column = source.Offset(fine, coarse.X.FineNode[cx] + px, 2 * cy);
                    for (var s = 0; s < inputs; s++)
                    {
                        var at = (s * finePlane) + column;
                        Lanes.Deinterleave(
                            Vector256.LoadUnsafe(ref sr, (nuint)at),
                            Vector256.LoadUnsafe(ref sr, (nuint)(at + 4)),
                            out var even,
                            out var odd);
                        lanes[(px * inputs) + s] = even;
                        lanes[((2 + px) * inputs) + s] = odd;
                    }
                }

                var coarseAt = target.Offset(coarse, cx, cy);
                for (var k = 0; k < terms.Length; k++)
                {
                    var sum = Vector256<double>.Zero;
                    foreach (var (input, weight) in terms[k])
                    {
                        sum = Vector256.FusedMultiplyAdd(weight, lanes[input], sum);
                    }

                    sum.StoreUnsafe(ref cr, (nuint)((k * coarsePlane) + coarseAt));
                }
            }
        }
    }

    /// <summary>K_E by the explicit triple product over the children, masks applied.</summary>
    private void Explicit(ElementWindow source, ElementWindow target, int cx, int cy, double[] kFull)
    {
        var fine = _transfer.Fine;
        var coarse = _transfer.Coarse;
        Span<double> p = stackalloc double[64];
        Span<double> total = stackalloc double[64];
        Span<bool> isFixed = stackalloc bool[8];
        total.Clear();
        for (var ex = coarse.X.FineNode[cx]; ex < coarse.X.FineNode[cx + 1]; ex++)
        {
            for (var ey = coarse.Y.FineNode[cy]; ey < coarse.Y.FineNode[cy + 1]; ey++)
            {
                FineMatrix(source, ex, ey, kFull);
                LocalFixed(fine, _fineFixed, ex, ey, isFixed);
                ElementMatrices.Mask(kFull, isFixed);
                _transfer.ElementProlongation(cx, cy, ex, ey, _ => false, p);
                ElementMatrices.AddTripleProduct(p, kFull, total);
            }
        }

        LocalFixed(coarse, _coarseFixed, cx, cy, isFixed);
        ElementMatrices.Mask(total, isFixed);
        Span<double> packed = stackalloc double[ElementMatrices.Packed];
        ElementMatrices.Pack(total, packed);
        var at = target.Offset(coarse, cx, cy);
        for (var k = 0; k < packed.Length; k++)
        {
            target.Data[(k * target.PlaneLength) + at] = packed[k];
        }
    }

    /// <summary>Which of element (ex, ey)'s 8 local DOFs are fixed.</summary>
    internal static void LocalFixed(GridLayout layout, bool[] isFixed, int ex, int ey, Span<bool> local)
    {
        for (var a = 0; a < 4; a++)
        {
            var (ax, ay) = NodeNeighbourhood.LocalNodes[a];
            for (var c = 0; c < 2; c++)
            {
                local[(2 * a) + c] = isFixed[layout.Dof(ex + ax, ey + ay, c)];
            }
        }
    }

    /// <summary>Four equal children, no fixed DOF among them (unless the source is masked) nor on E.</summary>
    private bool IsRegular(int cx, int cy, bool maskedSource)
    {
        var fine = _transfer.Fine;
        var coarse = _transfer.Coarse;
        if (coarse.X.ChildCount(cx) != 2 || coarse.Y.ChildCount(cy) != 2)
        {
            return false;
        }

        var x0 = coarse.X.FineNode[cx];
        var y0 = coarse.Y.FineNode[cy];
        if (fine.X.Width(x0) != fine.X.Width(x0 + 1) || fine.Y.Width(y0) != fine.Y.Width(y0 + 1))
        {
            return false;
        }

        Span<bool> local = stackalloc bool[8];
        LocalFixed(coarse, _coarseFixed, cx, cy, local);
        if (local.Contains(true))
        {
            return false;
        }

        if (!maskedSource)
        {
            for (var ex = x0; ex < x0 + 2; ex++)
            {
                for (var ey = y0; ey < y0 + 2; ey++)
                {
                    LocalFixed(fine, _fineFixed, ex, ey, local);
                    if (local.Contains(true))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }
}

/// <summary>
/// Element fields (one or more planes) of a level for a range of element columns: the whole level, or a
/// window of columns [<see cref="FirstColumn"/>, …) stored as if it were a narrower grid (its own ghost column
/// on each side). Plane k holds element (ex, ey) at k·<see cref="PlaneLength"/> + <see cref="Offset"/>.
/// </summary>
internal readonly record struct ElementWindow(double[] Data, int PlaneLength, int FirstColumn)
{
    /// <summary>The whole level's fields.</summary>
    public static ElementWindow Whole(double[] data, GridLayout layout) => new(data, layout.ElementFieldLength, 0);

    /// <summary>Values a window of <paramref name="columns"/> element columns and <paramref name="planes"/> planes needs.</summary>
    public static int Length(GridLayout layout, int columns, int planes) => planes * (columns + 2) * layout.Stride;

    /// <summary>Position of element (ex, ey) within a plane.</summary>
    public int Offset(GridLayout layout, int ex, int ey) => layout.Element(ex, ey) - (FirstColumn * layout.Stride);
}
