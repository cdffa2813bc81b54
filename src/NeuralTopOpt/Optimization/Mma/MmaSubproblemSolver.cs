using NeuralTopOpt.Optimization.LinearAlgebra;

namespace NeuralTopOpt.Optimization.Mma;

/// <summary>
/// Svanberg's primal–dual interior-point method for the MMA subproblem (the <c>subsolv</c> routine of
/// the 2007 notes, Sec. 5):
/// <code>
///   minimize Σⱼ (p₀ⱼ/(uⱼ − xⱼ) + q₀ⱼ/(xⱼ − lⱼ)) + a₀z + Σᵢ (cᵢyᵢ + ½dᵢyᵢ²)
///   subject to Σⱼ (pᵢⱼ/(uⱼ − xⱼ) + qᵢⱼ/(xⱼ − lⱼ)) − aᵢz − yᵢ ≤ bᵢ,  α ≤ x ≤ β,  y ≥ 0,  z ≥ 0
/// </code>
/// Newton steps on the perturbed KKT conditions (complementarity = ε, ε from 1 down to 10⁻⁷ by 0.1),
/// with x, y, ξ, η, μ, ζ, s eliminated so that each step solves one (m+1) × (m+1) system
/// [D_λ + G·D_x⁻¹·Gᵀ  a; aᵀ  −ζ/z]: O(n·m² + m³) per step. Steps keep every variable strictly
/// positive (at most 1/1.01 of the way to zero) and are halved until the residual norm decreases.
/// </summary>
internal sealed class MmaSubproblemSolver
{
    private const double EpsilonMin = 1e-7;

    private readonly int _n;
    private readonly int _m;
    private readonly double[] _dx, _delx, _diagx, _gg, _plam, _qlam;
    private readonly double[] _dy, _dlam, _dxsi, _deta, _dmu, _ds, _gvec;
    private readonly double[] _old;
    private double _dz, _dzet;

    public MmaSubproblemSolver(int n, int m)
    {
        (_n, _m) = (n, m);
        X = new double[n];
        Xsi = new double[n];
        Eta = new double[n];
        (Y, Lam, Mu, S) = (new double[m], new double[m], new double[m], new double[m]);
        (_dx, _delx, _diagx, _plam, _qlam) = (new double[n], new double[n], new double[n], new double[n], new double[n]);
        _gg = new double[m * n];
        (_dy, _dlam, _dmu, _ds, _gvec) = (new double[m], new double[m], new double[m], new double[m], new double[m]);
        (_dxsi, _deta) = (new double[n], new double[n]);
        _old = new double[(3 * n) + (4 * m) + 2];
    }

    public double[] X { get; }

    public double[] Y { get; }

    public double Z { get; private set; }

    /// <summary>λ, the multipliers of the approximated constraints.</summary>
    public double[] Lam { get; }

    /// <summary>ξ, the multipliers of x ≥ α.</summary>
    public double[] Xsi { get; }

    /// <summary>η, the multipliers of x ≤ β.</summary>
    public double[] Eta { get; }

    public double[] Mu { get; }

    public double Zet { get; private set; }

    public double[] S { get; }

    /// <summary>Newton steps taken by the last solve.</summary>
    public int Steps { get; private set; }

    /// <summary>Solves the subproblem of <paramref name="approx"/>; the solution is left in the properties.</summary>
    public void Solve(MmaApproximation approx, MmaOptions options)
    {
        Initialize(approx, options);
        Steps = 0;
        for (var epsi = 1.0; epsi > EpsilonMin; epsi *= 0.1)
        {
            var (norm, max) = Residual(approx, options, epsi);
            for (var inner = 0; max > 0.9 * epsi && inner < 200; inner++)
            {
                Steps++;
                NewtonDirection(approx, options, epsi);
                var step = 1.0 / Math.Max(1.0, MaxStepInverse(approx));
                Save();
                var trial = 2 * norm;
                for (var halving = 0; trial > norm && halving < 50; halving++)
                {
                    Restore(step);
                    (trial, max) = Residual(approx, options, epsi);
                    step /= 2;
                }

                norm = trial;
            }
        }
    }

    private void Initialize(MmaApproximation approx, MmaOptions options)
    {
        for (var j = 0; j < _n; j++)
        {
            X[j] = 0.5 * (approx.Alpha[j] + approx.Beta[j]);
            Xsi[j] = Math.Max(1.0 / (X[j] - approx.Alpha[j]), 1.0);
            Eta[j] = Math.Max(1.0 / (approx.Beta[j] - X[j]), 1.0);
        }

        Array.Fill(Y, 1.0);
        Array.Fill(Lam, 1.0);
        Array.Fill(Mu, Math.Max(1.0, 0.5 * options.C));
        Array.Fill(S, 1.0);
        Z = 1.0;
        Zet = 1.0;
    }

    // plam = p₀ + Pᵀλ, qlam = q₀ + Qᵀλ, gvecᵢ = Σⱼ Pᵢⱼ/(u−x) + Qᵢⱼ/(x−l)
    private void Aggregate(MmaApproximation approx)
    {
        approx.P0.CopyTo(_plam, 0);
        approx.Q0.CopyTo(_qlam, 0);
        for (var i = 0; i < _m; i++)
        {
            VectorOps.Axpy(Lam[i], approx.P.AsSpan(i * _n, _n), _plam);
            VectorOps.Axpy(Lam[i], approx.Q.AsSpan(i * _n, _n), _qlam);
            var sum = 0.0;
            for (var j = 0; j < _n; j++)
            {
                sum += (approx.P[(i * _n) + j] / (approx.Upp[j] - X[j])) + (approx.Q[(i * _n) + j] / (X[j] - approx.Low[j]));
            }

            _gvec[i] = sum;
        }
    }

    // The perturbed KKT residual: (‖r‖₂, ‖r‖∞).
    private (double Norm, double Max) Residual(MmaApproximation approx, MmaOptions options, double epsi)
    {
        Aggregate(approx);
        var (sum, max) = (0.0, 0.0);
        void Add(double r)
        {
            sum += r * r;
            max = Math.Max(max, Math.Abs(r));
        }

        for (var j = 0; j < _n; j++)
        {
            var ux = approx.Upp[j] - X[j];
            var xl = X[j] - approx.Low[j];
            Add((_plam[j] / (ux * ux)) - (_qlam[j] / (xl * xl)) - Xsi[j] + Eta[j]);
            Add((Xsi[j] * (X[j] - approx.Alpha[j])) - epsi);
            Add((Eta[j] * (approx.Beta[j] - X[j])) - epsi);
        }

        var lamSum = 0.0;
        for (var i = 0; i < _m; i++)
        {
            lamSum += Lam[i];
            Add(options.C + (options.D * Y[i]) - Mu[i] - Lam[i]);
            Add(_gvec[i] - (options.A * Z) - Y[i] + S[i] - approx.B[i]);
            Add((Mu[i] * Y[i]) - epsi);
            Add((Lam[i] * S[i]) - epsi);
        }

        Add(options.A0 - Zet - (options.A * lamSum));
        Add((Zet * Z) - epsi);
        return (Math.Sqrt(sum), max);
    }

    private void NewtonDirection(MmaApproximation approx, MmaOptions options, double epsi)
    {
        Aggregate(approx);
        for (var j = 0; j < _n; j++)
        {
            var ux = approx.Upp[j] - X[j];
            var xl = X[j] - approx.Low[j];
            var (ux2, xl2) = (ux * ux, xl * xl);
            var (xa, bx) = (X[j] - approx.Alpha[j], approx.Beta[j] - X[j]);
            _delx[j] = (_plam[j] / ux2) - (_qlam[j] / xl2) - (epsi / xa) + (epsi / bx);
            _diagx[j] = (2 * ((_plam[j] / (ux2 * ux)) + (_qlam[j] / (xl2 * xl)))) + (Xsi[j] / xa) + (Eta[j] / bx);
            for (var i = 0; i < _m; i++)
            {
                _gg[(i * _n) + j] = (approx.P[(i * _n) + j] / ux2) - (approx.Q[(i * _n) + j] / xl2);
            }
        }

        // [D_λ + G D_x⁻¹ Gᵀ   a ] [dλ]   [b_λ ]
        // [aᵀ               −ζ/z] [dz] = [δ_z ]
        var lamSum = 0.0;
        var system = new double[_m + 1, _m + 1];
        var rhs = new double[_m + 1];
        for (var i = 0; i < _m; i++)
        {
            lamSum += Lam[i];
            var dely = options.C + (options.D * Y[i]) - Lam[i] - (epsi / Y[i]);
            var diagy = options.D + (Mu[i] / Y[i]);
            var dellam = _gvec[i] - (options.A * Z) - Y[i] - approx.B[i] + (epsi / Lam[i]);
            var row = _gg.AsSpan(i * _n, _n);
            var gDelx = 0.0;
            for (var j = 0; j < _n; j++)
            {
                gDelx += row[j] * _delx[j] / _diagx[j];
            }

            rhs[i] = dellam + (dely / diagy) - gDelx;
            system[i, i] = (S[i] / Lam[i]) + (1.0 / diagy);
            for (var k = 0; k <= i; k++)
            {
                var other = _gg.AsSpan(k * _n, _n);
                var sum = 0.0;
                for (var j = 0; j < _n; j++)
                {
                    sum += row[j] * other[j] / _diagx[j];
                }

                system[i, k] += sum;
                if (k != i)
                {
                    system[k, i] += sum;
                }
            }

            system[i, _m] = options.A;
            system[_m, i] = options.A;
        }

        system[_m, _m] = -Zet / Z;
        rhs[_m] = options.A0 - (options.A * lamSum) - (epsi / Z);
        DenseLu.Factor(system).Solve(rhs);
        rhs.AsSpan(0, _m).CopyTo(_dlam);
        _dz = rhs[_m];

        for (var j = 0; j < _n; j++)
        {
            var gtDlam = 0.0;
            for (var i = 0; i < _m; i++)
            {
                gtDlam += _gg[(i * _n) + j] * _dlam[i];
            }

            _dx[j] = (-_delx[j] - gtDlam) / _diagx[j];
            var (xa, bx) = (X[j] - approx.Alpha[j], approx.Beta[j] - X[j]);
            _dxsi[j] = -Xsi[j] + (epsi / xa) - (Xsi[j] * _dx[j] / xa);
            _deta[j] = -Eta[j] + (epsi / bx) + (Eta[j] * _dx[j] / bx);
        }

        for (var i = 0; i < _m; i++)
        {
            var dely = options.C + (options.D * Y[i]) - Lam[i] - (epsi / Y[i]);
            var diagy = options.D + (Mu[i] / Y[i]);
            _dy[i] = (-dely + _dlam[i]) / diagy;
            _dmu[i] = -Mu[i] + (epsi / Y[i]) - (Mu[i] * _dy[i] / Y[i]);
            _ds[i] = -S[i] + (epsi / Lam[i]) - (S[i] * _dlam[i] / Lam[i]);
        }

        _dzet = -Zet + (epsi / Z) - (Zet * _dz / Z);
    }

    // max of −1.01·dv/v over the positive variables and of the distances to α and β
    private double MaxStepInverse(MmaApproximation approx)
    {
        var worst = 0.0;
        void Positive(double v, double dv) => worst = Math.Max(worst, -1.01 * dv / v);
        for (var j = 0; j < _n; j++)
        {
            Positive(Xsi[j], _dxsi[j]);
            Positive(Eta[j], _deta[j]);
            worst = Math.Max(worst, -1.01 * _dx[j] / (X[j] - approx.Alpha[j]));
            worst = Math.Max(worst, 1.01 * _dx[j] / (approx.Beta[j] - X[j]));
        }

        for (var i = 0; i < _m; i++)
        {
            Positive(Y[i], _dy[i]);
            Positive(Lam[i], _dlam[i]);
            Positive(Mu[i], _dmu[i]);
            Positive(S[i], _ds[i]);
        }

        Positive(Z, _dz);
        Positive(Zet, _dzet);
        return worst;
    }

    private void Save()
    {
        var o = _old.AsSpan();
        X.CopyTo(o);
        Xsi.CopyTo(o[_n..]);
        Eta.CopyTo(o[(2 * _n)..]);
        Y.CopyTo(o[(3 * _n)..]);
        Lam.CopyTo(o[((3 * _n) + _m)..]);
        Mu.CopyTo(o[((3 * _n) + (2 * _m))..]);
        S.CopyTo(o[((3 * _n) + (3 * _m))..]);
        o[^2] = Z;
        o[^1] = Zet;
    }

    // every variable = saved + step·direction
    private void Restore(double step)
    {
        var o = _old;
        for (var j = 0; j < _n; j++)
        {
            X[j] = o[j] + (step * _dx[j]);
            Xsi[j] = o[_n + j] + (step * _dxsi[j]);
            Eta[j] = o[(2 * _n) + j] + (step * _deta[j]);
        }

        for (var i = 0; i < _m; i++)
        {
            Y[i] = o[(3 * _n) + i] + (step * _dy[i]);
            Lam[i] = o[(3 * _n) + _m + i] + (step * _dlam[i]);
            Mu[i] = o[(3 * _n) + (2 * _m) + i] + (step * _dmu[i]);
            S[i] = o[(3 * _n) + (3 * _m) + i] + (step * _ds[i]);
        }

        Z = o[^2] + (step * _dz);
        Zet = o[^1] + (step * _dzet);
    }
}
