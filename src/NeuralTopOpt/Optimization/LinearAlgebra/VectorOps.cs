using System.Numerics;
using System.Runtime.InteropServices;

namespace NeuralTopOpt.Optimization.LinearAlgebra;

/// <summary>
/// Level-1 kernels on spans (dot products, axpy, norms) for the optimizers, vectorized with
/// <see cref="Vector{T}"/>. Deterministic: the same inputs on the same machine give bit-identical
/// results (fixed summation order, no threads). Lengths are checked.
/// </summary>
internal static class VectorOps
{
    /// <summary>xᵀy.</summary>
    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckLengths(x.Length, y.Length);
        var i = 0;
        var sum = 0.0;
        if (Vector.IsHardwareAccelerated && x.Length >= 2 * Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var acc0 = Vector<double>.Zero;
            var acc1 = Vector<double>.Zero;
            var k = 0;
            for (; k + 1 < vx.Length; k += 2)
            {
                acc0 += vx[k] * vy[k];
                acc1 += vx[k + 1] * vy[k + 1];
            }

            if (k < vx.Length)
            {
                acc0 += vx[k] * vy[k];
            }

            sum = Vector.Sum(acc0 + acc1);
            i = vx.Length * Vector<double>.Count;
        }

        for (; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }

    /// <summary>Returns aᵀx and, in the same pass over a, y ← y + α·a (the two halves of a symmetric product).</summary>
    public static double DotAndAxpy(ReadOnlySpan<double> a, ReadOnlySpan<double> x, double alpha, Span<double> y)
    {
        CheckLengths(a.Length, x.Length);
        CheckLengths(a.Length, y.Length);
        var i = 0;
        var sum = 0.0;
        if (Vector.IsHardwareAccelerated && a.Length >= Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var valpha = new Vector<double>(alpha);
            var acc = Vector<double>.Zero;
            for (var k = 0; k < va.Length; k++)
            {
                acc += va[k] * vx[k];
                vy[k] += valpha * va[k];
            }

            sum = Vector.Sum(acc);
            i = va.Length * Vector<double>.Count;
        }

        for (; i < a.Length; i++)
        {
            sum += a[i] * x[i];
            y[i] += alpha * a[i];
        }

        return sum;
    }

    /// <summary>z ← z + a·x + b·y in one pass over z (a rank-2 update of one matrix row).</summary>
    public static void Axpy2(double a, ReadOnlySpan<double> x, double b, ReadOnlySpan<double> y, Span<double> z)
    {
        CheckLengths(x.Length, z.Length);
        CheckLengths(y.Length, z.Length);
        var i = 0;
        if (Vector.IsHardwareAccelerated && z.Length >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var vz = MemoryMarshal.Cast<double, Vector<double>>(z);
            var (va, vb) = (new Vector<double>(a), new Vector<double>(b));
            for (var k = 0; k < vz.Length; k++)
            {
                vz[k] += (va * vx[k]) + (vb * vy[k]);
            }

            i = vz.Length * Vector<double>.Count;
        }

        for (; i < z.Length; i++)
        {
            z[i] += (a * x[i]) + (b * y[i]);
        }
    }

    /// <summary>y ← y + a·x.</summary>
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        CheckLengths(x.Length, y.Length);
        var i = 0;
        if (Vector.IsHardwareAccelerated && x.Length >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var va = new Vector<double>(a);
            for (var k = 0; k < vx.Length; k++)
            {
                vy[k] += va * vx[k];
            }

            i = vx.Length * Vector<double>.Count;
        }

        for (; i < x.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary>x ← a·x.</summary>
    public static void Scale(double a, Span<double> x)
    {
        for (var i = 0; i < x.Length; i++)
        {
            x[i] *= a;
        }
    }

    /// <summary>‖x‖₂, computed as √(xᵀx).</summary>
    public static double Norm2(ReadOnlySpan<double> x) => Math.Sqrt(Dot(x, x));

    /// <summary>‖x‖∞ = maxᵢ |xᵢ| (0 for an empty vector).</summary>
    public static double NormInf(ReadOnlySpan<double> x)
    {
        var max = 0.0;
        foreach (var v in x)
        {
            max = Math.Max(max, Math.Abs(v));
        }

        return max;
    }

    /// <summary>maxᵢ |xᵢ − yᵢ|.</summary>
    public static double MaxAbsDifference(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        CheckLengths(x.Length, y.Length);
        var max = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            max = Math.Max(max, Math.Abs(x[i] - y[i]));
        }

        return max;
    }

    /// <summary>True when every entry is finite (no NaN, no ±∞).</summary>
    public static bool AllFinite(ReadOnlySpan<double> x)
    {
        foreach (var v in x)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }

    private static void CheckLengths(int a, int b)
    {
        if (a != b)
        {
            throw new ArgumentException($"vector lengths differ: {a} and {b}");
        }
    }
}
