using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralTopOpt.AutoDiff.Kernels;

/// <summary>
/// Dense row-major matrix kernels for C = A·B (A n × k, B k × m) and its adjoints ∂A += G·Bᵀ,
/// ∂B += Aᵀ·G. Each product is computed in whichever of two forms keeps the inner loop long: rows
/// of the result gathered from rows of the right operand (long when the result is wide), or dot
/// products of rows (long when the shared dimension is).
/// </summary>
internal static class Matrix
{
    /// <summary>Results at least this wide are gathered row by row; narrower ones use dot products.</summary>
    public const int WideRow = 8;

    /// <summary>
    /// C += A·B, A n × k, B k × m: row i of C gathers the rows of B weighted by row i of A. Each
    /// entry is c + a₀b₀ + a₁b₁ + … in that order (the axpys of the rows of B one after another, bit
    /// for bit), computed a block of C at a time in registers.
    /// </summary>
    public static void GatherRows(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int k, int m)
    {
        CheckShape(a.Length, n * k);
        CheckShape(b.Length, k * m);
        CheckShape(c.Length, n * m);
        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var cr = ref MemoryMarshal.GetReference(c);
        for (var i = 0; i < n; i++)
        {
            // row i of C: the k rows of B weighted by row i of A (consecutive scalars)
            AccumulateRow(ref Unsafe.Add(ref cr, i * m), m, ref Unsafe.Add(ref ar, i * k), 1, k, ref MemoryMarshal.GetReference(b));
        }
    }

    /// <summary>
    /// C += A·Bᵀ, A n × k, B m × k, C n × m: C[i, j] = row i of A · row j of B, each dot product
    /// as <see cref="SpanMath.Dot"/> computes it (bit for bit), four of them in one pass over row i.
    /// </summary>
    public static void DotRows(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int k, int m)
    {
        CheckShape(a.Length, n * k);
        CheckShape(b.Length, m * k);
        CheckShape(c.Length, n * m);
        for (var i = 0; i < n; i++)
        {
            var aRow = a.Slice(i * k, k);
            var j = 0;
            for (; j + 4 <= m; j += 4)
            {
                var (d0, d1, d2, d3) = Dot4(aRow, b.Slice(j * k, 4 * k), k);
                var cRow = c.Slice((i * m) + j, 4);
                cRow[0] += d0;
                cRow[1] += d1;
                cRow[2] += d2;
                cRow[3] += d3;
            }

            for (; j < m; j++)
            {
                c[(i * m) + j] += SpanMath.Dot(aRow, b.Slice(j * k, k));
            }
        }
    }

    /// <summary>
    /// C += Aᵀ·B, A n × k, B n × m, C k × m, for wide C: row p of C gathers rows of B weighted by
    /// column p of A, in row order (the axpys over i one after another, bit for bit), a block of C at a
    /// time in registers.
    /// </summary>
    public static void GatherTransposed(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int n, int k, int m)
    {
        CheckShape(a.Length, n * k);
        CheckShape(b.Length, n * m);
        CheckShape(c.Length, k * m);
        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var cr = ref MemoryMarshal.GetReference(c);
        for (var p = 0; p < k; p++)
        {
            // row p of C: the n rows of B weighted by column p of A (scalars k apart)
            AccumulateRow(ref Unsafe.Add(ref cr, p * m), m, ref Unsafe.Add(ref ar, p), k, n, ref MemoryMarshal.GetReference(b));
        }
    }

    /// <summary>
    /// Cᵀ += Bᵀ·A, i.e. row q of <paramref name="ct"/> (m × k) gathers rows of A weighted by column q
    /// of B (A n × k, B n × m), in row order: the same as <see cref="GatherTransposed"/>(B, A, Cᵀ).
    /// </summary>
    public static void GatherTransposedInto(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> ct, int n, int k, int m) =>
        GatherTransposed(b, a, ct, n, m, k);

    /// <summary>Y = Xᵀ (X rows × columns), or Y += Xᵀ when <paramref name="accumulate"/>.</summary>
    public static void Transpose(ReadOnlySpan<double> x, Span<double> y, int rows, int columns, bool accumulate)
    {
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                if (accumulate)
                {
                    y[(c * rows) + r] += x[(r * columns) + c];
                }
                else
                {
                    y[(c * rows) + r] = x[(r * columns) + c];
                }
            }
        }
    }

    /// <summary>y (1 × columns) = Σ_r X[r, ·].</summary>
    public static void SumOverRows(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
    {
        y.Clear();
        for (var r = 0; r < rows; r++)
        {
            SpanMath.AddTo(x.Slice(r * columns, columns), y);
        }
    }

    /// <summary>y (rows × 1) = Σ_c X[·, c].</summary>
    public static void SumOverColumns(ReadOnlySpan<double> x, Span<double> y, int rows, int columns)
    {
        for (var r = 0; r < rows; r++)
        {
            y[r] = SpanMath.Sum(x.Slice(r * columns, columns));
        }
    }

    // row[j] += Σₜ scalars[t·stride]·b[t·m + j] for t = 0 … count − 1 in that order (the axpys of the rows of b
    // one after another, bit for bit), a block of 16, then 4, then 1 entries of the row at a time in registers.
    private static void AccumulateRow(ref double row, int m, ref double scalars, int stride, int count, ref double b)
    {
        var j = 0;
        for (; j + 16 <= m; j += 16)
        {
            var (c0, c1, c2, c3) = Load4(ref row, j);
            ref var bj = ref Unsafe.Add(ref b, j);
            for (var t = 0; t < count; t++)
            {
                var s = Vector256.Create(Unsafe.Add(ref scalars, t * stride));
                ref var bt = ref Unsafe.Add(ref bj, t * m);
                c0 += s * Vector256.LoadUnsafe(ref bt);
                c1 += s * Vector256.LoadUnsafe(ref bt, 4);
                c2 += s * Vector256.LoadUnsafe(ref bt, 8);
                c3 += s * Vector256.LoadUnsafe(ref bt, 12);
            }

            Store4(ref row, j, c0, c1, c2, c3);
        }

        for (; j + 4 <= m; j += 4)
        {
            var c0 = Vector256.LoadUnsafe(ref row, (nuint)j);
            for (var t = 0; t < count; t++)
            {
                c0 += Vector256.Create(Unsafe.Add(ref scalars, t * stride)) * Vector256.LoadUnsafe(ref b, (nuint)((t * m) + j));
            }

            c0.StoreUnsafe(ref row, (nuint)j);
        }

        for (; j < m; j++)
        {
            var sum = Unsafe.Add(ref row, j);
            for (var t = 0; t < count; t++)
            {
                sum += Unsafe.Add(ref scalars, t * stride) * Unsafe.Add(ref b, (t * m) + j);
            }

            Unsafe.Add(ref row, j) = sum;
        }
    }

    // Four dot products of a (length k) with the consecutive rows of b (4 × k), each with one
    // vector accumulator, then its horizontal sum, then the scalar tail, as SpanMath.Dot.
    private static (double, double, double, double) Dot4(ReadOnlySpan<double> a, ReadOnlySpan<double> b, int k)
    {
        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var b0 = ref MemoryMarshal.GetReference(b);
        ref var b1 = ref Unsafe.Add(ref b0, k);
        ref var b2 = ref Unsafe.Add(ref b0, 2 * k);
        ref var b3 = ref Unsafe.Add(ref b0, 3 * k);
        var (s0, s1, s2, s3) = (Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero, Vector256<double>.Zero);
        var i = 0;
        for (; i + 4 <= k; i += 4)
        {
            var x = Vector256.LoadUnsafe(ref ar, (nuint)i);
            s0 += x * Vector256.LoadUnsafe(ref b0, (nuint)i);
            s1 += x * Vector256.LoadUnsafe(ref b1, (nuint)i);
            s2 += x * Vector256.LoadUnsafe(ref b2, (nuint)i);
            s3 += x * Vector256.LoadUnsafe(ref b3, (nuint)i);
        }

        var (t0, t1, t2, t3) = (Vector256.Sum(s0), Vector256.Sum(s1), Vector256.Sum(s2), Vector256.Sum(s3));
        for (; i < k; i++)
        {
            var x = Unsafe.Add(ref ar, i);
            t0 += x * Unsafe.Add(ref b0, i);
            t1 += x * Unsafe.Add(ref b1, i);
            t2 += x * Unsafe.Add(ref b2, i);
            t3 += x * Unsafe.Add(ref b3, i);
        }

        return (t0, t1, t2, t3);
    }

    private static (Vector256<double>, Vector256<double>, Vector256<double>, Vector256<double>) Load4(ref double row, int j) =>
        (Vector256.LoadUnsafe(ref row, (nuint)j), Vector256.LoadUnsafe(ref row, (nuint)(j + 4)), Vector256.LoadUnsafe(ref row, (nuint)(j + 8)), Vector256.LoadUnsafe(ref row, (nuint)(j + 12)));

    private static void Store4(ref double row, int j, Vector256<double> c0, Vector256<double> c1, Vector256<double> c2, Vector256<double> c3)
    {
        c0.StoreUnsafe(ref row, (nuint)j);
        c1.StoreUnsafe(ref row, (nuint)(j + 4));
        c2.StoreUnsafe(ref row, (nuint)(j + 8));
        c3.StoreUnsafe(ref row, (nuint)(j + 12));
    }

    private static void CheckShape(int length, int expected)
    {
        if (length != expected)
        {
            ThrowShape(length, expected);
        }
    }

    [DoesNotReturn]
    private static void ThrowShape(int length, int expected) => throw new ArgumentException($"span length {length} does not match the matrix shape ({expected} entries)");
}
