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

    /// <summary>
    /// (xᵀv, yᵀv) in one pass over v: each bit-identical to <see cref="Dot"/> (the same two
    /// accumulators per product, the same order), but four independent sums in flight instead of
    /// two, so the loop is bound by loads rather than by the latency of the additions.
    /// </summary>
    public static (double X, double Y) Dot2(ReadOnlySpan<double> x, ReadOnlySpan<double> y, ReadOnlySpan<double> v)
    {
        CheckLengths(x.Length, v.Length);
        CheckLengths(y.Length, v.Length);
        var i = 0;
        var (sumX, sumY) = (0.0, 0.0);
        if (Vector.IsHardwareAccelerated && v.Length >= 2 * Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var vv = MemoryMarshal.Cast<double, Vector<double>>(v);
            var (x0, x1, y0, y1) = (Vector<double>.Zero, Vector<double>.Zero, Vector<double>.Zero, Vector<double>.Zero);
            var k = 0;
            for (; k + 1 < vv.Length; k += 2)
            {
                var (v0, v1) = (vv[k], vv[k + 1]);
                x0 += vx[k] * v0;
                y0 += vy[k] * v0;
                x1 += vx[k + 1] * v1;
                y1 += vy[k + 1] * v1;
            }

            if (k < vv.Length)
            {
                x0 += vx[k] * vv[k];
                y0 += vy[k] * vv[k];
            }

            (sumX, sumY) = (Vector.Sum(x0 + x1), Vector.Sum(y0 + y1));
            i = vv.Length * Vector<double>.Count;
        }

        for (; i < v.Length; i++)
        {
            sumX += x[i] * v[i];
            sumY += y[i] * v[i];
        }

        return (sumX, sumY);
    }

    /// <summary>
    /// (aᵀv, bᵀv, cᵀv, dᵀv) in one pass over v, each bit-identical to <see cref="Dot"/> (see
    /// <see cref="Dot2"/>): eight independent sums in flight.
    /// </summary>
    public static (double A, double B, double C, double D) Dot4(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> c, ReadOnlySpan<double> d, ReadOnlySpan<double> v)
    {
        CheckLengths(a.Length, v.Length);
        CheckLengths(b.Length, v.Length);
        CheckLengths(c.Length, v.Length);
        CheckLengths(d.Length, v.Length);
        var i = 0;
        var (sumA, sumB, sumC, sumD) = (0.0, 0.0, 0.0, 0.0);
        if (Vector.IsHardwareAccelerated && v.Length >= 2 * Vector<double>.Count)
        {
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            var vc = MemoryMarshal.Cast<double, Vector<double>>(c);
            var vd = MemoryMarshal.Cast<double, Vector<double>>(d);
            var vv = MemoryMarshal.Cast<double, Vector<double>>(v);
            var (a0, a1, b0, b1) = (Vector<double>.Zero, Vector<double>.Zero, Vector<double>.Zero, Vector<double>.Zero);
            var (c0, c1, d0, d1) = (Vector<double>.Zero, Vector<double>.Zero, Vector<double>.Zero, Vector<double>.Zero);
            var k = 0;
            for (; k + 1 < vv.Length; k += 2)
            {
                var (v0, v1) = (vv[k], vv[k + 1]);
                a0 += va[k] * v0;
                b0 += vb[k] * v0;
                c0 += vc[k] * v0;
                d0 += vd[k] * v0;
                a1 += va[k + 1] * v1;
                b1 += vb[k + 1] * v1;
                c1 += vc[k + 1] * v1;
                d1 += vd[k + 1] * v1;
            }

            if (k < vv.Length)
            {
                var v0 = vv[k];
                a0 += va[k] * v0;
                b0 += vb[k] * v0;
                c0 += vc[k] * v0;
                d0 += vd[k] * v0;
            }

            (sumA, sumB, sumC, sumD) = (Vector.Sum(a0 + a1), Vector.Sum(b0 + b1), Vector.Sum(c0 + c1), Vector.Sum(d0 + d1));
            i = vv.Length * Vector<double>.Count;
        }

        for (; i < v.Length; i++)
        {
            sumA += a[i] * v[i];
            sumB += b[i] * v[i];
            sumC += c[i] * v[i];
            sumD += d[i] * v[i];
        }

        return (sumA, sumB, sumC, sumD);
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

    /// <summary>
    /// z ← (z + (a·x + b·y)) + (c·p + d·q) in one pass over z: bit-identical to
    /// <see cref="Axpy2"/>(a, x, b, y, z) followed by <see cref="Axpy2"/>(c, p, d, q, z).
    /// </summary>
    public static void Axpy4(double a, ReadOnlySpan<double> x, double b, ReadOnlySpan<double> y, double c, ReadOnlySpan<double> p, double d, ReadOnlySpan<double> q, Span<double> z)
    {
        CheckLengths(x.Length, z.Length);
        CheckLengths(y.Length, z.Length);
        CheckLengths(p.Length, z.Length);
        CheckLengths(q.Length, z.Length);
        var i = 0;
        if (Vector.IsHardwareAccelerated && z.Length >= Vector<double>.Count)
        {
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            var vp = MemoryMarshal.Cast<double, Vector<double>>(p);
            var vq = MemoryMarshal.Cast<double, Vector<double>>(q);
            var vz = MemoryMarshal.Cast<double, Vector<double>>(z);
            var (va, vb, vc, vd) = (new Vector<double>(a), new Vector<double>(b), new Vector<double>(c), new Vector<double>(d));
            for (var k = 0; k < vz.Length; k++)
            {
                vz[k] = (vz[k] + ((va * vx[k]) + (vb * vy[k]))) + ((vc * vp[k]) + (vd * vq[k]));
            }

            i = vz.Length * Vector<double>.Count;
        }

        for (; i < z.Length; i++)
        {
            z[i] = (z[i] + ((a * x[i]) + (b * y[i]))) + ((c * p[i]) + (d * q[i]));
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
