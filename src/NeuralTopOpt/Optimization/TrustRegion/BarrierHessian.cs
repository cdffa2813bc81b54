namespace NeuralTopOpt.Optimization.TrustRegion;

/// <summary>
/// The scaled Hessian of the barrier Lagrangian (Byrd, Hribar &amp; Nocedal 1999, Eq. 3.1 and 3.11):
/// <code>
///   H = [ B   0  ]     B ≈ ∇²ₓₓL (quasi-Newton, <see cref="LagrangianApproximation"/>)
///       [ 0   Σ  ]     Σₖₖ = vₖsₖ when the multiplier vₖ &gt; 0 (primal–dual), μ otherwise (primal)
/// </code>
/// </summary>
internal sealed class BarrierHessian : ILinearOperator
{
    private readonly LagrangianApproximation _b;
    private readonly int _n;
    private readonly double[] _sigma;

    public BarrierHessian(LagrangianApproximation b, int variableCount, int slackCount)
    {
        _b = b;
        _n = variableCount;
        _sigma = new double[slackCount];
    }

    /// <summary>Σ from the multipliers of the slack rows (row m_eq + k for slack k) and the slacks.</summary>
    public void SetSlackCurvature(ReadOnlySpan<double> slackMultipliers, ReadOnlySpan<double> slacks, double mu)
    {
        for (var k = 0; k < _sigma.Length; k++)
        {
            _sigma[k] = slackMultipliers[k] > 0 ? slackMultipliers[k] * slacks[k] : mu;
        }
    }

    public void Apply(ReadOnlySpan<double> v, Span<double> result)
    {
        var n = _n;
        _b.Multiply(v[..n], result[..n]);
        for (var k = 0; k < _sigma.Length; k++)
        {
            result[n + k] = _sigma[k] * v[n + k];
        }
    }
}
