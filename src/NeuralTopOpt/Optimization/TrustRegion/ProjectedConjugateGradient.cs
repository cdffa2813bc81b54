using NeuralTopOpt.Optimization.LinearAlgebra;

namespace NeuralTopOpt.Optimization.TrustRegion;

/// <summary>A symmetric linear operator y = H·v.</summary>
internal interface ILinearOperator
{
    void Apply(ReadOnlySpan<double> v, Span<double> result);
}

/// <summary>Why the projected CG stopped (SciPy's <c>stop_cond</c> codes 1–4).</summary>
internal enum CgStop
{
    IterationLimit = 1,
    TrustRegionBoundary = 2,
    NegativeCurvature = 3,
    Converged = 4,
}

/// <summary>The outcome of one tangential solve.</summary>
internal readonly record struct CgInfo(int Iterations, CgStop Stop, bool HitsBoundary);

/// <summary>
/// The tangential (horizontal) step of Byrd–Omojokun by projected conjugate gradients (Gould, Hribar
/// &amp; Nocedal 2001, Alg. 6.2; Nocedal &amp; Wright Alg. 16.2; SciPy's <c>projected_cg</c>):
/// <code>
///   minimize ½ tᵀH t + cᵀt   subject to A t = 0,  ‖t‖ ≤ Δ,  lb ≤ t ≤ ub
/// </code>
/// CG on the null space of A (residuals projected by Z, then replaced by their projection to limit
/// roundoff), stopped by the relative tolerance rᵀg &lt; max(min(0.01√(r₀ᵀg₀), 0.1 r₀ᵀg₀), 10⁻²⁵),
/// by negative curvature or by the trust-region boundary (both: follow the direction to the boundary
/// of ball ∩ box), or after n − m iterations. When an iterate leaves the box the last point where
/// a CG segment crossed into the box is kept and returned if the final iterate is outside
/// (SciPy's rule).
/// </summary>
internal sealed class ProjectedConjugateGradient
{
    private const double CloseToZero = 1e-25;

    private readonly BarrierJacobian _jacobian;
    private readonly int _maxIterations;
    private readonly double[] _r;
    private readonly double[] _g;
    private readonly double[] _p;
    private readonly double[] _hp;
    private readonly double[] _next;
    private readonly double[] _lastFeasible;
    private readonly double[] _scaled;

    public ProjectedConjugateGradient(BarrierJacobian jacobian, int stepLength, int rowCount)
    {
        _jacobian = jacobian;
        _maxIterations = Math.Max(0, stepLength - rowCount);
        _r = new double[stepLength];
        _g = new double[stepLength];
        _p = new double[stepLength];
        _hp = new double[stepLength];
        _next = new double[stepLength];
        _lastFeasible = new double[stepLength];
        _scaled = new double[stepLength];
    }

    /// <summary>Writes the step to <paramref name="t"/>.</summary>
    public CgInfo Solve(
        ILinearOperator h, ReadOnlySpan<double> c, double radius, ReadOnlySpan<double> lb, ReadOnlySpan<double> ub, Span<double> t)
    {
        t.Clear();
        _lastFeasible.AsSpan().Clear();
        _jacobian.NullSpace(c, _r);          // r = Z(H·0 + c)
        _jacobian.NullSpace(_r, _g);         // g = Z r
        for (var i = 0; i < _p.Length; i++)
        {
            _p[i] = -_g[i];
        }

        var rg = VectorOps.Dot(_g, _g);
        if (radius < CloseToZero)
        {
            return new CgInfo(0, CgStop.TrustRegionBoundary, true);
        }

        var tolerance = Math.Max(Math.Min(0.01 * Math.Sqrt(rg), 0.1 * rg), CloseToZero);
        var stop = CgStop.IterationLimit;
        var hitsBoundary = false;
        var infeasible = 0;
        var k = 0;
        for (var iteration = 0; iteration < _maxIterations; iteration++)
        {
            if (rg < tolerance)
            {
                stop = CgStop.Converged;
                break;
            }

            k++;
            h.Apply(_p, _hp);   // only when it is used: SciPy takes H·p at the end of an iteration, also before the stop test that ends the loop
            var curvature = VectorOps.Dot(_hp, _p);
            if (curvature <= 0.0)
            {
                // negative curvature: go along p (the whole line) to the boundary of ball ∩ box
                MoveToBoundary(t, _p, lb, ub, radius, entireLine: true);
                stop = CgStop.NegativeCurvature;
                hitsBoundary = true;
                break;
            }

            var alpha = rg / curvature;
            t.CopyTo(_next);
            VectorOps.Axpy(alpha, _p, _next);
            if (VectorOps.Norm2(_next) >= radius)
            {
                ScaledDirection(alpha);
                MoveToBoundary(t, _scaled, lb, ub, radius, entireLine: false);
                stop = CgStop.TrustRegionBoundary;
                hitsBoundary = true;
                break;
            }

            infeasible = StepGeometry.InsideBox(_next, lb, ub) ? 0 : infeasible + 1;
            if (infeasible > 0)
            {
                ScaledDirection(alpha);
                var segment = StepGeometry.BoxSphere(t, _scaled, lb, ub, radius);
                if (segment.Intersects)
                {
                    t.CopyTo(_lastFeasible);
                    VectorOps.Axpy(segment.End, _scaled, _lastFeasible);
                    StepGeometry.Clamp(_lastFeasible, lb, ub);
                    infeasible = 0;
                }
            }

            if (infeasible > _maxIterations)
            {
                break;
            }

            // r₊ = r + αHp, g₊ = Z r₊, p₊ = −g₊ + (g₊ᵀg₊ / gᵀg)·p, and r ← g₊
            VectorOps.Axpy(alpha, _hp, _r);
            _jacobian.NullSpace(_r, _g);
            var rgNext = VectorOps.Dot(_g, _g);
            var beta = rgNext / rg;
            for (var i = 0; i < _p.Length; i++)
            {
                _p[i] = -_g[i] + (beta * _p[i]);
            }

            _next.CopyTo(t);
            _g.CopyTo(_r);
            rg = rgNext;
        }

        if (!StepGeometry.InsideBox(t, lb, ub))
        {
            _lastFeasible.CopyTo(t);
            hitsBoundary = true;
        }

        return new CgInfo(k, stop, hitsBoundary);
    }

    // t ← t + τ·d with the largest τ keeping t in ball ∩ box, then clamped to the box against roundoff.
    private static void MoveToBoundary(Span<double> t, ReadOnlySpan<double> d, ReadOnlySpan<double> lb, ReadOnlySpan<double> ub, double radius, bool entireLine)
    {
        var interval = StepGeometry.BoxSphere(t, d, lb, ub, radius, entireLine);
        if (interval.Intersects)
        {
            VectorOps.Axpy(interval.End, d, t);
        }

        StepGeometry.Clamp(t, lb, ub);
    }

    private void ScaledDirection(double alpha)
    {
        for (var i = 0; i < _p.Length; i++)
        {
            _scaled[i] = alpha * _p[i];
        }
    }
}
