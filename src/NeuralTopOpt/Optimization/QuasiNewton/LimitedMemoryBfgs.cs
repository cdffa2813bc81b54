using NeuralTopOpt.Optimization.LinearAlgebra;

namespace NeuralTopOpt.Optimization.QuasiNewton;

/// <summary>
/// Limited-memory BFGS in compact representation (Byrd, Nocedal &amp; Schnabel, Math. Prog. 63, 1994;
/// Nocedal &amp; Wright Eq. 7.24), with the last k ≤ r pairs (sᵢ, yᵢ) oldest first:
/// <code>
///   B = σI − W·M⁻¹·Wᵀ,   W = [σS  Y] (n × 2k),   M = [σSᵀS  L; Lᵀ  −D] (2k × 2k)
///   L = strictly lower triangle of SᵀY,  D = diag(sᵢᵀyᵢ),  σ = yₖᵀyₖ / sₖᵀyₖ (Eq. 7.20)
/// </code>
/// y is safeguarded first (<see cref="CurvatureSafeguard"/>), so every kept pair has sᵀy &gt; 0 and B
/// is positive definite. A product costs O(n·k + k²); an update O(n·k + k³).
/// </summary>
internal sealed class LimitedMemoryBfgs : IHessianApproximation
{
    private readonly CurvatureSafeguard _safeguard;
    private readonly double[][] _s;
    private readonly double[][] _y;
    private readonly double[,] _sts;
    private readonly double[,] _sty;
    private readonly double[] _bs;
    private readonly double[] _candidate;
    private readonly double[] _work;
    private int _count;
    private double _sigma = 1.0;
    private DenseLu? _middle;

    public LimitedMemoryBfgs(int n, int memory, CurvatureSafeguard safeguard)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(memory, 1);
        Dimension = n;
        _safeguard = safeguard;
        _s = new double[memory][];
        _y = new double[memory][];
        for (var i = 0; i < memory; i++)
        {
            _s[i] = new double[n];
            _y[i] = new double[n];
        }

        _sts = new double[memory, memory];
        _sty = new double[memory, memory];
        _bs = new double[n];
        _candidate = new double[n];
        _work = new double[2 * memory];
    }

    public int Dimension { get; }

    /// <summary>Number of stored pairs.</summary>
    public int Count => _count;

    public void Multiply(ReadOnlySpan<double> v, Span<double> result)
    {
        var k = _count;
        // result = σ v
        for (var i = 0; i < v.Length; i++)
        {
            result[i] = _sigma * v[i];
        }

        if (k == 0 || _middle is null)
        {
            return;
        }

        // t = M⁻¹ Wᵀ v,  Wᵀv = [σ Sᵀv; Yᵀv]
        var t = _work.AsSpan(0, 2 * k);
        for (var i = 0; i < k; i++)
        {
            t[i] = _sigma * VectorOps.Dot(_s[i], v);
            t[k + i] = VectorOps.Dot(_y[i], v);
        }

        _middle.Solve(t);

        // result −= W t = σ S t₁ + Y t₂
        for (var i = 0; i < k; i++)
        {
            VectorOps.Axpy(-_sigma * t[i], _s[i], result);
            VectorOps.Axpy(-t[k + i], _y[i], result);
        }
    }

    public UpdateOutcome Update(ReadOnlySpan<double> s, ReadOnlySpan<double> y)
    {
        if (HessianApproximations.IsZero(s) || HessianApproximations.IsZero(y))
        {
            return UpdateOutcome.Skipped;
        }

        y.CopyTo(_candidate);
        Multiply(s, _bs);
        var sBs = VectorOps.Dot(s, _bs);
        var outcome = HessianApproximations.Safeguard(_safeguard, VectorOps.Dot(s, _candidate), sBs, _bs, _candidate);
        if (outcome == UpdateOutcome.Skipped)
        {
            return outcome;
        }

        var slot = _count < _s.Length ? _count : Shift();
        s.CopyTo(_s[slot]);
        _candidate.CopyTo(_y[slot]);
        _count = slot + 1;
        for (var i = 0; i < _count; i++)
        {
            _sts[i, slot] = _sts[slot, i] = VectorOps.Dot(_s[i], _s[slot]);
            _sty[i, slot] = VectorOps.Dot(_s[i], _y[slot]);
            _sty[slot, i] = VectorOps.Dot(_s[slot], _y[i]);
        }

        _sigma = VectorOps.Dot(_y[slot], _y[slot]) / _sty[slot, slot];
        Refactor();
        return outcome;
    }

    // Drops the oldest pair of a full memory; returns the free slot (the last one).
    private int Shift()
    {
        var first = _s[0];
        var firstY = _y[0];
        var k = _s.Length;
        for (var i = 1; i < k; i++)
        {
            _s[i - 1] = _s[i];
            _y[i - 1] = _y[i];
            for (var j = 1; j < k; j++)
            {
                _sts[i - 1, j - 1] = _sts[i, j];
                _sty[i - 1, j - 1] = _sty[i, j];
            }
        }

        _s[k - 1] = first;
        _y[k - 1] = firstY;
        _count = k - 1;
        return k - 1;
    }

    // M = [σSᵀS  L; Lᵀ  −D]
    private void Refactor()
    {
        var k = _count;
        if (k == 0)
        {
            _middle = null;
            return;
        }

        var m = new double[2 * k, 2 * k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                m[i, j] = _sigma * _sts[i, j];
                var lower = i > j ? _sty[i, j] : 0.0;
                m[i, k + j] = lower;
                m[k + j, i] = lower;
            }

            m[k + i, k + i] = -_sty[i, i];
        }

        _middle = DenseLu.Factor(m);
        if (_middle.IsSingular)
        {
            // numerically dependent pairs: keep only the newest one, whose M = [σsᵀs 0; 0 −sᵀy] is regular
            (_s[0], _s[k - 1]) = (_s[k - 1], _s[0]);
            (_y[0], _y[k - 1]) = (_y[k - 1], _y[0]);
            _sts[0, 0] = _sts[k - 1, k - 1];
            _sty[0, 0] = _sty[k - 1, k - 1];
            _count = 1;
            _middle = DenseLu.Factor(new double[,] { { _sigma * _sts[0, 0], 0.0 }, { 0.0, -_sty[0, 0] } });
        }
    }
}
