using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuralTopOpt.Solvers.Krylov;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// A smoother of one level: a few steps of a stationary iteration on A·X = B. The same steps serve as
/// pre- and post-smoother, and each is a polynomial in D⁻¹A, so the V-cycle built from them is a
/// symmetric operator, as CG requires.
/// </summary>
internal interface ISmoother
{
    /// <summary>
    /// Improves level.X for level.B; <paramref name="zeroStart"/>: X is zero on entry (saves a product). Returns
    /// level.Bᵀ·X of the result when <paramref name="dotWithRightHandSide"/> and the smoother can fuse it, else NaN.
    /// </summary>
    double Smooth(MultigridLevel level, bool zeroStart, bool dotWithRightHandSide = false);

    /// <summary>Refreshes what depends on the operator's values (after D⁻¹ is updated).</summary>
    void Update(MultigridLevel level);
}

/// <summary>
/// Damped Jacobi, ν sweeps X ← X + ω·D⁻¹(B − A·X) (Saad, <i>Iterative Methods for Sparse Linear
/// Systems</i>, Sec. 4.1). Contrast-robust: D⁻¹A has its spectrum in (0, λ_max] with λ_max bounded by
/// the element geometry, whatever the stiffness ratio between elements.
/// </summary>
internal sealed class JacobiSmoother(int sweeps, double weight, BlockVectorOps vectors) : ISmoother
{
    public void Update(MultigridLevel level)
    {
    }

    public double Smooth(MultigridLevel level, bool zeroStart, bool dotWithRightHandSide = false)
    {
        var first = 0;
        var dot = double.NaN;
        if (zeroStart)
        {
            // X = ω·D⁻¹·B.
            var x = level.X;
            var b = level.B;
            var inverse = level.InverseDiagonal;
            vectors.Map(x.Length, (start, end) =>
            {
                ref var xr = ref MemoryMarshal.GetArrayDataReference(x);
                ref var br = ref MemoryMarshal.GetArrayDataReference(b);
                ref var ir = ref MemoryMarshal.GetArrayDataReference(inverse);
                var w = Vector256.Create(weight);
                var i = start;
                for (; i <= end - 4; i += 4)
                {
                    (w * Vector256.LoadUnsafe(ref ir, (nuint)i) * Vector256.LoadUnsafe(ref br, (nuint)i)).StoreUnsafe(ref xr, (nuint)i);
                }

                for (; i < end; i++)
                {
                    x[i] = weight * inverse[i] * b[i];
                }
            });
            first = 1;
        }

        for (var s = first; s < sweeps; s++)
        {
            var last = s == sweeps - 1 && dotWithRightHandSide;
            var value = level.Operator.JacobiSweep(level.B, level.X, level.InverseDiagonal, weight, level.R, last ? level.B : null);
            dot = last ? value : dot;
            level.SwapIterate();
        }

        return dot;
    }
}

/// <summary>
/// Chebyshev polynomial smoother of degree k on D⁻¹A (Adams, Brezina, Hu and Tuminaro 2003): the
/// Chebyshev iteration for the eigenvalue interval [λ_max/α, λ_max] of D⁻¹A, damping that part of the
/// spectrum (the oscillatory errors) as evenly as a degree-k polynomial can. λ_max is estimated with a
/// few power iterations from a seeded start vector on every update and enlarged by 10%.
/// </summary>
internal sealed class ChebyshevSmoother(int degree, double ratio, BlockVectorOps vectors) : ISmoother
{
    private const int PowerIterations = 12;
    private double[] _d = [];
    private double _lambdaMax;

    /// <summary>The last estimate of λ_max(D⁻¹A), enlarged by 10%.</summary>
    public double LambdaMax => _lambdaMax;

    public void Update(MultigridLevel level)
    {
        var n = level.Layout.Length;
        if (_d.Length != n)
        {
            _d = new double[n];
        }

        // Power iteration on D⁻¹A (similar to the symmetric D^-1/2 A D^-1/2), masked start vector.
        var v = _d;
        var w = level.R;
        var random = new Random(12345);
        var inverse = level.InverseDiagonal;
        for (var i = 0; i < n; i++)
        {
            v[i] = inverse[i] != 0 ? random.NextDouble() - 0.5 : 0;
        }

        double lambda = 0;
        for (var k = 0; k < PowerIterations; k++)
        {
            level.Operator.Apply(v, w);
            double norm = 0, rayleigh = 0, vnorm = 0;
            for (var i = 0; i < n; i++)
            {
                // Rayleigh quotient in the D inner product: vᵀAv / vᵀDv.
                rayleigh += v[i] * w[i];
                vnorm += inverse[i] != 0 ? v[i] * v[i] / inverse[i] : 0;
                w[i] *= inverse[i];
                norm += w[i] * w[i];
            }

            lambda = vnorm > 0 ? rayleigh / vnorm : 0;
            norm = Math.Sqrt(norm);
            if (norm == 0)
            {
                break;
            }

            for (var i = 0; i < n; i++)
            {
                v[i] = w[i] / norm;
            }
        }

        _lambdaMax = 1.1 * lambda;
        Array.Clear(_d);
        Array.Clear(level.R);
    }

    public double Smooth(MultigridLevel level, bool zeroStart, bool dotWithRightHandSide = false)
    {
        var lambdaMax = _lambdaMax;
        var lambdaMin = lambdaMax / ratio;
        var theta = (lambdaMax + lambdaMin) / 2;
        var delta = (lambdaMax - lambdaMin) / 2;
        var sigma = theta / delta;
        var rho = 1 / sigma;
        var r = level.R;
        var x = level.X;
        var d = _d;
        var inverse = level.InverseDiagonal;

        // r = B − A·X; d = D⁻¹r/θ; X += d.
        if (zeroStart)
        {
            level.B.CopyTo(r, 0);
        }
        else
        {
            level.Operator.Residual(level.B, x, r);
        }

        // The first step is the update below with d = 0: d = (1/θ)·D⁻¹r.
        Update(d, x, r, inverse, 0, 1 / theta, assign: zeroStart);
        for (var k = 1; k < degree; k++)
        {
            // r −= A·d; ρ' = 1/(2σ − ρ); d = ρ'ρ·d + (2ρ'/δ)·D⁻¹r; X += d.
            level.Operator.Residual(r, d, r);
            var next = 1 / ((2 * sigma) - rho);
            Update(d, x, r, inverse, next * rho, 2 * next / delta, assign: false);
            rho = next;
        }

        return double.NaN;
    }

    /// <summary>d = a·d + b·D⁻¹r; X = d (assign) or X += d.</summary>
    private void Update(double[] d, double[] x, double[] r, double[] inverse, double a, double b, bool assign)
    {
        vectors.Map(d.Length, (start, end) =>
        {
            ref var dr = ref MemoryMarshal.GetArrayDataReference(d);
            ref var xr = ref MemoryMarshal.GetArrayDataReference(x);
            ref var rr = ref MemoryMarshal.GetArrayDataReference(r);
            ref var ir = ref MemoryMarshal.GetArrayDataReference(inverse);
            var va = Vector256.Create(a);
            var vb = Vector256.Create(b);
            var i = start;
            for (; i <= end - 4; i += 4)
            {
                var scaled = vb * Vector256.LoadUnsafe(ref ir, (nuint)i) * Vector256.LoadUnsafe(ref rr, (nuint)i);
                var dn = a == 0 ? scaled : Vector256.FusedMultiplyAdd(va, Vector256.LoadUnsafe(ref dr, (nuint)i), scaled);
                dn.StoreUnsafe(ref dr, (nuint)i);
                (assign ? dn : Vector256.LoadUnsafe(ref xr, (nuint)i) + dn).StoreUnsafe(ref xr, (nuint)i);
            }

            for (; i < end; i++)
            {
                d[i] = (a == 0 ? 0 : a * d[i]) + (b * inverse[i] * r[i]);
                x[i] = assign ? d[i] : x[i] + d[i];
            }
        });
    }
}
