using NeuralTopOpt.Optimization.LinearAlgebra;

namespace NeuralTopOpt.Optimization.QuasiNewton;

/// <summary>
/// Full-memory BFGS approximation of a Hessian, the way SciPy's <c>BFGS</c> strategy keeps it:
/// B₀ = I, scaled at the first update by yᵀy / |sᵀy| (Nocedal &amp; Wright Eq. 6.20), then
/// <code>B ← B − (Bs)(Bs)ᵀ / sᵀBs + yyᵀ / sᵀy</code>
/// (Eq. 6.19), with y safeguarded by <see cref="CurvatureSafeguard"/>. Every applied update is kept
/// (unlike <see cref="LimitedMemoryBfgs"/>), so B is the same matrix as SciPy's dense one; it is stored
/// in whichever of two forms a product reads less of:
/// <list type="bullet">
/// <item>low rank, while k &lt; n/4 updates have been applied (the 2k vectors, 2kn doubles, are no more
/// than the dense triangle's n²/2; a product reads each pair once from memory and once more from cache):
/// <c>B = σI + Σⱼ (uⱼuⱼᵀ − wⱼwⱼᵀ)</c> with uⱼ = yⱼ/√(sⱼᵀyⱼ) and wⱼ = Bⱼsⱼ/√(sⱼᵀBⱼsⱼ); a product
/// reads each pair once for its two dots and again, from cache, for r += (uⱼ·v)uⱼ − (wⱼ·v)wⱼ, O(kn);</item>
/// <item>dense after that: the lower triangle, row by row (n(n+1)/2 doubles, 52 MB at n = 3,600),
/// read once per product and once per update.</item>
/// </list>
/// The low-rank form is what makes the paper's runs cheap: SciPy's curvature test skips most
/// updates there (the paper network's HBTO NNJ run applies 166 of about 1,400 updates of the
/// objective's B and 4 of about 2,500 of the volume constraint's), so B stays σI plus a few hundred
/// rank-one terms, and a product reads a few MB instead of 52.
/// </summary>
internal sealed class DenseBfgs : IHessianApproximation
{
    private readonly CurvatureSafeguard _safeguard;
    private readonly int _lowRankLimit;
    private readonly List<double[]> _u = [];
    private readonly List<double[]> _w = [];
    private readonly double[] _bs;
    private readonly double[] _y;
    private double[]? _b;
    private double _sigma = 1.0;
    private bool _first = true;

    /// <summary>An approximation of dimension <paramref name="n"/>; <paramref name="lowRankLimit"/> is the number of applied updates kept as vectors before B is stored densely (default n/4, where a low-rank product starts to read more memory than a dense one; measured on our network's HBTO AD run, 1,713 iterations: 27.5 s against 36.0 s with n/8, the same result).</summary>
    public DenseBfgs(int n, CurvatureSafeguard safeguard, int? lowRankLimit = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        Dimension = n;
        _safeguard = safeguard;
        _lowRankLimit = lowRankLimit ?? Math.Max(1, n / 4);
        ArgumentOutOfRangeException.ThrowIfNegative(_lowRankLimit);
        _bs = new double[n];
        _y = new double[n];
    }

    public int Dimension { get; }

    /// <summary>True once B is stored as its dense lower triangle.</summary>
    internal bool IsDense => _b is not null;

    public void Multiply(ReadOnlySpan<double> v, Span<double> result)
    {
        if (_b is not null)
        {
            MultiplyDense(_b, v, result);
            return;
        }

        for (var i = 0; i < Dimension; i++)
        {
            result[i] = _sigma * v[i];
        }

        // two terms at a time: uⱼ, wⱼ, uⱼ₊₁, wⱼ₊₁ are read for their four dots (one pass) and again,
        // from cache, for the update of r; the same sums, in the same order, as term by term
        var j = 0;
        for (; j + 1 < _u.Count; j += 2)
        {
            var (u, w, u2, w2) = (_u[j], _w[j], _u[j + 1], _w[j + 1]);
            var (uv, wv, u2v, w2v) = VectorOps.Dot4(u, w, u2, w2, v);
            VectorOps.Axpy4(uv, u, -wv, w, u2v, u2, -w2v, w2, result);
        }

        if (j < _u.Count)
        {
            var (u, w) = (_u[j], _w[j]);
            var (uv, wv) = VectorOps.Dot2(u, w, v);
            VectorOps.Axpy2(uv, u, -wv, w, result);
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
            Scale(AutoScale(s, y));
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
        if (_b is null && _u.Count < _lowRankLimit)
        {
            _u.Add(Scaled(_y, 1.0 / Math.Sqrt(sy)));
            _w.Add(Scaled(_bs, 1.0 / Math.Sqrt(sBs)));
            return outcome;
        }

        _b ??= Densify();
        RankTwoUpdate(_b, _y, 1.0 / sy, _bs, -1.0 / sBs);
        return outcome;
    }

    // yᵀy / |sᵀy| (Nocedal & Wright Eq. 6.20); 1 when undefined.
    private static double AutoScale(ReadOnlySpan<double> s, ReadOnlySpan<double> y)
    {
        var ys = Math.Abs(VectorOps.Dot(y, s));
        var yy = VectorOps.Dot(y, y);
        return ys == 0.0 || yy == 0.0 ? 1.0 : yy / ys;
    }

    private static double[] Scaled(ReadOnlySpan<double> x, double a)
    {
        var result = new double[x.Length];
        for (var i = 0; i < x.Length; i++)
        {
            result[i] = a * x[i];
        }

        return result;
    }

    // r = B v from the lower triangle: row i contributes Lᵢ·v[..i] to rᵢ and vᵢ·Lᵢ to r[..i].
    private void MultiplyDense(double[] b, ReadOnlySpan<double> v, Span<double> result)
    {
        result.Clear();
        for (var i = 0; i < Dimension; i++)
        {
            var row = Row(b, i);
            var vi = v[i];
            var below = VectorOps.DotAndAxpy(row[..i], v[..i], vi, result[..i]);
            result[i] += below + (row[i] * vi);
        }
    }

    // B ← B + a·x xᵀ + c·z zᵀ, lower triangle, one pass per row.
    private void RankTwoUpdate(double[] b, ReadOnlySpan<double> x, double a, ReadOnlySpan<double> z, double c)
    {
        for (var i = 0; i < Dimension; i++)
        {
            VectorOps.Axpy2(a * x[i], x[..(i + 1)], c * z[i], z[..(i + 1)], Row(b, i));
        }
    }

    // The low-rank form written out: σI, then each kept term uuᵀ − wwᵀ in the order applied.
    private double[] Densify()
    {
        var b = new double[checked(Dimension * (Dimension + 1) / 2)];
        for (var i = 0; i < Dimension; i++)
        {
            Row(b, i)[i] = _sigma;
        }

        for (var j = 0; j < _u.Count; j++)
        {
            RankTwoUpdate(b, _u[j], 1.0, _w[j], -1.0);
        }

        _u.Clear();
        _w.Clear();
        return b;
    }

    private void SetScaledIdentity(double scale)
    {
        _u.Clear();
        _w.Clear();
        _b = null;
        _sigma = scale;
    }

    // Row i of the lower triangle: Bᵢ₀ … Bᵢᵢ.
    private static Span<double> Row(double[] b, int i) => b.AsSpan(i * (i + 1) / 2, i + 1);

    // B ← scale·B (the first update's Eq. 6.20; B is still σI then).
    private void Scale(double scale)
    {
        _sigma *= scale;
        if (_b is not null)
        {
            VectorOps.Scale(scale, _b);
        }

        var root = Math.Sqrt(scale);
        foreach (var vector in _u.Concat(_w))
        {
            VectorOps.Scale(root, vector);
        }
    }
}
