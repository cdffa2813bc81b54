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
/// <para>
/// Cost: every Newton step makes two passes over the n variables (one builds the reduced system and
/// its right-hand side, pₗ = p₀ + Pᵀλ and q_λ formed on the fly; one forms dx, dξ, dη, saves the
/// iterate and finds the longest step) and every trial step one more (the step applied and the residual
/// of the new point together). The passes run over fixed blocks of 2¹⁴ variables on the machine's
/// cores; every sum adds each block in order and then the block sums in block order, so the result does
/// not depend on the number of threads, and for n ≤ 2¹⁴ it is the plain sequential sum.
/// </para>
/// </summary>
internal sealed class MmaSubproblemSolver
{
    private const double EpsilonMin = 1e-7;

    /// <summary>Variables per block (fixed: the order of every sum must not depend on the machine).</summary>
    private const int BlockSize = 1 << 14;

    private readonly int _n;
    private readonly int _m;
    private readonly int _blocks;
    private readonly ParallelOptions _parallel;
    private readonly double[] _dx, _delx, _diagx, _gg;
    private readonly double[] _dy, _dlam, _dxsi, _deta, _dmu, _ds, _gvec;
    private readonly double[] _old;
    private readonly double[] _partials;
    private readonly int _width;
    private double _dz, _dzet;

    public MmaSubproblemSolver(int n, int m)
    {
        (_n, _m) = (n, m);
        X = new double[n];
        Xsi = new double[n];
        Eta = new double[n];
        (Y, Lam, Mu, S) = (new double[m], new double[m], new double[m], new double[m]);
        (_dx, _delx, _diagx) = (new double[n], new double[n], new double[n]);
        _gg = new double[m * n];
        (_dy, _dlam, _dmu, _ds, _gvec) = (new double[m], new double[m], new double[m], new double[m], new double[m]);
        (_dxsi, _deta) = (new double[n], new double[n]);
        _old = new double[(3 * n) + (4 * m) + 2];
        _blocks = Math.Max(1, (n + BlockSize - 1) / BlockSize);
        _width = Math.Max(2 + m, (2 * m) + (m * (m + 1) / 2));
        _partials = new double[_blocks * _width];
        _parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount };
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
            var (norm, max) = Residual(approx, options, epsi, null);
            for (var inner = 0; max > 0.9 * epsi && inner < 200; inner++)
            {
                Steps++;
                NewtonDirection(approx, options, epsi);
                var step = 1.0 / Math.Max(1.0, SaveAndMaxStepInverse());
                var trial = 2 * norm;
                for (var halving = 0; trial > norm && halving < 50; halving++)
                {
                    (trial, max) = Residual(approx, options, epsi, step);
                    step /= 2;
                }

                norm = trial;
            }
        }
    }

    private void Initialize(MmaApproximation approx, MmaOptions options)
    {
        ForBlocks(0, (start, end, _) =>
        {
            for (var j = start; j < end; j++)
            {
                X[j] = 0.5 * (approx.Alpha[j] + approx.Beta[j]);
                Xsi[j] = Math.Max(1.0 / (X[j] - approx.Alpha[j]), 1.0);
                Eta[j] = Math.Max(1.0 / (approx.Beta[j] - X[j]), 1.0);
            }
        });

        Array.Fill(Y, 1.0);
        Array.Fill(Lam, 1.0);
        Array.Fill(Mu, Math.Max(1.0, 0.5 * options.C));
        Array.Fill(S, 1.0);
        Z = 1.0;
        Zet = 1.0;
    }

    /// <summary>
    /// The perturbed KKT residual (‖r‖₂, ‖r‖∞). With a <paramref name="trialStep"/> the point is first moved to
    /// saved + step·direction (the trial of a line search), in the same pass.
    /// </summary>
    private (double Norm, double Max) Residual(MmaApproximation approx, MmaOptions options, double epsi, double? trialStep)
    {
        // A NaN step (a direction with non-finite entries) is applied as well, as the residual must then show it.
        var restore = trialStep.HasValue;
        var step = trialStep.GetValueOrDefault();
        if (restore)
        {
            RestoreScalars(step);
        }

        // Block accumulators: [Σr², max|r|, gvec₀ … gvec_{m−1}] with gvecᵢ = Σⱼ Pᵢⱼ/(u−x) + Qᵢⱼ/(x−l).
        var (n, m) = (_n, _m);
        ForBlocks(2 + m, (start, end, acc) =>
        {
            var (x, xsi, eta, o) = (X, Xsi, Eta, _old);
            var (low, upp, alpha, beta, p0, q0, p, q) = (approx.Low, approx.Upp, approx.Alpha, approx.Beta, approx.P0, approx.Q0, approx.P, approx.Q);
            var (sum, max) = (0.0, 0.0);
            for (var j = start; j < end; j++)
            {
                if (restore)
                {
                    x[j] = o[j] + (step * _dx[j]);
                    xsi[j] = o[n + j] + (step * _dxsi[j]);
                    eta[j] = o[(2 * n) + j] + (step * _deta[j]);
                }

                var ux = upp[j] - x[j];
                var xl = x[j] - low[j];
                var (plam, qlam) = (p0[j], q0[j]);
                for (var i = 0; i < m; i++)
                {
                    var (pij, qij) = (p[(i * n) + j], q[(i * n) + j]);
                    plam += Lam[i] * pij;
                    qlam += Lam[i] * qij;
                    acc[2 + i] += (pij / ux) + (qij / xl);
                }

                var r = (plam / (ux * ux)) - (qlam / (xl * xl)) - xsi[j] + eta[j];
                sum += r * r;
                max = Math.Max(max, Math.Abs(r));
                r = (xsi[j] * (x[j] - alpha[j])) - epsi;
                sum += r * r;
                max = Math.Max(max, Math.Abs(r));
                r = (eta[j] * (beta[j] - x[j])) - epsi;
                sum += r * r;
                max = Math.Max(max, Math.Abs(r));
            }

            acc[0] = sum;
            acc[1] = max;
        });

        var (total, largest) = (0.0, 0.0);
        for (var b = 0; b < _blocks; b++)
        {
            total += _partials[b * _width];
            largest = Math.Max(largest, _partials[(b * _width) + 1]);
        }

        SumBlocks(2, m, _gvec);
        void Add(double r)
        {
            total += r * r;
            largest = Math.Max(largest, Math.Abs(r));
        }

        var lamSum = 0.0;
        for (var i = 0; i < m; i++)
        {
            lamSum += Lam[i];
            Add(options.C + (options.D * Y[i]) - Mu[i] - Lam[i]);
            Add(_gvec[i] - (options.A * Z) - Y[i] + S[i] - approx.B[i]);
            Add((Mu[i] * Y[i]) - epsi);
            Add((Lam[i] * S[i]) - epsi);
        }

        Add(options.A0 - Zet - (options.A * lamSum));
        Add((Zet * Z) - epsi);
        return (Math.Sqrt(total), largest);
    }

    private void NewtonDirection(MmaApproximation approx, MmaOptions options, double epsi)
    {
        // One pass: delx, diagx, G (m × n), and per block gvecᵢ, (G·D_x⁻¹·δx)ᵢ and the lower triangle of G·D_x⁻¹·Gᵀ.
        var (n, m) = (_n, _m);
        ForBlocks((2 * m) + (m * (m + 1) / 2), (start, end, acc) =>
        {
            var x = X;
            var (low, upp, alpha, beta, p0, q0, p, q) = (approx.Low, approx.Upp, approx.Alpha, approx.Beta, approx.P0, approx.Q0, approx.P, approx.Q);
            for (var j = start; j < end; j++)
            {
                var ux = upp[j] - x[j];
                var xl = x[j] - low[j];
                var (plam, qlam) = (p0[j], q0[j]);
                for (var i = 0; i < m; i++)
                {
                    var (pij, qij) = (p[(i * n) + j], q[(i * n) + j]);
                    plam += Lam[i] * pij;
                    qlam += Lam[i] * qij;
                    acc[i] += (pij / ux) + (qij / xl);
                }

                var (ux2, xl2) = (ux * ux, xl * xl);
                var (xa, bx) = (x[j] - alpha[j], beta[j] - x[j]);
                var delx = (plam / ux2) - (qlam / xl2) - (epsi / xa) + (epsi / bx);
                var diagx = (2 * ((plam / (ux2 * ux)) + (qlam / (xl2 * xl)))) + (Xsi[j] / xa) + (Eta[j] / bx);
                _delx[j] = delx;
                _diagx[j] = diagx;
                var entry = 2 * m;
                for (var i = 0; i < m; i++)
                {
                    var gij = (p[(i * n) + j] / ux2) - (q[(i * n) + j] / xl2);
                    _gg[(i * n) + j] = gij;
                    acc[m + i] += gij * delx / diagx;
                    for (var k = 0; k <= i; k++)
                    {
                        acc[entry++] += gij * _gg[(k * n) + j] / diagx;
                    }
                }
            }
        });

        SumBlocks(0, m, _gvec);
        var gDelx = new double[m];
        SumBlocks(m, m, gDelx);
        var products = new double[m * (m + 1) / 2];
        SumBlocks(2 * m, products.Length, products);

        // [D_λ + G D_x⁻¹ Gᵀ   a ] [dλ]   [b_λ ]
        // [aᵀ               −ζ/z] [dz] = [δ_z ]
        var lamSum = 0.0;
        var system = new double[_m + 1, _m + 1];
        var rhs = new double[_m + 1];
        var index = 0;
        for (var i = 0; i < _m; i++)
        {
            lamSum += Lam[i];
            var dely = options.C + (options.D * Y[i]) - Lam[i] - (epsi / Y[i]);
            var diagy = options.D + (Mu[i] / Y[i]);
            var dellam = _gvec[i] - (options.A * Z) - Y[i] - approx.B[i] + (epsi / Lam[i]);
            rhs[i] = dellam + (dely / diagy) - gDelx[i];
            system[i, i] = (S[i] / Lam[i]) + (1.0 / diagy);
            for (var k = 0; k <= i; k++)
            {
                var sum = products[index++];
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

        // One pass: dx, dξ, dη; the iterate saved (the line search restarts from it); the x part of the longest step.
        ForBlocks(1, (start, end, acc) =>
        {
            var o = _old;
            var worst = 0.0;
            for (var j = start; j < end; j++)
            {
                var gtDlam = 0.0;
                for (var i = 0; i < m; i++)
                {
                    gtDlam += _gg[(i * n) + j] * _dlam[i];
                }

                var (x, xsi, eta) = (X[j], Xsi[j], Eta[j]);
                var dx = (-_delx[j] - gtDlam) / _diagx[j];
                var (xa, bx) = (x - approx.Alpha[j], approx.Beta[j] - x);
                var dxsi = -xsi + (epsi / xa) - (xsi * dx / xa);
                var deta = -eta + (epsi / bx) + (eta * dx / bx);
                (_dx[j], _dxsi[j], _deta[j]) = (dx, dxsi, deta);
                o[j] = x;
                o[n + j] = xsi;
                o[(2 * n) + j] = eta;
                worst = Math.Max(worst, -1.01 * dxsi / xsi);
                worst = Math.Max(worst, -1.01 * deta / eta);
                worst = Math.Max(worst, -1.01 * dx / xa);
                worst = Math.Max(worst, 1.01 * dx / bx);
            }

            acc[0] = worst;
        });

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

    /// <summary>
    /// The max of −1.01·dv/v over the positive variables and of the distances to α and β (the x part from the
    /// block accumulators of <see cref="NewtonDirection"/>'s last pass), and the scalars saved.
    /// </summary>
    private double SaveAndMaxStepInverse()
    {
        var n = _n;
        var largest = 0.0;
        for (var b = 0; b < _blocks; b++)
        {
            largest = Math.Max(largest, _partials[b * _width]);
        }

        void Positive(double v, double dv) => largest = Math.Max(largest, -1.01 * dv / v);
        var m = _m;
        var saved = _old.AsSpan(3 * n);
        for (var i = 0; i < m; i++)
        {
            Positive(Y[i], _dy[i]);
            Positive(Lam[i], _dlam[i]);
            Positive(Mu[i], _dmu[i]);
            Positive(S[i], _ds[i]);
            saved[i] = Y[i];
            saved[m + i] = Lam[i];
            saved[(2 * m) + i] = Mu[i];
            saved[(3 * m) + i] = S[i];
        }

        Positive(Z, _dz);
        Positive(Zet, _dzet);
        _old[^2] = Z;
        _old[^1] = Zet;
        return largest;
    }

    // y, λ, μ, s, z, ζ = saved + step·direction (x, ξ, η are moved inside the residual's pass)
    private void RestoreScalars(double step)
    {
        var o = _old;
        var (n, m) = (_n, _m);
        for (var i = 0; i < m; i++)
        {
            Y[i] = o[(3 * n) + i] + (step * _dy[i]);
            Lam[i] = o[(3 * n) + m + i] + (step * _dlam[i]);
            Mu[i] = o[(3 * n) + (2 * m) + i] + (step * _dmu[i]);
            S[i] = o[(3 * n) + (3 * m) + i] + (step * _ds[i]);
        }

        Z = o[^2] + (step * _dz);
        Zet = o[^1] + (step * _dzet);
    }

    /// <summary>
    /// Runs <paramref name="body"/>(start, end, accumulators) over the fixed blocks of [0, n), in parallel when
    /// there are at least four; each block gets its own zeroed <paramref name="width"/> accumulators in
    /// <see cref="_partials"/>.
    /// </summary>
    private void ForBlocks(int width, BlockBody body)
    {
        var (blocks, stride, n) = (_blocks, _width, _n);
        var partials = _partials;
        if (width > 0)
        {
            Array.Clear(partials);
        }

        if (blocks < 4 || _parallel.MaxDegreeOfParallelism == 1)
        {
            for (var b = 0; b < blocks; b++)
            {
                body(b * BlockSize, Math.Min(n, (b + 1) * BlockSize), partials.AsSpan(b * stride, width));
            }

            return;
        }

        Parallel.For(0, blocks, _parallel, b => body(b * BlockSize, Math.Min(n, (b + 1) * BlockSize), partials.AsSpan(b * stride, width)));
    }

    /// <summary>target[k] = Σ over blocks (in block order) of accumulator offset + k.</summary>
    private void SumBlocks(int offset, int count, double[] target)
    {
        for (var k = 0; k < count; k++)
        {
            var sum = 0.0;
            for (var b = 0; b < _blocks; b++)
            {
                sum += _partials[(b * _width) + offset + k];
            }

            target[k] = sum;
        }
    }

    private delegate void BlockBody(int start, int end, Span<double> accumulators);
}
