using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// Rediscretized coarse operators: each coarse element gets the area-weighted mean of its children's
/// coefficients, c_E = Σ_{e ⊂ E} (|e|/|E|)·c_e, and the stiffness of a Q4 element of its own size,
/// K_E = M_E·(Σ_t c_{E,t} K_t(w_E, h_E))·M_E. Cheaper than Galerkin and the textbook choice for smooth
/// coefficients; at high contrast the mean smears void and solid (a coarse element half void gets half
/// the solid stiffness), which is what the measurements in docs/multigrid.md compare.
/// </summary>
internal static class Rediscretization
{
    /// <summary>Coarse coefficients (T element fields) as the area-weighted means of the fine ones.</summary>
    public static void AverageCoefficients(GridLayout fine, GridLayout coarse, int terms, double[] fineFields, double[] coarseFields, ColumnRanges columns)
    {
        Array.Clear(coarseFields);
        var finePlane = fine.ElementFieldLength;
        var coarsePlane = coarse.ElementFieldLength;
        columns.For(coarse.ElementsX, 8L * terms * coarse.Stride, (first, end) =>
        {
            for (var cx = first; cx < end; cx++)
            {
                for (var cy = 0; cy < coarse.ElementsY; cy++)
                {
                    var area = coarse.X.Width(cx) * coarse.Y.Width(cy);
                    var target = coarse.Element(cx, cy);
                    for (var ex = coarse.X.FineNode[cx]; ex < coarse.X.FineNode[cx + 1]; ex++)
                    {
                        for (var ey = coarse.Y.FineNode[cy]; ey < coarse.Y.FineNode[cy + 1]; ey++)
                        {
                            var weight = fine.X.Width(ex) * fine.Y.Width(ey) / area;
                            var source = fine.Element(ex, ey);
                            for (var t = 0; t < terms; t++)
                            {
                                coarseFields[(t * coarsePlane) + target] += weight * fineFields[(t * finePlane) + source];
                            }
                        }
                    }
                }
            }
        });
    }

    /// <summary>Packed element matrices (36 element fields) K_E = Σ_t c_{E,t} K_t(w_E, h_E), masked by the level's fixed DOFs.</summary>
    public static void ElementMatricesFromCoefficients(GridLayout layout, TermBasis basis, double[] coefficientFields, bool[] isFixed, double[] packedFields, ColumnRanges columns)
    {
        Array.Clear(packedFields);
        var plane = layout.ElementFieldLength;
        var terms = basis.Terms;

        // Square elements of the common interior size use the fine basis; the others their own.
        columns.For(layout.ElementsX, 40L * terms * layout.Stride, (first, end) =>
        {
            ref var cr = ref MemoryMarshal.GetArrayDataReference(coefficientFields);
            ref var pr = ref MemoryMarshal.GetArrayDataReference(packedFields);
            Span<double> full = stackalloc double[64];
            Span<double> packed = stackalloc double[ElementMatrices.Packed];
            Span<bool> local = stackalloc bool[8];
            var unit = basis.Scaled(1, 1);
            for (var ex = first; ex < end; ex++)
            {
                var column = layout.Element(ex, 0);
                for (var ey = 0; ey < layout.ElementsY; ey += 4)
                {
                    for (var k = 0; k < ElementMatrices.Packed; k++)
                    {
                        var sum = Vector256<double>.Zero;
                        for (var t = 0; t < terms; t++)
                        {
                            var c = Vector256.LoadUnsafe(ref cr, (nuint)((t * plane) + column + ey));
                            sum = Vector256.FusedMultiplyAdd(Vector256.Create(unit[t][k]), c, sum);
                        }

                        sum.StoreUnsafe(ref pr, (nuint)((k * plane) + column + ey));
                    }
                }

                for (var ey = 0; ey < layout.ElementsY; ey++)
                {
                    var w = layout.X.Width(ex);
                    var h = layout.Y.Width(ey);
                    GalerkinCoarsening.LocalFixed(layout, isFixed, ex, ey, local);
                    if (w == h && !local.Contains(true))
                    {
                        continue;
                    }

                    var own = basis.Scaled(w, h);
                    var at = layout.Element(ex, ey);
                    for (var k = 0; k < packed.Length; k++)
                    {
                        double sum = 0;
                        for (var t = 0; t < terms; t++)
                        {
                            sum += coefficientFields[(t * plane) + at] * own[t][k];
                        }

                        packed[k] = sum;
                    }

                    ElementMatrices.Unpack(packed, full);
                    ElementMatrices.Mask(full, local);
                    ElementMatrices.Pack(full, packed);
                    for (var k = 0; k < packed.Length; k++)
                    {
                        packedFields[(k * plane) + at] = packed[k];
                    }
                }
            }
        });
    }
}
