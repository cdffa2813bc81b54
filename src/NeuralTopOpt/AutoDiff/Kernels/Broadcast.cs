using System.Runtime.Intrinsics;

namespace NeuralTopOpt.AutoDiff.Kernels;

/// <summary>The shape of one operand of a broadcasting elementwise operation.</summary>
internal readonly record struct Operand(int Rows, int Columns)
{
    /// <summary>The index of row <paramref name="r"/> of the result within this operand (0 when stretched).</summary>
    public int RowStart(int r) => (Rows == 1 ? 0 : r) * Columns;
}

/// <summary>
/// Elementwise a ∘ b with two-dimensional broadcasting (a dimension of size 1 stretches), forward
/// and backward. Backward sums the gradient over stretched dimensions:
/// <code>
///   add:      ∂a += g          ∂b += g
///   subtract: ∂a += g          ∂b −= g
///   multiply: ∂a += g·b        ∂b += g·a
///   divide:   ∂a += g/b        ∂b −= g·y/b      (y = a/b)
/// </code>
/// </summary>
internal static class Broadcast
{
    /// <summary>The shape of a ∘ b, or an exception naming both shapes.</summary>
    public static (int Rows, int Columns) Shape(Operand a, Operand b)
    {
        static int Combine(int x, int y) => x == y || y == 1 ? x : x == 1 ? y : -1;
        var rows = Combine(a.Rows, b.Rows);
        var columns = Combine(a.Columns, b.Columns);
        if (rows < 0 || columns < 0)
        {
            throw new ArgumentException($"cannot broadcast {a.Rows} × {a.Columns} with {b.Rows} × {b.Columns}");
        }

        return (rows, columns);
    }

    public static void Forward(OpKind op, Operand a, ReadOnlySpan<double> av, Operand b, ReadOnlySpan<double> bv, Span<double> y, int rows, int columns)
    {
        if (av.Length == y.Length && bv.Length == y.Length)
        {
            // Same shapes: one pass over the whole matrix.
            (rows, columns, a, b) = (1, y.Length, new Operand(1, y.Length), new Operand(1, y.Length));
        }

        for (var r = 0; r < rows; r++)
        {
            var aRow = av.Slice(a.RowStart(r), a.Columns);
            var bRow = bv.Slice(b.RowStart(r), b.Columns);
            var yRow = y.Slice(r * columns, columns);
            switch (op)
            {
                case OpKind.Add: Map<AddOp>(aRow, bRow, yRow); break;
                case OpKind.Subtract: Map<SubtractOp>(aRow, bRow, yRow); break;
                case OpKind.Multiply: Map<MultiplyOp>(aRow, bRow, yRow); break;
                case OpKind.Divide: Map<DivideOp>(aRow, bRow, yRow); break;
                default: throw new ArgumentOutOfRangeException(nameof(op), op, null);
            }
        }
    }

    /// <summary>Adds the adjoints of a ∘ b to <paramref name="da"/> and <paramref name="db"/> (empty spans for operands without gradient).</summary>
    public static void Backward(
        OpKind op, ReadOnlySpan<double> g, ReadOnlySpan<double> y,
        Operand a, ReadOnlySpan<double> av, Span<double> da,
        Operand b, ReadOnlySpan<double> bv, Span<double> db,
        int rows, int columns)
    {
        if (op is OpKind.Add or OpKind.Subtract)
        {
            // Sums pass the gradient through: whole-matrix copies for full-shape operands, row loops for stretched ones.
            AccumulateSum(g, a, da, 1, rows, columns);
            AccumulateSum(g, b, db, op == OpKind.Add ? 1 : -1, rows, columns);
            return;
        }

        if (op == OpKind.Multiply && av.Length == g.Length && bv.Length == g.Length)
        {
            if (!da.IsEmpty)
            {
                SpanMath.MultiplyAddTo(g, bv, da);
            }

            if (!db.IsEmpty)
            {
                SpanMath.MultiplyAddTo(g, av, db);
            }

            return;
        }

        if (op == OpKind.Divide || columns < 16)
        {
            ProductBackward(op, g, y, a, av, da, b, bv, db, rows, columns);
            return;
        }

        // A wide product with a stretched operand: vector operations row by row.
        for (var r = 0; r < rows; r++)
        {
            var gRow = g.Slice(r * columns, columns);
            AccumulateProduct(gRow, bv.Slice(b.RowStart(r), b.Columns), da.IsEmpty ? da : da.Slice(a.RowStart(r), a.Columns));
            AccumulateProduct(gRow, av.Slice(a.RowStart(r), a.Columns), db.IsEmpty ? db : db.Slice(b.RowStart(r), b.Columns));
        }
    }

    /// <summary>d += sign·g for one operand of a sum, reduced over its stretched dimensions.</summary>
    private static void AccumulateSum(ReadOnlySpan<double> g, Operand shape, Span<double> d, double sign, int rows, int columns)
    {
        if (d.IsEmpty)
        {
            return;
        }

        if (d.Length == g.Length)
        {
            Accumulate(g, d, sign);
            return;
        }

        for (var r = 0; r < rows; r++)
        {
            Accumulate(g.Slice(r * columns, columns), d.Slice(shape.RowStart(r), shape.Columns), sign);
        }
    }

    /// <summary>d += sign·g, summed over g when d is a stretched single column.</summary>
    private static void Accumulate(ReadOnlySpan<double> g, Span<double> d, double sign)
    {
        if (d.IsEmpty)
        {
            return;
        }

        if (d.Length == g.Length)
        {
            if (sign > 0)
            {
                SpanMath.AddTo(g, d);
            }
            else
            {
                SpanMath.SubtractFrom(g, d);
            }
        }
        else
        {
            d[0] += sign * SpanMath.Sum(g);
        }
    }

    /// <summary>d += g ⊙ other (either of d, other possibly a stretched single column).</summary>
    private static void AccumulateProduct(ReadOnlySpan<double> g, ReadOnlySpan<double> other, Span<double> d)
    {
        if (d.IsEmpty)
        {
            return;
        }

        switch (d.Length == g.Length, other.Length == g.Length)
        {
            case (true, true): SpanMath.MultiplyAddTo(g, other, d); break;
            case (true, false): SpanMath.Axpy(other[0], g, d); break;
            case (false, true): d[0] += SpanMath.Dot(g, other); break;
            default: d[0] += other[0] * SpanMath.Sum(g); break;
        }
    }

    /// <summary>
    /// The adjoints of a product or quotient entry by entry (narrow rows, where per-row vector calls
    /// cost more than they save): ∂a += g·b, ∂b += g·a; or ∂a += g/b, ∂b −= g·y/b.
    /// </summary>
    private static void ProductBackward(
        OpKind op, ReadOnlySpan<double> g, ReadOnlySpan<double> y,
        Operand a, ReadOnlySpan<double> av, Span<double> da,
        Operand b, ReadOnlySpan<double> bv, Span<double> db,
        int rows, int columns)
    {
        var (aStep, bStep) = (a.Columns == 1 ? 0 : 1, b.Columns == 1 ? 0 : 1);
        var (hasA, hasB) = (!da.IsEmpty, !db.IsEmpty);
        for (var r = 0; r < rows; r++)
        {
            var (aRow, bRow) = (a.RowStart(r), b.RowStart(r));
            for (var c = 0; c < columns; c++)
            {
                var (k, ia, ib) = ((r * columns) + c, aRow + (c * aStep), bRow + (c * bStep));
                if (op == OpKind.Multiply)
                {
                    if (hasA)
                    {
                        da[ia] += g[k] * bv[ib];
                    }

                    if (hasB)
                    {
                        db[ib] += g[k] * av[ia];
                    }
                }
                else
                {
                    if (hasA)
                    {
                        da[ia] += g[k] / bv[ib];
                    }

                    if (hasB)
                    {
                        db[ib] -= g[k] * y[k] / bv[ib];
                    }
                }
            }
        }
    }

    /// <summary>y = a ∘ b over one row; a or b may be a single stretched value.</summary>
    private static void Map<TOp>(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y)
        where TOp : IBinaryOp
    {
        var aStride = a.Length == 1 ? 0 : 1;
        var bStride = b.Length == 1 ? 0 : 1;
        var i = 0;
        for (; i + 4 <= y.Length; i += 4)
        {
            var va = aStride == 0 ? Vector256.Create(a[0]) : Vector256.Create(a.Slice(i, 4));
            var vb = bStride == 0 ? Vector256.Create(b[0]) : Vector256.Create(b.Slice(i, 4));
            TOp.Apply(va, vb).CopyTo(y.Slice(i, 4));
        }

        for (; i < y.Length; i++)
        {
            y[i] = TOp.Apply(a[i * aStride], b[i * bStride]);
        }
    }

    private interface IBinaryOp
    {
        static abstract double Apply(double a, double b);

        static abstract Vector256<double> Apply(Vector256<double> a, Vector256<double> b);
    }

    private readonly struct AddOp : IBinaryOp
    {
        public static double Apply(double a, double b) => a + b;

        public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => a + b;
    }

    private readonly struct SubtractOp : IBinaryOp
    {
        public static double Apply(double a, double b) => a - b;

        public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => a - b;
    }

    private readonly struct MultiplyOp : IBinaryOp
    {
        public static double Apply(double a, double b) => a * b;

        public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => a * b;
    }

    private readonly struct DivideOp : IBinaryOp
    {
        public static double Apply(double a, double b) => a / b;

        public static Vector256<double> Apply(Vector256<double> a, Vector256<double> b) => a / b;
    }
}
