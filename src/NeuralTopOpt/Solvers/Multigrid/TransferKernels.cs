using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// SIMD kernels of the grid transfers along one column: the uniform stretch where fine rows 2J and
/// 2J + 1 lie on and between coarse rows J and J + 1 (weights 1 and ½), and column combinations.
/// Indices are padded rows (row 0 is the ghost above the grid).
/// </summary>
internal static class TransferKernels
{
    /// <summary>target = α·a + β·b.</summary>
    public static void Combine(double alpha, ReadOnlySpan<double> a, double beta, ReadOnlySpan<double> b, Span<double> target)
    {
        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var br = ref MemoryMarshal.GetReference(b);
        ref var tr = ref MemoryMarshal.GetReference(target);
        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        var k = 0;
        for (; k <= target.Length - 4; k += 4)
        {
            Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref ar, (nuint)k), vb * Vector256.LoadUnsafe(ref br, (nuint)k)).StoreUnsafe(ref tr, (nuint)k);
        }

        for (; k < target.Length; k++)
        {
            target[k] = (alpha * a[k]) + (beta * b[k]);
        }
    }

    /// <summary>target += α·source.</summary>
    public static void AddScaled(double alpha, ReadOnlySpan<double> source, Span<double> target)
    {
        ref var sr = ref MemoryMarshal.GetReference(source);
        ref var tr = ref MemoryMarshal.GetReference(target);
        var va = Vector256.Create(alpha);
        var k = 0;
        for (; k <= target.Length - 4; k += 4)
        {
            Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref sr, (nuint)k), Vector256.LoadUnsafe(ref tr, (nuint)k)).StoreUnsafe(ref tr, (nuint)k);
        }

        for (; k < target.Length; k++)
        {
            target[k] += alpha * source[k];
        }
    }

    /// <summary>
    /// Full weighting t[J] = f[2J] + ½(f[2J − 1] + f[2J + 1]) for coarse rows J = 1 … in blocks of 4 while
    /// both neighbouring intervals are uniform (J + 3 &lt; uniform); returns the first coarse row not done
    /// (row 0 and the rest are left to the caller).
    /// </summary>
    public static int RestrictUniform(ReadOnlySpan<double> fine, Span<double> coarse, int uniform)
    {
        ref var fr = ref MemoryMarshal.GetReference(fine);
        ref var cr = ref MemoryMarshal.GetReference(coarse);
        var half = Vector256.Create(0.5);
        var j = 1;
        for (; j + 3 < uniform; j += 4)
        {
            // Fine row 2J sits at padded 2J + 1.
            var f = (2 * j) + 1;
            Lanes.Deinterleave(Vector256.LoadUnsafe(ref fr, (nuint)f), Vector256.LoadUnsafe(ref fr, (nuint)(f + 4)), out var centre, out var below);
            Lanes.Deinterleave(Vector256.LoadUnsafe(ref fr, (nuint)(f - 1)), Vector256.LoadUnsafe(ref fr, (nuint)(f + 3)), out var above, out _);
            Vector256.FusedMultiplyAdd(half, above + below, centre).StoreUnsafe(ref cr, (nuint)(j + 1));
        }

        // Coarse row 0 has no fine row above it; the caller does it with the generic weights.
        if (j > 1)
        {
            return RestrictFirst(fine, coarse, j);
        }

        return 0;
    }

    /// <summary>
    /// fine[2J] += t[J], fine[2J + 1] += ½(t[J] + t[J + 1]) for J = 0 … in blocks of 4 while J + 3 &lt; uniform;
    /// returns the first fine row not done.
    /// </summary>
    public static int ProlongUniform(ReadOnlySpan<double> coarse, Span<double> fine, int uniform)
    {
        ref var cr = ref MemoryMarshal.GetReference(coarse);
        ref var fr = ref MemoryMarshal.GetReference(fine);
        var half = Vector256.Create(0.5);
        var j = 0;
        for (; j + 3 < uniform; j += 4)
        {
            var on = Vector256.LoadUnsafe(ref cr, (nuint)(j + 1));
            var between = half * (on + Vector256.LoadUnsafe(ref cr, (nuint)(j + 2)));
            Interleave(on, between, out var low, out var high);
            var f = (2 * j) + 1;
            (Vector256.LoadUnsafe(ref fr, (nuint)f) + low).StoreUnsafe(ref fr, (nuint)f);
            (Vector256.LoadUnsafe(ref fr, (nuint)(f + 4)) + high).StoreUnsafe(ref fr, (nuint)(f + 4));
        }

        return 2 * j;
    }

    /// <summary>Coarse row 0 of the restriction (fine rows 0 and 1), after the SIMD blocks; returns where the caller resumes.</summary>
    private static int RestrictFirst(ReadOnlySpan<double> fine, Span<double> coarse, int resume)
    {
        coarse[1] = fine[1] + (0.5 * fine[2]);
        return resume;
    }

    /// <summary>(a₀, b₀, a₁, b₁) and (a₂, b₂, a₃, b₃).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Interleave(Vector256<double> a, Vector256<double> b, out Vector256<double> low, out Vector256<double> high)
    {
        if (Avx.IsSupported)
        {
            var l = Avx.UnpackLow(a, b);
            var h = Avx.UnpackHigh(a, b);
            low = Avx.Permute2x128(l, h, 0x20);
            high = Avx.Permute2x128(l, h, 0x31);
        }
        else
        {
            low = Vector256.Create(a[0], b[0], a[1], b[1]);
            high = Vector256.Create(a[2], b[2], a[3], b[3]);
        }
    }
}
