using NeuralTopOpt.Optimization.LinearAlgebra;

namespace NeuralTopOpt.Optimization.TrustRegion;

/// <summary>
/// The scaled Jacobian A of the barrier constraints (see <see cref="SlackLayout"/>) and the three
/// projections of the Byrd–Omojokun step (SciPy's <c>projections</c>; Gould, Hribar &amp; Nocedal 2001):
/// <code>
///   Z v = v − Aᵀ(AAᵀ)⁻¹A v     null-space projection
///   LS c = (AAᵀ)⁻¹A c          least-squares multipliers (v = −LS ∇φ)
///   Y b = Aᵀ(AAᵀ)⁻¹ b          least-norm solution of A d = b
/// </code>
/// A has the m dense rows [∇cᵢᵀ 0], [∇gⱼᵀ sⱼeⱼᵀ] and, per finite bound, a row [∓eᵢᵀ s·eᵀ] (the slack
/// columns scaled by S, Byrd–Hribar–Nocedal Eq. 3.9). AAᵀ is never formed: the bound rows form a
/// block diagonal of 2×2 blocks, eliminated per variable, which leaves the m × m Schur complement
/// <code>
///   Σ = J·diag(ωᵢ)·Jᵀ + diag(0, s_g²),   ωᵢ = 1 / (1 + s_lᵢ⁻² + s_uᵢ⁻²)
/// </code>
/// (a missing bound drops its term). Building costs O(n·m²), each solve O(n·m); Σ is inverted by
/// eigen-decomposition with a cutoff, so rank-deficient constraints are tolerated as SciPy's SVD
/// fallback does.
/// </summary>
internal sealed class BarrierJacobian
{
    private const double OrthogonalityTolerance = 1e-12;
    private const int MaxRefinements = 3;

    private readonly SlackLayout _layout;
    private readonly double[] _jacobian;
    private readonly double[] _slacks;
    private readonly double[] _h;
    private readonly double[] _a;
    private readonly double[] _rows;
    private readonly double[] _general;
    private readonly double[] _generalRhs;
    private readonly double[] _refine;
    private SymmetricPseudoInverse? _schur;
    private double _frobenius;

    public BarrierJacobian(SlackLayout layout)
    {
        _layout = layout;
        _jacobian = new double[layout.GeneralCount * layout.VariableCount];
        _slacks = new double[layout.SlackCount];
        _h = new double[layout.VariableCount];
        _a = new double[layout.VariableCount];
        _rows = new double[layout.RowCount];
        _general = new double[layout.GeneralCount];
        _generalRhs = new double[layout.GeneralCount];
        _refine = new double[layout.StepLength];
    }

    /// <summary>Copies J (m × n, row-major) and the slacks, and factors the Schur complement.</summary>
    public void Update(ReadOnlySpan<double> jacobian, ReadOnlySpan<double> slacks)
    {
        jacobian.CopyTo(_jacobian);
        slacks.CopyTo(_slacks);
        var n = _layout.VariableCount;
        var m = _layout.GeneralCount;
        var schur = new double[m, m];
        var frobenius = 0.0;
        for (var i = 0; i < n; i++)
        {
            var omega = Omega(i);
            for (var r = 0; r < m; r++)
            {
                var jr = _jacobian[(r * n) + i];
                frobenius += jr * jr;
                for (var c = 0; c <= r; c++)
                {
                    schur[r, c] += omega * jr * _jacobian[(c * n) + i];
                }
            }
        }

        for (var r = 0; r < m; r++)
        {
            for (var c = 0; c < r; c++)
            {
                schur[c, r] = schur[r, c];
            }
        }

        for (var j = 0; j < _layout.InequalityCount; j++)
        {
            var s = _slacks[j];
            schur[_layout.EqualityCount + j, _layout.EqualityCount + j] += s * s;
        }

        foreach (var s in _slacks)
        {
            frobenius += s * s;
        }

        frobenius += _layout.LowerVariables.Length + _layout.UpperVariables.Length;
        _frobenius = Math.Sqrt(frobenius);
        _schur = m > 0 ? SymmetricPseudoInverse.Create(schur) : null;
    }

    /// <summary>result = A·d (length M) for a step d (length N).</summary>
    public void Multiply(ReadOnlySpan<double> d, Span<double> result)
    {
        var n = _layout.VariableCount;
        var m = _layout.GeneralCount;
        var dx = d[..n];
        for (var r = 0; r < m; r++)
        {
            result[r] = VectorOps.Dot(_jacobian.AsSpan(r * n, n), dx);
        }

        for (var j = 0; j < _layout.InequalityCount; j++)
        {
            result[_layout.EqualityCount + j] += _slacks[j] * d[n + j];
        }

        var lower = _layout.LowerVariables;
        for (var k = 0; k < lower.Length; k++)
        {
            var slot = _layout.LowerOffset + k;
            result[m + k] = -dx[lower[k]] + (_slacks[slot] * d[n + slot]);
        }

        var upper = _layout.UpperVariables;
        for (var k = 0; k < upper.Length; k++)
        {
            var slot = _layout.UpperOffset + k;
            result[m + lower.Length + k] = dx[upper[k]] + (_slacks[slot] * d[n + slot]);
        }
    }

    /// <summary>result = Aᵀ·w (length N) for a row vector w (length M).</summary>
    public void MultiplyTransposed(ReadOnlySpan<double> w, Span<double> result)
    {
        var n = _layout.VariableCount;
        var m = _layout.GeneralCount;
        var rx = result[..n];
        rx.Clear();
        for (var r = 0; r < m; r++)
        {
            VectorOps.Axpy(w[r], _jacobian.AsSpan(r * n, n), rx);
        }

        for (var j = 0; j < _layout.InequalityCount; j++)
        {
            result[n + j] = _slacks[j] * w[_layout.EqualityCount + j];
        }

        var lower = _layout.LowerVariables;
        for (var k = 0; k < lower.Length; k++)
        {
            var slot = _layout.LowerOffset + k;
            rx[lower[k]] -= w[m + k];
            result[n + slot] = _slacks[slot] * w[m + k];
        }

        var upper = _layout.UpperVariables;
        for (var k = 0; k < upper.Length; k++)
        {
            var slot = _layout.UpperOffset + k;
            rx[upper[k]] += w[m + lower.Length + k];
            result[n + slot] = _slacks[slot] * w[m + lower.Length + k];
        }
    }

    /// <summary>w = (AAᵀ)⁻¹·r by block elimination of the bound rows (pseudo-inverse on the Schur complement).</summary>
    public void SolveNormal(ReadOnlySpan<double> r, Span<double> w)
    {
        var n = _layout.VariableCount;
        var m = _layout.GeneralCount;
        var nl = _layout.LowerVariables.Length;

        // h = t_u − t_l with t = B⁻¹ r_B per variable, then Σ w_G = r_G − J h
        for (var i = 0; i < n; i++)
        {
            var (sl2, su2) = SquaredSlacks(i);
            var rl = _layout.LowerSlot[i] >= 0 ? r[m + _layout.LowerSlot[i]] : 0.0;
            var ru = _layout.UpperSlot[i] >= 0 ? r[m + nl + _layout.UpperSlot[i]] : 0.0;
            _h[i] = (_layout.LowerSlot[i] >= 0, _layout.UpperSlot[i] >= 0) switch
            {
                (true, true) => ((sl2 * ru) - (su2 * rl)) / Determinant(sl2, su2),
                (true, false) => -rl / (1.0 + sl2),
                (false, true) => ru / (1.0 + su2),
                _ => 0.0,
            };
        }

        for (var k = 0; k < m; k++)
        {
            _generalRhs[k] = r[k] - VectorOps.Dot(_jacobian.AsSpan(k * n, n), _h);
        }

        if (_schur is not null)
        {
            _schur.Solve(_generalRhs, _general);
        }

        _general.CopyTo(w);

        // a = Jᵀ w_G; the bound rows: w_B = B⁻¹ (r_B − Q w_G), with Q w_G = (−a, +a)
        Array.Clear(_a);
        for (var k = 0; k < m; k++)
        {
            VectorOps.Axpy(_general[k], _jacobian.AsSpan(k * n, n), _a);
        }

        for (var i = 0; i < n; i++)
        {
            var lslot = _layout.LowerSlot[i];
            var uslot = _layout.UpperSlot[i];
            if (lslot < 0 && uslot < 0)
            {
                continue;
            }

            var (sl2, su2) = SquaredSlacks(i);
            var rl = lslot >= 0 ? r[m + lslot] + _a[i] : 0.0;
            var ru = uslot >= 0 ? r[m + nl + uslot] - _a[i] : 0.0;
            if (lslot >= 0 && uslot >= 0)
            {
                var det = Determinant(sl2, su2);
                w[m + lslot] = (((1.0 + su2) * rl) + ru) / det;
                w[m + nl + uslot] = (rl + ((1.0 + sl2) * ru)) / det;
            }
            else if (lslot >= 0)
            {
                w[m + lslot] = rl / (1.0 + sl2);
            }
            else
            {
                w[m + nl + uslot] = ru / (1.0 + su2);
            }
        }
    }

    /// <summary>result = Z·v = v − Aᵀ(AAᵀ)⁻¹A·v, refined while ‖A z‖ / (‖A‖_F‖z‖) &gt; 10⁻¹² (at most 3 times).</summary>
    public void NullSpace(ReadOnlySpan<double> v, Span<double> result)
    {
        v.CopyTo(result);
        for (var k = 0; k <= MaxRefinements; k++)
        {
            Multiply(result, _rows);
            if (k > 0 && Orthogonality(result) <= OrthogonalityTolerance)
            {
                return;
            }

            SolveNormal(_rows, _rows);
            MultiplyTransposed(_rows, _refine);
            VectorOps.Axpy(-1.0, _refine, result);
        }
    }

    /// <summary>result (length M) = (AAᵀ)⁻¹A·c, the least-squares solution of Aᵀv = c.</summary>
    public void LeastSquares(ReadOnlySpan<double> c, Span<double> result)
    {
        Multiply(c, _rows);
        SolveNormal(_rows, result);
    }

    /// <summary>result (length N) = Aᵀ(AAᵀ)⁻¹b, the least-norm solution of A d = b.</summary>
    public void RowSpace(ReadOnlySpan<double> b, Span<double> result)
    {
        SolveNormal(b, _rows);
        MultiplyTransposed(_rows, result);
    }

    // ‖A z‖ / (‖A‖_F ‖z‖), with A z already in _rows.
    private double Orthogonality(ReadOnlySpan<double> z)
    {
        var nz = VectorOps.Norm2(z);
        return nz == 0.0 || _frobenius == 0.0 ? 0.0 : VectorOps.Norm2(_rows) / (_frobenius * nz);
    }

    // ωᵢ = 1 / (1 + s_l⁻² + s_u⁻²), the weight of column i of J in the Schur complement.
    private double Omega(int i)
    {
        var inv = 1.0;
        if (_layout.LowerSlot[i] >= 0)
        {
            var s = _slacks[_layout.LowerOffset + _layout.LowerSlot[i]];
            inv += 1.0 / (s * s);
        }

        if (_layout.UpperSlot[i] >= 0)
        {
            var s = _slacks[_layout.UpperOffset + _layout.UpperSlot[i]];
            inv += 1.0 / (s * s);
        }

        return 1.0 / inv;
    }

    private (double Lower, double Upper) SquaredSlacks(int i)
    {
        var sl = _layout.LowerSlot[i] >= 0 ? _slacks[_layout.LowerOffset + _layout.LowerSlot[i]] : 0.0;
        var su = _layout.UpperSlot[i] >= 0 ? _slacks[_layout.UpperOffset + _layout.UpperSlot[i]] : 0.0;
        return (sl * sl, su * su);
    }

    // det [1+s_l²  −1; −1  1+s_u²] = s_l² + s_u² + s_l²s_u²
    private static double Determinant(double sl2, double su2) => sl2 + su2 + (sl2 * su2);
}
