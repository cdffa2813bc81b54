using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// Assembles a <see cref="StencilOperator"/> from element data by gathering at each node: every stencil
/// field is a sum over the (one, two or four) elements that contain both the node and the neighbour,
/// <code>
///   A[(n, a), (m, b)] = Σ_{e ∋ n, m} Kₑ[2·loc_e(n) + a, 2·loc_e(m) + b],
/// </code>
/// with Kₑ given either as packed element matrices (36 element fields) or as coefficients of a basis,
/// Kₑ = Σ_t c_{e,t} K_t (T element fields). Each field of each node is written once.
/// </summary>
internal static class StencilAssembly
{
    private static readonly List<(int Source, int Quadrant, double Weight)>[] PackedTerms = Terms((a, b) => [(Q4Element.PackedIndex(a, b), 1.0)]);

    /// <summary>A stencil from packed element matrices: 36 element fields (packed lower triangle, <see cref="Q4Element.PackedIndex"/>).</summary>
    public static void FromElementMatrices(double[] packedFields, StencilOperator target, ColumnRanges columns) =>
        Assemble(ElementWindow.Whole(packedFields, target.Layout), PackedTerms, target, 0, target.Layout.NodesX, columns);

    /// <summary>
    /// The stencil of node columns [<paramref name="first"/>, <paramref name="end"/>) from packed element matrices in a
    /// window that holds element columns first − 1 … end − 1.
    /// </summary>
    public static void FromElementMatrices(ElementWindow packed, StencilOperator target, int first, int end, ColumnRanges columns) =>
        Assemble(packed, PackedTerms, target, first, end, columns);

    /// <summary>A stencil from basis coefficients: T element fields, Kₑ = Σ_t c_{e,t} K_t.</summary>
    public static void FromCoefficients(double[] coefficientFields, TermBasis basis, StencilOperator target, ColumnRanges columns)
    {
        var terms = Terms((a, b) =>
        {
            var list = new List<(int, double)>();
            for (var t = 0; t < basis.Terms; t++)
            {
                var value = basis.Entry(t, a, b);
                if (value != 0)
                {
                    list.Add((t, value));
                }
            }

            return list;
        });
        Assemble(ElementWindow.Whole(coefficientFields, target.Layout), terms, target, 0, target.Layout.NodesX, columns);
    }

    /// <summary>For each stencil field: (source field, quadrant, weight) triples.</summary>
    private static List<(int Source, int Quadrant, double Weight)>[] Terms(Func<int, int, IEnumerable<(int Source, double Weight)>> entry)
    {
        var terms = new List<(int, int, double)>[StencilOperator.FieldCount];
        for (var p = 0; p < terms.Length; p++)
        {
            terms[p] = [];
        }

        for (var q = 0; q < 4; q++)
        {
            var centre = NodeNeighbourhood.CentreIndex(q);
            foreach (var (a, b) in new[] { (0, 0), (0, 1), (1, 1) })
            {
                foreach (var (source, weight) in entry((2 * centre) + a, (2 * centre) + b))
                {
                    terms[StencilOperator.DiagonalField(a, b)].Add((source, q, weight));
                }
            }

            for (var f = 0; f < 4; f++)
            {
                var (fx, fy) = NodeNeighbourhood.Forward[f];
                var other = NodeNeighbourhood.LocalIndex(q, fx, fy);
                if (other < 0)
                {
                    continue;
                }

                for (var a = 0; a < 2; a++)
                {
                    for (var b = 0; b < 2; b++)
                    {
                        foreach (var (source, weight) in entry((2 * centre) + a, (2 * other) + b))
                        {
                            terms[StencilOperator.ForwardField(f, a, b)].Add((source, q, weight));
                        }
                    }
                }
            }
        }

        return terms;
    }

    private static void Assemble(ElementWindow window, List<(int Source, int Quadrant, double Weight)>[] terms, StencilOperator target, int firstColumn, int endColumn, ColumnRanges columns)
    {
        var layout = target.Layout;
        var stride = layout.Stride;
        var elementPlane = window.PlaneLength;
        var source = window.Data;
        var shift = window.FirstColumn * stride;
        var nodePlane = layout.NodeFieldLength;
        var fields = target.Fields;
        var rows = 1 + (layout.RowBlocks * GridLayout.BlockRows);
        var flat = terms.Select(list => list.Select(term =>
        {
            var (qx, qy) = NodeNeighbourhood.Quadrants[term.Quadrant];
            return (Offset: (term.Source * elementPlane) + (qx * stride) + qy, Weight: Vector256.Create(term.Weight));
        }).ToArray()).ToArray();

        columns.For(endColumn - firstColumn, 40L * stride, (first, end) =>
        {
            ref var sr = ref MemoryMarshal.GetArrayDataReference(source);
            ref var fr = ref MemoryMarshal.GetArrayDataReference(fields);
            for (var ix = first + firstColumn; ix < end + firstColumn; ix++)
            {
                // Element (ix + qx, iy + qy) sits at element-field position (ix + 1 + qx)·S + r + qy (less the window's shift).
                var column = (ix + 1) * stride;
                for (var p = 0; p < flat.Length; p++)
                {
                    var list = flat[p];
                    var output = (p * nodePlane) + column;
                    for (var r = 1; r < rows; r += 4)
                    {
                        var sum = Vector256<double>.Zero;
                        foreach (var (offset, weight) in list)
                        {
                            sum = Vector256.FusedMultiplyAdd(weight, Vector256.LoadUnsafe(ref sr, (nuint)(offset + column - shift + r)), sum);
                        }

                        sum.StoreUnsafe(ref fr, (nuint)(output + r));
                    }
                }
            }
        });
    }
}
