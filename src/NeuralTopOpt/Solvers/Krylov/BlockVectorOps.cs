using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralTopOpt.Solvers.Krylov;

/// <summary>
/// The vector kernels of a Krylov solver (BLAS ddot, daxpy and the fused updates of CG) on long
/// vectors, split over threads by fixed blocks. A reduction sums each block in a fixed order and then
/// the block sums in block order, so its value does not depend on the number of threads or on their
/// scheduling: runs are bit-for-bit reproducible.
/// </summary>
internal sealed class BlockVectorOps
{
    /// <summary>Values per block (a fixed size: the reduction order must not depend on the machine).</summary>
    private const int BlockSize = 1 << 14;

    private readonly ParallelOptions _options;
    private double[] _partials = new double[16];

    /// <summary>Uses up to <paramref name="parallelism"/> threads.</summary>
    public BlockVectorOps(int parallelism)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        Parallelism = parallelism;
        _options = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
    }

    /// <summary>Most threads a kernel uses.</summary>
    public int Parallelism { get; }

    /// <summary>aᵀb.</summary>
    public double Dot(double[] a, double[] b)
    {
        CheckLengths(a, b);
        return Reduce(a.Length, (start, end) => DotRange(a, b, start, end));
    }

    /// <summary>x += α·p, r −= α·q; returns the new rᵀr.</summary>
    public double UpdateSolutionAndResidual(double alpha, double[] p, double[] q, double[] x, double[] r)
    {
        CheckLengths(p, q);
        CheckLengths(x, r);
        CheckLengths(p, x);
        return Reduce(p.Length, (start, end) =>
        {
            Axpy(alpha, p, x, start, end);
            Axpy(-alpha, q, r, start, end);
            return DotRange(r, r, start, end);
        });
    }

    /// <summary>p = z + β·p.</summary>
    public void UpdateDirection(double[] z, double beta, double[] p)
    {
        CheckLengths(z, p);
        Map(p.Length, (start, end) =>
        {
            ref var zr = ref MemoryMarshal.GetArrayDataReference(z);
            ref var pr = ref MemoryMarshal.GetArrayDataReference(p);
            var vb = Vector256.Create(beta);
            var i = start;
            for (; i <= end - 4; i += 4)
            {
                Vector256.FusedMultiplyAdd(vb, Vector256.LoadUnsafe(ref pr, (nuint)i), Vector256.LoadUnsafe(ref zr, (nuint)i)).StoreUnsafe(ref pr, (nuint)i);
            }

            for (; i < end; i++)
            {
                Unsafe.Add(ref pr, i) = Math.FusedMultiplyAdd(beta, Unsafe.Add(ref pr, i), Unsafe.Add(ref zr, i));
            }
        });
    }

    /// <summary>y += α·x.</summary>
    public void Axpy(double alpha, double[] x, double[] y)
    {
        CheckLengths(x, y);
        Map(x.Length, (start, end) => Axpy(alpha, x, y, start, end));
    }

    /// <summary>x = α·x.</summary>
    public void Scale(double alpha, double[] x) =>
        Map(x.Length, (start, end) =>
        {
            for (var i = start; i < end; i++)
            {
                x[i] *= alpha;
            }
        });

    private static void Axpy(double alpha, double[] x, double[] y, int start, int end)
    {
        ref var xr = ref MemoryMarshal.GetArrayDataReference(x);
        ref var yr = ref MemoryMarshal.GetArrayDataReference(y);
        var va = Vector256.Create(alpha);
        var i = start;
        for (; i <= end - 4; i += 4)
        {
            Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref xr, (nuint)i), Vector256.LoadUnsafe(ref yr, (nuint)i)).StoreUnsafe(ref yr, (nuint)i);
        }

        for (; i < end; i++)
        {
            Unsafe.Add(ref yr, i) = Math.FusedMultiplyAdd(alpha, Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        }
    }

    /// <summary>Σ a_i·b_i over [start, end) with four interleaved vector accumulators, in a fixed order.</summary>
    private static double DotRange(double[] a, double[] b, int start, int end)
    {
        ref var ar = ref MemoryMarshal.GetArrayDataReference(a);
        ref var br = ref MemoryMarshal.GetArrayDataReference(b);
        var s0 = Vector256<double>.Zero;
        var s1 = Vector256<double>.Zero;
        var i = start;
        for (; i <= end - 8; i += 8)
        {
            s0 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, (nuint)i), Vector256.LoadUnsafe(ref br, (nuint)i), s0);
            s1 = Vector256.FusedMultiplyAdd(Vector256.LoadUnsafe(ref ar, (nuint)(i + 4)), Vector256.LoadUnsafe(ref br, (nuint)(i + 4)), s1);
        }

        var sum = Vector256.Sum(s0 + s1);
        for (; i < end; i++)
        {
            sum = Math.FusedMultiplyAdd(Unsafe.Add(ref ar, i), Unsafe.Add(ref br, i), sum);
        }

        return sum;
    }

    private static void CheckLengths(double[] a, double[] b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"vectors of {a.Length} and {b.Length} values");
        }
    }

    /// <summary>Runs <paramref name="body"/>(start, end) over the blocks of [0, length), in parallel when it pays.</summary>
    public void Map(int length, Action<int, int> body)
    {
        var blocks = (length + BlockSize - 1) / BlockSize;
        if (Parallelism == 1 || blocks < 4)
        {
            body(0, length);
            return;
        }

        var parts = Math.Min(blocks, Parallelism * 4);
        Parallel.For(0, parts, _options, p =>
        {
            var first = (int)((long)blocks * p / parts) * BlockSize;
            var end = Math.Min(length, (int)((long)blocks * (p + 1) / parts) * BlockSize);
            body(first, end);
        });
    }

    /// <summary>Σ over blocks of <paramref name="blockSum"/>(block), the block sums added in block order.</summary>
    private double Reduce(int length, Func<int, int, double> blockSum)
    {
        var blocks = (length + BlockSize - 1) / BlockSize;
        if (_partials.Length < blocks)
        {
            _partials = new double[blocks];
        }

        var partials = _partials;
        if (Parallelism == 1 || blocks < 4)
        {
            for (var k = 0; k < blocks; k++)
            {
                partials[k] = blockSum(k * BlockSize, Math.Min(length, (k + 1) * BlockSize));
            }
        }
        else
        {
            var parts = Math.Min(blocks, Parallelism * 4);
            Parallel.For(0, parts, _options, p =>
            {
                var first = (int)((long)blocks * p / parts);
                var end = (int)((long)blocks * (p + 1) / parts);
                for (var k = first; k < end; k++)
                {
                    partials[k] = blockSum(k * BlockSize, Math.Min(length, (k + 1) * BlockSize));
                }
            });
        }

        double sum = 0;
        for (var k = 0; k < blocks; k++)
        {
            sum += partials[k];
        }

        return sum;
    }
}
