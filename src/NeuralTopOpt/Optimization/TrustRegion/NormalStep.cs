using NeuralTopOpt.Optimization.LinearAlgebra;

namespace NeuralTopOpt.Optimization.TrustRegion;

/// <summary>
/// The normal (vertical) step of Byrd–Omojokun: approximately
/// <code>
///   minimize ½‖A·d + b‖²   subject to ‖d‖ ≤ Δ,  lb ≤ d ≤ ub
/// </code>
/// by the modified dogleg of Byrd, Hribar &amp; Nocedal (1999, pp. 885–886; SciPy's
/// <c>modified_dogleg</c>): take the least-norm Gauss–Newton point −Y·b when it is admissible;
/// otherwise the better (in ‖A·d + b‖) of the dogleg path Cauchy → Newton cut by the region and the
/// Newton direction cut by the region.
/// </summary>
internal sealed class NormalStep
{
    private readonly BarrierJacobian _jacobian;
    private readonly double[] _newton;
    private readonly double[] _cauchy;
    private readonly double[] _direction;
    private readonly double[] _gradient;
    private readonly double[] _rows;
    private readonly double[] _other;

    public NormalStep(BarrierJacobian jacobian, int stepLength, int rowCount)
    {
        _jacobian = jacobian;
        _newton = new double[stepLength];
        _cauchy = new double[stepLength];
        _direction = new double[stepLength];
        _gradient = new double[stepLength];
        _other = new double[stepLength];
        _rows = new double[rowCount];
    }

    /// <summary>Writes the step to <paramref name="step"/> (length N) for the residual <paramref name="b"/> (length M).</summary>
    public void Compute(ReadOnlySpan<double> b, double radius, ReadOnlySpan<double> lb, ReadOnlySpan<double> ub, Span<double> step)
    {
        // Newton point: the least-norm minimizer −Aᵀ(AAᵀ)⁻¹b
        _jacobian.RowSpace(b, _newton);
        VectorOps.Scale(-1.0, _newton);
        if (StepGeometry.InsideBox(_newton, lb, ub) && VectorOps.Norm2(_newton) <= radius)
        {
            _newton.CopyTo(step);
            return;
        }

        // Cauchy point: −(gᵀg / ‖Ag‖²)·g with g = Aᵀb
        _jacobian.MultiplyTransposed(b, _gradient);
        _jacobian.Multiply(_gradient, _rows);
        var gg = VectorOps.Dot(_gradient, _gradient);
        var agag = VectorOps.Dot(_rows, _rows);
        var scale = agag > 0.0 ? -gg / agag : 0.0;
        for (var i = 0; i < _cauchy.Length; i++)
        {
            _cauchy[i] = scale * _gradient[i];
            _direction[i] = _newton[i] - _cauchy[i];
        }

        // x1 on the segment Cauchy → Newton, else on origin → Cauchy
        var dogleg = StepGeometry.BoxSphere(_cauchy, _direction, lb, ub, radius);
        if (dogleg.Intersects)
        {
            _cauchy.CopyTo(step);
            VectorOps.Axpy(dogleg.End, _direction, step);
        }
        else
        {
            var toCauchy = StepGeometry.BoxSphere(Zeros(step.Length), _cauchy, lb, ub, radius);
            step.Clear();
            VectorOps.Axpy(toCauchy.End, _cauchy, step); // SciPy takes the end whether or not the segment meets the region
        }

        // x2 on origin → Newton; keep the one with the smaller linearized residual
        var toNewton = StepGeometry.BoxSphere(Zeros(step.Length), _newton, lb, ub, radius);
        _other.AsSpan().Clear();
        VectorOps.Axpy(toNewton.End, _newton, _other);
        if (Residual(_other, b) <= Residual(step, b))
        {
            _other.CopyTo(step);
        }
    }

    private double Residual(ReadOnlySpan<double> d, ReadOnlySpan<double> b)
    {
        _jacobian.Multiply(d, _rows);
        VectorOps.Axpy(1.0, b, _rows);
        return VectorOps.Norm2(_rows);
    }

    private ReadOnlySpan<double> Zeros(int length)
    {
        _gradient.AsSpan(0, length).Clear();
        return _gradient.AsSpan(0, length);
    }
}
