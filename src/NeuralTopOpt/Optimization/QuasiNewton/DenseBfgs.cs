using NeuralTopOpt.Optimization.LinearAlgebra;

namespace NeuralTopOpt.Optimization.QuasiNewton;

/// <summary>
/// Dense BFGS approximation of a Hessian, the way SciPy's <c>BFGS</c> strategy keeps it:
/// B₀ = I, scaled at the first update by yᵀy / |sᵀy| (Nocedal &amp; Wright Eq. 6.20), then
/// <code>B ← B − (Bs)(Bs)ᵀ / sᵀBs + yyᵀ / sᵀy</code>
/// (Eq. 6.19), with y safeguarded by <see cref="CurvatureSafeguard"/>. B is symmetric, so only its
/// lower triangle is stored, row by row (n(n+1)/2 doubles); a product and an update each read it
/// once. At the sizes of the paper's problems (n = 3,600: 52 MB) both are bound by memory bandwidth,
/// which this halves against full storage. Until the first update that changes more than its scale,
/// B is σI and a product is σv (the approximation of a constraint's Hessian often stays so: SciPy
/// skips every update of a linear constraint and most of the paper's volume constraint).
/// </summary>
internal sealed class DenseBfgs : IHessianApproximation
{
    private readonly double[] _b;
    private readonly CurvatureSafeguard _safeguard;
    private readonly double[] _bs;
    private readonly double[] _y;
    private bool _first = true;
    private bool _scaledIdentity;
    private double _identityScale;

    public DenseBfgs(int n, CurvatureSafeguard safeguard)
    {
        Dimension = n;
        _safeguard = safeguard;
        _b = new double[checked(n * (n + 1) / 2)];
        _bs = new double[n];
        _y = new double[n];
        SetScaledIdentity(1.0);
    }

    public int Dimension { get; }

    // r = B v from the lower triangle: row i contributes Lᵢ·v[..i] to rᵢ and vᵢ·Lᵢ to r[..i].
    public void Multiply(ReadOnlySpan<double> v, Span<double> result)
    {
        if (_scaledIdentity)
        {
            for (var i = 0; i < Dimension; i++)
            {
                result[i] = _identityScale * v[i];
            }

            return;
        }

        result.Clear();
        for (var i = 0; i < Dimension; i++)
        {
            var row = Row(i);
            var vi = v[i];
            var below = VectorOps.DotAndAxpy(row[..i], v[..i], vi, result[..i]);
            result[i] += below + (row[i] * vi);
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

        // B ← B + (y/sᵀy) yᵀ − (Bs/sᵀBs)(Bs)ᵀ, lower triangle, one pass per row.
        _scaledIdentity = false;
        var sy = VectorOps.Dot(s, _y);
        for (var i = 0; i < Dimension; i++)
        {
            VectorOps.Axpy2(_y[i] / sy, _y.AsSpan(0, i + 1), -_bs[i] / sBs, _bs.AsSpan(0, i + 1), Row(i));
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
            Row(i)[i] = scale;
        }

        (_scaledIdentity, _identityScale) = (true, scale);
    }

    // Row i of the lower triangle: Bᵢ₀ … Bᵢᵢ.
    private Span<double> Row(int i) => _b.AsSpan(i * (i + 1) / 2, i + 1);

    private void ScaleMatrix(double scale)
    {
        VectorOps.Scale(scale, _b);
        _identityScale *= scale;
    }
}
