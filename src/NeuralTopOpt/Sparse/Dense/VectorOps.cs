using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralTopOpt.Sparse.Dense;

/// <summary>Level-1 kernels on contiguous vectors (BLAS daxpy, ddot), 256-bit SIMD with a scalar tail.</summary>
internal static class VectorOps
{
    /// <summary>y += α·x (y at least as long as x).</summary>
    public static void Axpy(double alpha, ReadOnlySpan<double> x, Span<double> y)
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException("y is shorter than x", nameof(y));
        }

        if (alpha == 0)
        {
            return;
        }

        var length = x.Length;
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var i = 0;
        var va = Vector256.Create(alpha);
        for (; i <= length - 8; i += 8)
        {
            var y0 = Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i));
            var y1 = Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref xr, (nuint)(i + 4)), Vector256.LoadUnsafe(ref yr, (nuint)(i + 4)));
            y0.StoreUnsafe(ref yr, (nuint)i);
            y1.StoreUnsafe(ref yr, (nuint)(i + 4));
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref yr, i) = Math.FusedMultiplyAdd(alpha, Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }
    }

    /// <summary>y += x (y at least as long as x).</summary>
    public static void Add(ReadOnlySpan<double> x, Span<double> y)
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException("y is shorter than x", nameof(y));
        }

        var length = x.Length;
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var i = 0;
        for (; i <= length - 4; i += 4)
        {
            (Vector256.LoadUnsafe(ref yr, (nuint)i) + Vector256.LoadUnsafe(ref xr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < length; i++)
        {
            Unsafe.Add(ref yr, i) += Unsafe.Add(ref xr, i);
        }
    }

    /// <summary>xᵀy over the length of x (y at least as long).</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (y.Length < x.Length)
        {
            throw new ArgumentException("y is shorter than x", nameof(y));
        }

        var length = x.Length;
        ref var xr = ref MemoryMarshal.GetReference(x);
        ref var yr = ref MemoryMarshal.GetReference(y);
        var s0 = Vector256<double>.Zero;
        var s1 = Vector256<double>.Zero;
        var i = 0;
        for (; i <= length - 8; i += 8)
        {
            s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i), s0);
            s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref xr, (nuint)(i + 4)), Vector256.LoadUnsafe(ref yr, (nuint)(i + 4)), s1);
        }

        var sum = Vector256.Sum(s0 + s1);
        for (; i < length; i++)
        {
            sum += Unsafe.Add(ref xr, i) * Unsafe.Add(ref yr, i);
        }

        return sum;
    }

    /// <summary>x *= α.</summary>
    public static void Scale(double alpha, Span<double> x)
    {
        ref var xr = ref MemoryMarshal.GetReference(x);
        var va = Vector256.Create(alpha);
        var i = 0;
        for (; i <= x.Length - 4; i += 4)
        {
            (Vector256.LoadUnsafe(ref xr, (nuint)i) * va).StoreUnsafe(ref xr, (nuint)i);
        }

        for (; i < x.Length; i++)
        {
            Unsafe.Add(ref xr, i) *= alpha;
        }
    }
}
