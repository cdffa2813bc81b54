using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralTopOpt.Sparse.Dense;

/// <summary>
/// The update at the heart of a supernodal Cholesky factorization, C ← C − A·Bᵀ (BLAS <c>dgemm</c>,
/// or <c>dsyrk</c> when only the lower triangle of C is wanted), on column-major blocks.
/// Organized as in Goto and van de Geijn (2008): B and A are packed into contiguous strips of
/// <see cref="Nr"/> columns and <see cref="Mr"/> rows, and a register-blocked micro-kernel accumulates
/// an Mr × Nr tile of A·Bᵀ with fused multiply-adds on 256-bit vectors.
/// </summary>
internal static class ProductUpdate
{
    /// <summary>Rows of the micro-tile: two 4-wide vectors.</summary>
    internal const int Mr = 8;

    /// <summary>Columns of the micro-tile (12 accumulators in all).</summary>
    internal const int Nr = 6;

    private const int Kc = 256;
    private const int Mc = 128;
    private const int Nc = 3072;

    /// <summary>Below this many multiply-adds the packing does not pay; a plain column update is used.</summary>
    private const long SmallWork = 4096;

    /// <summary>Multiply-adds per thread below which splitting a product across threads does not pay.</summary>
    private const long ParallelWork = 4_000_000;

    [ThreadStatic]
    private static double[]? _packA;

    [ThreadStatic]
    private static double[]? _packB;

    /// <summary>
    /// C[i, j] −= Σ_p A[i, p]·B[j, p] for 0 ≤ i &lt; m, 0 ≤ j &lt; n, 0 ≤ p &lt; k, where element (i, j) of
    /// a block X is x[i + j·ldx]. With <paramref name="lower"/> only the entries with i ≥ j are
    /// required; tiles strictly above the diagonal are skipped and entries above it within diagonal
    /// tiles receive unspecified values.
    /// </summary>
    public static void SubtractProduct(
        Span<double> c, int ldc, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, int m, int n, int k, bool lower)
    {
        if (m <= 0 || n <= 0 || k <= 0)
        {
            return;
        }

        CheckBlock(c.Length, ldc, m, n, nameof(c));
        CheckBlock(a.Length, lda, m, k, nameof(a));
        CheckBlock(b.Length, ldb, n, k, nameof(b));
        if ((long)m * n * k <= SmallWork)
        {
            Unpacked(c, ldc, a, lda, b, ldb, m, n, k, lower);
            return;
        }

        var packA = _packA ??= new double[Mc * Kc];
        var packB = _packB ??= new double[(Nc + Nr) * Kc];
        for (var jc = 0; jc < n; jc += Nc)
        {
            var nc = Math.Min(Nc, n - jc);
            for (var pc = 0; pc < k; pc += Kc)
            {
                var kc = Math.Min(Kc, k - pc);
                Pack(b, ldb, jc, nc, pc, kc, Nr, packB);
                for (var ic = lower ? jc : 0; ic < m; ic += Mc)
                {
                    var mc = Math.Min(Mc, m - ic);
                    Pack(a, lda, ic, mc, pc, kc, Mr, packA);
                    for (var jr = 0; jr < nc; jr += Nr)
                    {
                        var j0 = jc + jr;
                        var nr = Math.Min(Nr, n - j0);
                        for (var ir = 0; ir < mc; ir += Mr)
                        {
                            var i0 = ic + ir;
                            if (lower && i0 + Mr - 1 < j0)
                            {
                                continue;
                            }

                            MicroKernel(kc, packA.AsSpan(ir * kc), packB.AsSpan(jr * kc), c[(i0 + (j0 * ldc))..], ldc, Math.Min(Mr, m - i0), nr);
                        }
                    }
                }
            }
        }
    }

    /// <summary>
    /// <see cref="SubtractProduct(Span{double}, int, ReadOnlySpan{double}, int, ReadOnlySpan{double}, int, int, int, int, bool)"/>
    /// on blocks at offsets of arrays, split by columns of C over up to <paramref name="parallelism"/>
    /// threads when the product is large (the column ranges carry equal shares of the work; with
    /// <paramref name="lower"/> the left columns have more rows).
    /// </summary>
    public static void SubtractProduct(
        double[] c, int cOffset, int ldc, double[] a, int aOffset, int lda, double[] b, int bOffset, int ldb, int m, int n, int k, bool lower, int parallelism)
    {
        if (m <= 0 || n <= 0 || k <= 0)
        {
            return;
        }

        // Multiply-adds: m·n·k, or Σ_{j<n} (m − j)·k for the lower trapezoid.
        var work = lower ? (long)k * n * ((2L * m) - n + 1) / 2 : (long)m * n * k;
        var parts = (int)Math.Min(parallelism, work / ParallelWork);
        if (parts <= 1)
        {
            SubtractProduct(c.AsSpan(cOffset), ldc, a.AsSpan(aOffset), lda, b.AsSpan(bOffset), ldb, m, n, k, lower);
            return;
        }

        var bounds = new int[parts + 1];
        bounds[parts] = n;
        for (var p = 1; p < parts; p++)
        {
            // Smallest j with (work of columns < j) ≥ p/parts of the total.
            var share = (double)work * p / parts;
            var j = bounds[p - 1];
            while (j < n && (lower ? (double)k * j * ((2.0 * m) - j + 1) / 2 : (double)m * j * k) < share)
            {
                j++;
            }

            bounds[p] = j;
        }

        Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, p =>
        {
            var (j0, j1) = (bounds[p], bounds[p + 1]);
            var r0 = lower ? j0 : 0;
            SubtractProduct(
                c.AsSpan(cOffset + r0 + (j0 * ldc)), ldc, a.AsSpan(aOffset + r0), lda, b.AsSpan(bOffset + j0), ldb, m - r0, j1 - j0, k, lower);
        });
    }

    /// <summary>Column-by-column update for small blocks: C[:, j] −= Σ_p B[j, p]·A[:, p].</summary>
    private static void Unpacked(Span<double> c, int ldc, ReadOnlySpan<double> a, int lda, ReadOnlySpan<double> b, int ldb, int m, int n, int k, bool lower)
    {
        for (var j = 0; j < n; j++)
        {
            var rowStart = lower ? j : 0;
            if (rowStart >= m)
            {
                break;
            }

            var column = c.Slice((j * ldc) + rowStart, m - rowStart);
            for (var p = 0; p < k; p++)
            {
                VectorOps.Axpy(-b[j + (p * ldb)], a.Slice((p * lda) + rowStart, m - rowStart), column);
            }
        }
    }

    /// <summary>
    /// Packs rows [first, first + count) × columns [p0, p0 + kc) of a column-major block into strips of
    /// <paramref name="width"/> rows (Mr for A, Nr for B): strip s, step p at (s·kc + p)·width, padded with zeros.
    /// </summary>
    private static void Pack(ReadOnlySpan<double> source, int ld, int first, int count, int p0, int kc, int width, Span<double> packed)
    {
        for (var s = 0; s * width < count; s++)
        {
            var rows = Math.Min(width, count - (s * width));
            var strip = packed.Slice(s * kc * width, kc * width);
            for (var p = 0; p < kc; p++)
            {
                var target = strip.Slice(p * width, width);
                source.Slice(first + (s * width) + ((p0 + p) * ld), rows).CopyTo(target);
                target[rows..].Clear();
            }
        }
    }

    /// <summary>C[0..mr, 0..nr] −= Σ_p a_p·b_pᵀ over kc packed steps (a_p: Mr values, b_p: Nr values).</summary>
    private static void MicroKernel(int kc, ReadOnlySpan<double> packA, ReadOnlySpan<double> packB, Span<double> c, int ldc, int mr, int nr)
    {
        ref var ar = ref MemoryMarshal.GetReference(packA);
        ref var br = ref MemoryMarshal.GetReference(packB);
        if (packA.Length < kc * Mr || packB.Length < kc * Nr)
        {
            throw new ArgumentException("packed panels are too short");
        }

        var c00 = Vector256<double>.Zero;
        var c10 = Vector256<double>.Zero;
        var c01 = Vector256<double>.Zero;
        var c11 = Vector256<double>.Zero;
        var c02 = Vector256<double>.Zero;
        var c12 = Vector256<double>.Zero;
        var c03 = Vector256<double>.Zero;
        var c13 = Vector256<double>.Zero;
        var c04 = Vector256<double>.Zero;
        var c14 = Vector256<double>.Zero;
        var c05 = Vector256<double>.Zero;
        var c15 = Vector256<double>.Zero;
        for (var p = 0; p < kc; p++)
        {
            var a0 = Vector256.LoadUnsafe(ref ar, (nuint)(p * Mr));
            var a1 = Vector256.LoadUnsafe(ref ar, (nuint)((p * Mr) + 4));
            ref var bp = ref Unsafe.Add(ref br, p * Nr);
            var b = Vector256.Create(bp);
            c00 = Vector256.FusedMultiplyAdd(a0, b, c00);
            c10 = Vector256.FusedMultiplyAdd(a1, b, c10);
            b = Vector256.Create(Unsafe.Add(ref bp, 1));
            c01 = Vector256.FusedMultiplyAdd(a0, b, c01);
            c11 = Vector256.FusedMultiplyAdd(a1, b, c11);
            b = Vector256.Create(Unsafe.Add(ref bp, 2));
            c02 = Vector256.FusedMultiplyAdd(a0, b, c02);
            c12 = Vector256.FusedMultiplyAdd(a1, b, c12);
            b = Vector256.Create(Unsafe.Add(ref bp, 3));
            c03 = Vector256.FusedMultiplyAdd(a0, b, c03);
            c13 = Vector256.FusedMultiplyAdd(a1, b, c13);
            b = Vector256.Create(Unsafe.Add(ref bp, 4));
            c04 = Vector256.FusedMultiplyAdd(a0, b, c04);
            c14 = Vector256.FusedMultiplyAdd(a1, b, c14);
            b = Vector256.Create(Unsafe.Add(ref bp, 5));
            c05 = Vector256.FusedMultiplyAdd(a0, b, c05);
            c15 = Vector256.FusedMultiplyAdd(a1, b, c15);
        }

        if (mr == Mr && nr == Nr && c.Length >= (5 * ldc) + Mr)
        {
            ref var cr = ref MemoryMarshal.GetReference(c);
            Subtract(ref cr, 0, c00, c10);
            Subtract(ref cr, ldc, c01, c11);
            Subtract(ref cr, 2 * ldc, c02, c12);
            Subtract(ref cr, 3 * ldc, c03, c13);
            Subtract(ref cr, 4 * ldc, c04, c14);
            Subtract(ref cr, 5 * ldc, c05, c15);
            return;
        }

        Span<double> tile = stackalloc double[Mr * Nr];
        c00.CopyTo(tile);
        c10.CopyTo(tile[4..]);
        c01.CopyTo(tile[8..]);
        c11.CopyTo(tile[12..]);
        c02.CopyTo(tile[16..]);
        c12.CopyTo(tile[20..]);
        c03.CopyTo(tile[24..]);
        c13.CopyTo(tile[28..]);
        c04.CopyTo(tile[32..]);
        c14.CopyTo(tile[36..]);
        c05.CopyTo(tile[40..]);
        c15.CopyTo(tile[44..]);
        for (var j = 0; j < nr; j++)
        {
            for (var i = 0; i < mr; i++)
            {
                c[i + (j * ldc)] -= tile[i + (j * Mr)];
            }
        }
    }

    private static void Subtract(ref double c, int offset, Vector256<double> low, Vector256<double> high)
    {
        (Vector256.LoadUnsafe(ref c, (nuint)offset) - low).StoreUnsafe(ref c, (nuint)offset);
        (Vector256.LoadUnsafe(ref c, (nuint)(offset + 4)) - high).StoreUnsafe(ref c, (nuint)(offset + 4));
    }

    private static void CheckBlock(int length, int ld, int rows, int columns, string name)
    {
        if (ld < rows || (long)ld * (columns - 1) + rows > length)
        {
            throw new ArgumentException($"block {rows}x{columns} with leading dimension {ld} does not fit in {length} values", name);
        }
    }
}
