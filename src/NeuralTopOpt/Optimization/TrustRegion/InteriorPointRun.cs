using System.Diagnostics;
using NeuralTopOpt.Optimization.Common;
using NeuralTopOpt.Optimization.LinearAlgebra;
using NeuralTopOpt.Optimization.QuasiNewton;

namespace NeuralTopOpt.Optimization.TrustRegion;

/// <summary>
/// One run of the trust-region interior-point method (Byrd, Hribar &amp; Nocedal 1999; SciPy's
/// <c>tr_interior_point</c> around <c>equality_constrained_sqp</c>): a sequence of barrier problems
/// with μ ← 0.2μ, each solved by Byrd–Omojokun SQP steps accepted on the merit function
/// φ + ν‖b‖₂, until a stopping test of <see cref="TrustRegionOptimizer"/> holds.
/// </summary>
internal sealed class InteriorPointRun
{
    private const double FractionToBoundary = 0.995;      // τ, BHN Eq. 3.18
    private const double BarrierDecay = 0.2;              // θ, BHN p. 879
    private const double TrustEnlargement = 5.0;          // radius of a new barrier subproblem
    private const double PenaltyFactor = 0.3;             // ρ, BHN Eq. 3.51
    private const double LargeRatio = 0.9;
    private const double IntermediateRatio = 0.3;
    private const double SufficientRatio = 1e-8;          // η, BHN p. 892
    private const double LargeEnlargement = 7.0;
    private const double SmallEnlargement = 2.0;
    private const double MaxReduction = 0.5;
    private const double MinReduction = 0.1;
    private const double SocThreshold = 0.1;
    private const int MaxConsecutiveBarrierUpdates = 60;

    private readonly ProblemInput _input;
    private readonly TrustRegionOptions _options;
    private readonly StoppingCriteria _stopping;
    private readonly IProgress<IterationReport>? _progress;
    private readonly SlackLayout _layout;
    private readonly ProblemEvaluator _evaluator;
    private readonly IHessianApproximation _quasiNewton;
    private readonly BarrierHessian _hessian;
    private readonly BarrierJacobian _jacobian;
    private readonly ByrdOmojokunStep _step;
    private readonly BarrierIterate _current;
    private readonly BarrierIterate _trial;
    private readonly BarrierIterate _saved;
    private readonly double[] _b, _bTrial, _gradient, _multipliers, _lagrangian, _d, _soc, _lb, _ub, _s, _y;
    private readonly List<IterationReport> _history = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly double _barrierTolerance;
    private double _mu, _barrierSubTolerance, _radius, _penalty, _optimality, _subOptimality;
    private bool _trialEvaluated;

    public InteriorPointRun(ProblemInput input, TrustRegionOptions options, StoppingCriteria stopping, IProgress<IterationReport>? progress)
    {
        _input = input;
        _options = options;
        _stopping = stopping;
        _progress = progress;
        _layout = new SlackLayout(input.EqualityCount, input.InequalityCount, input.Lower, input.Upper);
        _evaluator = new ProblemEvaluator(TrustRegionOptimizer.MethodName, input.Problem);
        var n = input.VariableCount;
        _quasiNewton = HessianApproximations.Create(options.Hessian, n, options.Safeguard, options.Memory);
        _hessian = new BarrierHessian(_quasiNewton, _layout.SlackCount);
        _jacobian = new BarrierJacobian(_layout);
        _step = new ByrdOmojokunStep(_jacobian, _layout);
        _current = new BarrierIterate(_layout);
        _trial = new BarrierIterate(_layout);
        _saved = new BarrierIterate(_layout);
        var (length, rows) = (_layout.StepLength, _layout.RowCount);
        (_b, _bTrial, _multipliers) = (new double[rows], new double[rows], new double[rows]);
        (_gradient, _lagrangian, _d, _soc, _lb, _ub) = (new double[length], new double[length], new double[length], new double[length], new double[length], new double[length]);
        (_s, _y) = (new double[n], new double[n]);
        _barrierTolerance = options.BarrierTolerance ?? stopping.ChangeTolerance;
        (_mu, _barrierSubTolerance) = (options.InitialBarrierParameter, options.InitialBarrierTolerance);
        (_radius, _penalty) = (options.InitialTrustRadius, options.InitialPenalty);
    }

    private bool HasBarrier => _layout.SlackCount > 0;

    public OptimizationResult Run(CancellationToken cancellationToken)
    {
        Start();
        var iteration = 0;
        var barrierUpdates = 0;
        var exit = StopReason();
        while (exit is null)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                exit = ExitReason.Cancelled;
                break;
            }

            if (HasBarrier && barrierUpdates < MaxConsecutiveBarrierUpdates
                && ((_subOptimality < _barrierSubTolerance && VectorOps.NormInf(_b) < _barrierSubTolerance) || _radius < _stopping.ChangeTolerance))
            {
                UpdateBarrier();
                barrierUpdates++;
                exit = StopReason();
                continue;
            }

            barrierUpdates = 0;
            iteration++;
            var change = Iterate();
            Report(iteration, change);
            exit = StopReason() ?? (iteration >= _stopping.MaxIterations ? ExitReason.MaxIterations : null);
        }

        return new OptimizationResult(
            TrustRegionOptimizer.MethodName, [.. _current.X], _current.Objective, iteration, exit.Value, _history, _evaluator.Evaluations, _clock.Elapsed);
    }

    // x₀ pushed inside, slacks s_g = max(−1.5 g(x₀), 1) (SciPy), projections and multipliers.
    private void Start()
    {
        var (lower, upper) = (_input.Lower, _input.Upper);
        _input.Start.CopyTo(_current.X, 0);
        for (var i = 0; i < _current.X.Length; i++)
        {
            var width = upper[i] - lower[i];
            if (double.IsFinite(lower[i]))
            {
                _current.X[i] = Math.Max(_current.X[i], lower[i] + Push(lower[i], width));
            }

            if (double.IsFinite(upper[i]))
            {
                _current.X[i] = Math.Min(_current.X[i], upper[i] - Push(upper[i], width));
            }
        }

        _current.Objective = _evaluator.Evaluate(_current.X, _current.Gradient, _current.Constraints, _current.Jacobian);
        for (var j = 0; j < _layout.InequalityCount; j++)
        {
            _current.Slacks[j] = Math.Max(-1.5 * _current.Constraints[_layout.EqualityCount + j], 1.0);
        }

        _current.ResetBoundSlacks(lower, upper);
        Refresh();
    }

    private double Push(double bound, double width) =>
        double.IsFinite(width) ? _options.BoundPush * Math.Min(Math.Max(1.0, Math.Abs(bound)), 0.5 * width) : _options.BoundPush * Math.Max(1.0, Math.Abs(bound));

    // After x, μ or the slacks change: A and its projections, b, ∇φ, v = −LS∇φ, Σ, the optimality measures.
    private void Refresh()
    {
        _jacobian.Update(_current.Jacobian, _current.Slacks);
        _current.Residual(_b);
        _current.ScaledGradient(_mu, _gradient);
        _jacobian.LeastSquares(_gradient, _multipliers);
        VectorOps.Scale(-1.0, _multipliers);
        _hessian.SetSlackCurvature(_multipliers.AsSpan(_layout.EqualityCount), _current.Slacks, _mu);
        _jacobian.MultiplyTransposed(_multipliers, _lagrangian);
        VectorOps.Axpy(1.0, _gradient, _lagrangian);
        _optimality = VectorOps.NormInf(_lagrangian.AsSpan(0, _layout.VariableCount));
        _subOptimality = VectorOps.NormInf(_lagrangian);
    }

    private void UpdateBarrier()
    {
        _mu *= BarrierDecay;
        _barrierSubTolerance *= BarrierDecay;
        _radius = Math.Max(_options.InitialTrustRadius, TrustEnlargement * _radius);
        _penalty = _options.InitialPenalty;
        Refresh();
    }

    // One trial step; returns max |Δx| (0 when rejected).
    private double Iterate()
    {
        SetBox();
        var step = _step.Compute(_hessian, _gradient, _b, _radius, _lb, _ub, _d);
        var previousPenalty = _penalty;
        if (step.Model > 0)
        {
            _penalty = Math.Max(_penalty, step.Model / ((1 - PenaltyFactor) * step.ConstraintReduction));
        }

        var predicted = -step.Model + (_penalty * step.ConstraintReduction);
        var merit = _current.Barrier(_mu) + (_penalty * VectorOps.Norm2(_b));
        var ratio = TryPoint(_d, merit, predicted, updateHessian: true);
        if (ratio < SufficientRatio && step.NormalNorm <= SocThreshold * step.TangentialNorm)
        {
            ratio = SecondOrderCorrection(merit, predicted, ratio);
        }

        UpdateRadius(ratio, VectorOps.Norm2(_d));
        if (!(ratio >= SufficientRatio))
        {
            _penalty = previousPenalty;
            return 0.0;
        }

        var change = VectorOps.MaxAbsDifference(_trial.X, _current.X);
        _current.CopyFrom(_trial);
        Refresh();
        return change;
    }

    // y = −Y b(trial) kept inside the box: d + t·y; accepted when it passes the ratio test.
    private double SecondOrderCorrection(double merit, double predicted, double ratio)
    {
        if (!_trialEvaluated)
        {
            return ratio;
        }

        _jacobian.RowSpace(_bTrial, _soc);
        VectorOps.Scale(-1.0, _soc);
        var segment = StepGeometry.Box(_d, _soc, _lb, _ub);
        if (!segment.Intersects)
        {
            return ratio;
        }

        for (var i = 0; i < _soc.Length; i++)
        {
            _soc[i] = _d[i] + (segment.End * _soc[i]);
        }

        _saved.CopyFrom(_trial);
        var corrected = TryPoint(_soc, merit, predicted, updateHessian: false);
        if (corrected >= SufficientRatio)
        {
            return corrected;
        }

        _trial.CopyFrom(_saved);
        return ratio;
    }

    // Evaluates x + dx (slacks s·(1 + dₛ), bound slacks reset) into _trial; returns the reduction ratio.
    private double TryPoint(ReadOnlySpan<double> d, double merit, double predicted, bool updateHessian)
    {
        var n = _layout.VariableCount;
        for (var i = 0; i < n; i++)
        {
            _trial.X[i] = Math.Min(Math.Max(_current.X[i] + d[i], _input.Lower[i]), _input.Upper[i]);
        }

        for (var j = 0; j < _layout.InequalityCount; j++)
        {
            _trial.Slacks[j] = _current.Slacks[j] * (1.0 + d[n + j]);
        }

        _trial.ResetBoundSlacks(_input.Lower, _input.Upper);
        _trialEvaluated = _trial.IsStrictlyInterior();
        if (!_trialEvaluated)
        {
            return double.NegativeInfinity; // a bound reached by roundoff: infinite barrier, not evaluated
        }

        _trial.Objective = _evaluator.Evaluate(_trial.X, _trial.Gradient, _trial.Constraints, _trial.Jacobian);
        if (updateHessian)
        {
            UpdateQuasiNewton();
        }

        _trial.Residual(_bTrial);
        var trialMerit = _trial.Barrier(_mu) + (_penalty * VectorOps.Norm2(_bTrial));
        var ratio = (merit - trialMerit) / predicted;
        return double.IsNaN(ratio) ? double.NegativeInfinity : ratio;
    }

    // s = x₊ − x, y = ∇f₊ − ∇f + (J₊ − J)ᵀv with the current multipliers of the general constraints.
    private void UpdateQuasiNewton()
    {
        var n = _layout.VariableCount;
        for (var i = 0; i < n; i++)
        {
            _s[i] = _trial.X[i] - _current.X[i];
            _y[i] = _trial.Gradient[i] - _current.Gradient[i];
        }

        for (var r = 0; r < _layout.GeneralCount; r++)
        {
            var v = _multipliers[r];
            var plus = _trial.Jacobian.AsSpan(r * n, n);
            var now = _current.Jacobian.AsSpan(r * n, n);
            for (var i = 0; i < n; i++)
            {
                _y[i] += v * (plus[i] - now[i]);
            }
        }

        _quasiNewton.Update(_s, _y);
    }

    // BHN Eq. 3.55 for enlargement; Nocedal & Wright p. 696 for reduction.
    private void UpdateRadius(double ratio, double stepNorm)
    {
        if (ratio >= LargeRatio)
        {
            _radius = Math.Max(LargeEnlargement * stepNorm, _radius);
        }
        else if (ratio >= IntermediateRatio)
        {
            _radius = Math.Max(SmallEnlargement * stepNorm, _radius);
        }
        else if (!(ratio >= SufficientRatio))
        {
            var reduced = (1 - SufficientRatio) / (1 - ratio) * stepNorm;
            _radius = reduced >= MaxReduction * _radius ? _radius * MaxReduction
                : reduced >= MinReduction * _radius ? reduced
                : _radius * MinReduction;
        }
    }

    // Fraction to the boundary: dₛ ≥ −τ; −τ(x − l) ≤ dx ≤ τ(u − x).
    private void SetBox()
    {
        var n = _layout.VariableCount;
        for (var i = 0; i < n; i++)
        {
            _lb[i] = -FractionToBoundary * (_current.X[i] - _input.Lower[i]);
            _ub[i] = FractionToBoundary * (_input.Upper[i] - _current.X[i]);
        }

        _lb.AsSpan(n).Fill(-FractionToBoundary);
        _ub.AsSpan(n).Fill(double.PositiveInfinity);
    }

    private ExitReason? StopReason()
    {
        var tol = _stopping.OptimalityTolerance;
        var barrierSmall = !HasBarrier || _mu < tol;
        if (tol > 0 && _optimality < tol && _current.Violation() < tol && barrierSmall)
        {
            return ExitReason.OptimalityReached;
        }

        return _radius < _stopping.ChangeTolerance && (!HasBarrier || _mu < _barrierTolerance) ? ExitReason.TrustRadiusBelowTolerance : null;
    }

    private void Report(int iteration, double change)
    {
        // The stored history keeps no iterates (as OC): only observers get a copy of x.
        var report = new IterationReport(iteration, _current.Objective, change, _current.Violation(), _clock.Elapsed)
        {
            Optimality = _optimality,
            TrustRadius = _radius,
            BarrierParameter = HasBarrier ? _mu : null,
            Evaluations = _evaluator.Evaluations,
        };
        _history.Add(report);
        _progress?.Report(report with { X = _current.X.ToArray() });
    }
}
