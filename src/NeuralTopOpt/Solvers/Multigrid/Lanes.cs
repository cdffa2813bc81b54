using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>Lane shuffles the coarsening kernels need.</summary>
internal static class Lanes
{
    /// <summary>
    /// Splits 8 consecutive values f₀ … f₇ (in <paramref name="low"/> and <paramref name="high"/>) into the
    /// even ones (f₀, f₂, f₄, f₆) and the odd ones (f₁, f₃, f₅, f₇): the two fine rows under 4 coarse rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Deinterleave(Vector256<double> low, Vector256<double> high, out Vector256<double> even, out Vector256<double> odd)
    {
        if (Avx2.IsSupported)
        {
            // unpacklo → (f0, f4, f2, f6), unpackhi → (f1, f5, f3, f7); then swap the middle lanes.
            even = Avx2.Permute4x64(Avx.UnpackLow(low, high), 0b11_01_10_00);
            odd = Avx2.Permute4x64(Avx.UnpackHigh(low, high), 0b11_01_10_00);
        }
        else
        {
            even = Vector256.Create(low[0], low[2], high[0], high[2]);
            odd = Vector256.Create(low[1], low[3], high[1], high[3]);
        }
    }
}
