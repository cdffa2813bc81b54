using NeuralTopOpt.Optimization.LinearAlgebra;
using NeuralTopOpt.Optimization.QuasiNewton;

namespace NeuralTopOpt.Optimization.TrustRegion;

/// <summary>
/// The quasi-Newton approximation B ≈ ∇²ₓₓL = ∇²f + Σᵢ vᵢ∇²cᵢ of the trust-region method and the
/// bookkeeping of its secant pairs (<see cref="TrustRegionOptions.HessianForm"/>,
/// <see cref="TrustRegionOptions.SecantPairs"/>). In SciPy's form (Separate, ConsecutiveEvaluations)
/// it behaves as <c>trust-constr</c> without a Hessian:
/// <code>
///   B = B_f + B_c
///   at every evaluated point x₊ (after the point x₋ evaluated before it):
///       B_f ← update(x₊ − x₋, ∇f(x₊) − ∇f(x₋))
///       B_c ← update(x₊ − x₋, (J(x₊) − J(x₋))ᵀv)          v: the multipliers last set
///   whenever the multipliers change to v′:  B_c ← update(x₊ − x₋, (J(x₊) − J(x₋))ᵀv′)
/// </code>
/// (SciPy 1.10.1 <c>_differentiable_functions.ScalarFunction</c> and <c>VectorFunction</c>: the
/// update runs in <c>update_x</c> for every new x and in <c>hess</c> for every new v.)
/// </summary>
internal sealed class LagrangianApproximation
{
    private readonly TrustRegionOptions _options;
    private readonly int _n;
    private readonly int _m;
    private readonly IHessianApproximation _objective;
    private readonly IHessianApproximation? _constraints;
    private readonly double[] _lastX, _lastGradient, _lastJacobian, _previousX, _previousJacobian;
    private readonly double[] _v, _s, _y, _work;
    private const double RoundoffStep = 1e-12;
    private bool _hasLast, _hasPrevious, _lastPairIsRoundoff;

    public LagrangianApproximation(TrustRegionOptions options, int n, int m)
    {
        _options = options;
        _n = n;
        _m = m;
        _objective = HessianApproximations.Create(options.Hessian, n, options.Safeguard, options.Memory);
        if (options.HessianForm == LagrangianHessianForm.Separate && m > 0)
        {
            _constraints = HessianApproximations.Create(options.Hessian, n, options.Safeguard, options.Memory);
        }

        (_lastX, _lastGradient, _lastJacobian) = (new double[n], new double[n], new double[m * n]);
        (_previousX, _previousJacobian) = (new double[n], new double[m * n]);
        (_v, _s, _y, _work) = (new double[m], new double[n], new double[n], new double[n]);
    }

    /// <summary>Outcomes of the updates of B_f (or of the single B) so far.</summary>
    public UpdateCounts ObjectiveUpdates { get; private set; }

    /// <summary>Outcomes of the updates of B_c so far.</summary>
    public UpdateCounts ConstraintUpdates { get; private set; }

    /// <summary>result = B·v (length n).</summary>
    public void Multiply(ReadOnlySpan<double> v, Span<double> result)
    {
        _objective.Multiply(v, result);
        if (_constraints is not null)
        {
            _constraints.Multiply(v, _work);
            VectorOps.Axpy(1.0, _work, result);
        }
    }

    /// <summary>A newly evaluated point. <paramref name="iterate"/> is the current iterate (the other end of a pair under <see cref="SecantPairs.FromIterate"/>).</summary>
    public void Observe(BarrierIterate point, BarrierIterate iterate)
    {
        var consecutive = _options.SecantPairs == SecantPairs.ConsecutiveEvaluations;
        if (!consecutive || _hasLast)
        {
            var (x, gradient, jacobian) = consecutive ? (_lastX, _lastGradient, _lastJacobian) : (iterate.X, iterate.Gradient, iterate.Jacobian);
            for (var i = 0; i < _n; i++)
            {
                _s[i] = point.X[i] - x[i];
                _y[i] = point.Gradient[i] - gradient[i];
            }

            _lastPairIsRoundoff = _options.SkipRoundoffPairs && IsRoundoff(_s, point.X);
            if (_lastPairIsRoundoff)
            {
                ObjectiveUpdates = ObjectiveUpdates.Add(UpdateOutcome.Skipped);
            }
            else if (_constraints is null)
            {
                AddConstraintCurvature(point.Jacobian, jacobian, _y);
                ObjectiveUpdates = ObjectiveUpdates.Add(_objective.Update(_s, _y));
            }
            else
            {
                ObjectiveUpdates = ObjectiveUpdates.Add(_objective.Update(_s, _y));
                Array.Clear(_y);
                AddConstraintCurvature(point.Jacobian, jacobian, _y);
                ConstraintUpdates = ConstraintUpdates.Add(_constraints.Update(_s, _y));
            }
        }

        if (consecutive)
        {
            if (_hasLast)
            {
                _lastX.CopyTo(_previousX, 0);
                _lastJacobian.CopyTo(_previousJacobian, 0);
            }

            point.X.CopyTo(_lastX, 0);
            point.Gradient.CopyTo(_lastGradient, 0);
            point.Jacobian.CopyTo(_lastJacobian, 0);
            (_hasPrevious, _hasLast) = (_hasLast, true);
        }
    }

    /// <summary>
    /// The multipliers of the general constraints (length m) after the iterate or μ changed. Under
    /// SciPy's form B_c is updated again with the latest pair and the new multipliers.
    /// </summary>
    public void SetMultipliers(ReadOnlySpan<double> v)
    {
        if (v.SequenceEqual(_v))
        {
            return;
        }

        v.CopyTo(_v);
        if (_constraints is null || _options.SecantPairs != SecantPairs.ConsecutiveEvaluations || !_hasPrevious || _lastPairIsRoundoff)
        {
            return;
        }

        for (var i = 0; i < _n; i++)
        {
            _s[i] = _lastX[i] - _previousX[i];
        }

        Array.Clear(_y);
        AddConstraintCurvature(_lastJacobian, _previousJacobian, _y);
        ConstraintUpdates = ConstraintUpdates.Add(_constraints.Update(_s, _y));
    }

    // A step below roundoff of x: ‖s‖∞ ≤ 10⁻¹² ‖x‖∞ (e.g. a second-order correction of a linear
    // constraint's residual, which is roundoff). Its y is noise, and so would be the update.
    private static bool IsRoundoff(ReadOnlySpan<double> s, ReadOnlySpan<double> x) =>
        VectorOps.NormInf(s) <= RoundoffStep * VectorOps.NormInf(x);

    // y += (J₊ − J)ᵀv
    private void AddConstraintCurvature(ReadOnlySpan<double> plus, ReadOnlySpan<double> now, Span<double> y)
    {
        for (var r = 0; r < _m; r++)
        {
            var v = _v[r];
            var jPlus = plus.Slice(r * _n, _n);
            var jNow = now.Slice(r * _n, _n);
            for (var i = 0; i < _n; i++)
            {
                y[i] += v * (jPlus[i] - jNow[i]);
            }
        }
    }
}

/// <summary>How many quasi-Newton updates were applied, damped or skipped.</summary>
internal readonly record struct UpdateCounts(int Applied, int Damped, int Skipped)
{
    public UpdateCounts Add(UpdateOutcome outcome) => outcome switch
    {
        UpdateOutcome.Applied => this with { Applied = Applied + 1 },
        UpdateOutcome.Damped => this with { Damped = Damped + 1 },
        _ => this with { Skipped = Skipped + 1 },
    };
}
