using NeuralTopOpt.Optimization.LinearAlgebra;

namespace NeuralTopOpt.Optimization.TrustRegion;

/// <summary>The composite step and what the merit test needs of it.</summary>
/// <param name="Model">q(d) = ½dᵀHd + ∇φᵀd, the change of the quadratic model.</param>
/// <param name="ConstraintReduction">vpred = ‖b‖ − ‖A·d + b‖ (at least 10⁻¹⁶).</param>
/// <param name="NormalNorm">‖dₙ‖.</param>
/// <param name="TangentialNorm">‖dₜ‖.</param>
/// <param name="Cg">The tangential solve.</param>
internal readonly record struct CompositeStep(double Model, double ConstraintReduction, double NormalNorm, double TangentialNorm, CgInfo Cg);

/// <summary>
/// The Byrd–Omojokun trust-region SQP step for the equality-constrained barrier problem
/// (Lalee, Nocedal &amp; Plantenga 1998; Byrd, Hribar &amp; Nocedal 1999, Sec. 3; Nocedal &amp; Wright
/// Sec. 18.5; SciPy's <c>equality_constrained_sqp</c>):
/// <code>
///   normal     dₙ ≈ argmin ½‖A·d + b‖²        ‖d‖ ≤ ζΔ (ζ = 0.8),  ½·lb ≤ d ≤ ½·ub
///   tangential dₜ ≈ argmin ½tᵀHt + (H·dₙ + ∇φ)ᵀt   A·t = 0,  ‖t‖ ≤ √(Δ² − ‖dₙ‖²),  lb − dₙ ≤ t ≤ ub − dₙ
///   d = dₙ + dₜ
/// </code>
/// The box [lb, ub] is the fraction-to-boundary rule: slack steps dₛ ≥ −τ (the new slack is
/// s·(1 + dₛ) ≥ (1 − τ)s) and, beyond SciPy, variable steps −τ(x − l) ≤ dx ≤ τ(u − x), which keeps
/// every trial point strictly inside the bounds even when the normal step leaves a residual in the
/// bound rows.
/// </summary>
internal sealed class ByrdOmojokunStep
{
    private const double TrustFactor = 0.8;
    private const double BoxFactor = 0.5;

    private readonly BarrierJacobian _jacobian;
    private readonly NormalStep _normal;
    private readonly ProjectedConjugateGradient _cg;
    private readonly double[] _dn;
    private readonly double[] _dt;
    private readonly double[] _work;
    private readonly double[] _lbNormal;
    private readonly double[] _ubNormal;
    private readonly double[] _lbTangential;
    private readonly double[] _ubTangential;
    private readonly double[] _rows;

    public ByrdOmojokunStep(BarrierJacobian jacobian, SlackLayout layout)
    {
        var length = layout.StepLength;
        _jacobian = jacobian;
        _normal = new NormalStep(jacobian, length, layout.RowCount);
        _cg = new ProjectedConjugateGradient(jacobian, length, layout.RowCount);
        _dn = new double[length];
        _dt = new double[length];
        _work = new double[length];
        _lbNormal = new double[length];
        _ubNormal = new double[length];
        _lbTangential = new double[length];
        _ubTangential = new double[length];
        _rows = new double[layout.RowCount];
    }

    /// <summary>The normal part of the last step.</summary>
    public ReadOnlySpan<double> Normal => _dn;

    /// <summary>Computes d (length N) for the scaled gradient, the residual b, the Hessian and the box.</summary>
    public CompositeStep Compute(
        ILinearOperator hessian, ReadOnlySpan<double> gradient, ReadOnlySpan<double> b, double radius,
        ReadOnlySpan<double> lb, ReadOnlySpan<double> ub, Span<double> d)
    {
        for (var i = 0; i < lb.Length; i++)
        {
            _lbNormal[i] = BoxFactor * lb[i];
            _ubNormal[i] = BoxFactor * ub[i];
        }

        _normal.Compute(b, TrustFactor * radius, _lbNormal, _ubNormal, _dn);

        // c_t = H dₙ + ∇φ, box shifted by dₙ, radius √(Δ² − ‖dₙ‖²)
        hessian.Apply(_dn, _work);
        VectorOps.Axpy(1.0, gradient, _work);
        for (var i = 0; i < lb.Length; i++)
        {
            _lbTangential[i] = lb[i] - _dn[i];
            _ubTangential[i] = ub[i] - _dn[i];
        }

        var normalNorm = VectorOps.Norm2(_dn);
        var tangentialRadius = Math.Sqrt(Math.Max(0.0, (radius * radius) - (normalNorm * normalNorm)));
        var cg = _cg.Solve(hessian, _work, tangentialRadius, _lbTangential, _ubTangential, _dt);

        for (var i = 0; i < d.Length; i++)
        {
            d[i] = _dn[i] + _dt[i];
        }

        // q = ½ dᵀHd + ∇φᵀd;  vpred = ‖b‖ − ‖A d + b‖
        hessian.Apply(d, _work);
        var model = (0.5 * VectorOps.Dot(_work, d)) + VectorOps.Dot(gradient, d);
        _jacobian.Multiply(d, _rows);
        VectorOps.Axpy(1.0, b, _rows);
        var reduction = Math.Max(1e-16, VectorOps.Norm2(b) - VectorOps.Norm2(_rows));
        return new CompositeStep(model, reduction, normalNorm, VectorOps.Norm2(_dt), cg);
    }
}
