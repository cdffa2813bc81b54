using NeuralTopOpt.Optimization.LinearAlgebra;

namespace NeuralTopOpt.Optimization.QuasiNewton;

/// <summary>
/// Dense BFGS approximation of a Hessian, the way SciPy's <c>BFGS</c> strategy keeps it:
/// B₀ = I, scaled at the first update by yᵀy / |sᵀy| (Nocedal &amp; Wright Eq. 6.20), then
/// <code>B ← B − (Bs)(Bs)ᵀ / sᵀBs + yyᵀ / sᵀy</code>
/// (Eq. 6.19), with y safeguarded by <see cref="CurvatureSafeguard"/>. Memory n² doubles; a product
/// and an update are O(n²).
/// </summary>
internal sealed class DenseBfgs : IHessianApproximation
{
    private readonly double[] _b;
    private readonly CurvatureSafeguard _safeguard;
    private readonly double[] _bs;
    private readonly double[] _y;
    private bool _first = true;

    public DenseBfgs(int n, CurvatureSafeguard safeguard)
    {
        Dimension = n;
        _safeguard = safeguard;
        _b = new double[checked(n * n)];
        _bs = new double[n];
        _y = new double[n];
        SetScaledIdentity(1.0);
    }

    public int Dimension { get; }

    public void Multiply(ReadOnlySpan<double> v, Span<double> result)
    {
        var n = Dimension;
        for (var i = 0; i < n; i++)
        {
            result[i] = VectorOps.Dot(_b.AsSpan(i * n, n), v);
        }
    }

    public UpdateOutcome Update(ReadOnlySpan<double> s, ReadOnlySpan<double> y)
    {
        if (HessianApproximations.IsZero(s) || HessianApproximations.IsZero(y))
        {
            return UpdateOutcome.Skipped;
        }

        if (_first)
        {
            ScaleMatrix(AutoScale(s, y));
            _first = false;
        }

        y.CopyTo(_y);
        Multiply(s, _bs);
        var sBs = VectorOps.Dot(s, _bs);
        if (!(sBs > 0.0))
        {
            // lost positive definiteness to roundoff: restart from a scaled identity (as SciPy does)
            SetScaledIdentity(AutoScale(s, y));
            Multiply(s, _bs);
            sBs = VectorOps.Dot(s, _bs);
        }

        var outcome = HessianApproximations.Safeguard(_safeguard, VectorOps.Dot(s, _y), sBs, _bs, _y);
        if (outcome == UpdateOutcome.Skipped)
        {
            return outcome;
        }

        var sy = VectorOps.Dot(s, _y);
        var n = Dimension;
        for (var i = 0; i < n; i++)
        {
            var row = _b.AsSpan(i * n, n);
            VectorOps.Axpy(_y[i] / sy, _y, row);
            VectorOps.Axpy(-_bs[i] / sBs, _bs, row);
        }

        return outcome;
    }

    // yᵀy / |sᵀy| (Nocedal & Wright Eq. 6.20); 1 when undefined.
    private static double AutoScale(ReadOnlySpan<double> s, ReadOnlySpan<double> y)
    {
        var ys = Math.Abs(VectorOps.Dot(y, s));
        var yy = VectorOps.Dot(y, y);
        return ys == 0.0 || yy == 0.0 ? 1.0 : yy / ys;
    }

    private void SetScaledIdentity(double scale)
    {
        Array.Clear(_b);
        for (var i = 0; i < Dimension; i++)
        {
            _b[(i * Dimension) + i] = scale;
        }
    }

    private void ScaleMatrix(double scale) => VectorOps.Scale(scale, _b);
}
