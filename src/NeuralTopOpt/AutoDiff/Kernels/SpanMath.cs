using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralTopOpt.AutoDiff.Kernels;

/// <summary>Vectorized loops over spans (four doubles per step, then a scalar tail). Products and sums are not fused.</summary>
internal static class SpanMath
{
    /// <summary>y += x (an axpy with α = 1, exact).</summary>
    public static void AddTo(ReadOnlySpan<double> x, Span<double> y) => Axpy(1, x, y);

    /// <summary>y −= x (an axpy with α = −1, exact).</summary>
    public static void SubtractFrom(ReadOnlySpan<double> x, Span<double> y) => Axpy(-1, x, y);

    /// <summary>y += a ⊙ b.</summary>
    public static void MultiplyAddTo(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> y)
    {
        Check(a.Length, y.Length);
        Check(b.Length, y.Length);
        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var br = ref MemoryMarshal.GetReference(b);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var i = 0;
        for (; i + 4 <= y.Length; i += 4)
        {
            var product = Vector256.LoadUnsafe(ref ar, (nuint)i) * Vector256.LoadUnsafe(ref br, (nuint)i);
            (Vector256.LoadUnsafe(ref yr, (nuint)i) + product).StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < y.Length; i++)
        {
            Unsafe.Add(ref yr, i) += Unsafe.Add(ref ar, i) * Unsafe.Add(ref br, i);
        }
    }

    /// <summary>y += α·x.</summary>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        Check(x.Length, y.Length);
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var a = Vector256.Create(alpha);
        var i = 0;
        for (; i + 4 <= y.Length; i += 4)
        {
            (Vector256.LoadUnsafe(ref yr, (nuint)i) + (a * Vector256.LoadUnsafe(ref xr, (nuint)i))).StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < y.Length; i++)
        {
            Unsafe.Add(ref yr, i) += alpha * Unsafe.Add(ref xr, i);
        }
    }

    /// <summary>Σ a_i·b_i.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        Check(a.Length, b.Length);
        ref var ar = ref MemoryMarshal.GetReference(a);
        ref var br = ref MemoryMarshal.GetReference(b);
        var sum = Vector256<double>.Zero;
        var i = 0;
        for (; i + 4 <= a.Length; i += 4)
        {
            sum += Vector256.LoadUnsafe(ref ar, (nuint)i) * Vector256.LoadUnsafe(ref br, (nuint)i);
        }

        var total = Vector256.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += Unsafe.Add(ref ar, i) * Unsafe.Add(ref br, i);
        }

        return total;
    }

    /// <summary>Σ x_i.</summary>
    public static double Sum(ReadOnlySpan<double> x)
    {
        var total = 0.0;
        foreach (var value in x)
        {
            total += value;
        }

        return total;
    }

    // The check inlines; the throw stays out of line (a method that throws is not inlined).
    private static void Check(int length, int expected)
    {
        if (length != expected)
        {
            ThrowLengths(length, expected);
        }
    }

    [DoesNotReturn]
    private static void ThrowLengths(int length, int expected) => throw new ArgumentException($"span lengths differ: {length} and {expected}");
}
