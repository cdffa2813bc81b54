using System.Diagnostics;
using NeuralTopOpt.Optimization.Common;
using NeuralTopOpt.Optimization.LinearAlgebra;

namespace NeuralTopOpt.Optimization.TrustRegion;

/// <summary>
/// One run of the trust-region interior-point method (Byrd, Hribar &amp; Nocedal 1999; SciPy's
/// <c>tr_interior_point</c> around <c>equality_constrained_sqp</c>): a sequence of barrier problems
/// with μ ← 0.2μ, each solved by Byrd–Omojokun SQP steps accepted on the merit function
/// φ + ν‖b‖₂, until a stopping test of <see cref="TrustRegionOptimizer"/> holds. Iterations count as
/// SciPy's <c>nit</c> less its first row (the start): every trial step, accepted or not, and (with
/// <see cref="TrustRegionOptions.CountBarrierUpdates"/>) every barrier update.
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
    private readonly LagrangianApproximation _quasiNewton;
    private readonly BarrierHessian _hessian;
    private readonly BarrierJacobian _jacobian;
    private readonly ByrdOmojokunStep _step;
    private readonly BarrierIterate _current;
    private readonly BarrierIterate _trial;
    private readonly BarrierIterate _saved;
    private readonly BarrierIterate _last;
    private readonly double[] _b, _bTrial, _gradient, _multipliers, _lagrangian, _d, _soc, _lb, _ub, _trustLb, _trustUb;
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
        _quasiNewton = new LagrangianApproximation(options, n, _layout.GeneralCount);
        _hessian = new BarrierHessian(_quasiNewton, n, _layout.SlackCount);
        _jacobian = new BarrierJacobian(_layout);
        _step = new ByrdOmojokunStep(_jacobian, _layout);
        _current = new BarrierIterate(_layout);
        _trial = new BarrierIterate(_layout);
        _saved = new BarrierIterate(_layout);
        _last = new BarrierIterate(_layout);
        var (length, rows) = (_layout.StepLength, _layout.RowCount);
        (_b, _bTrial, _multipliers) = (new double[rows], new double[rows], new double[rows]);
        (_gradient, _lagrangian, _d, _soc, _lb, _ub) = (new double[length], new double[length], new double[length], new double[length], new double[length], new double[length]);

        // SciPy's trust_lb/trust_ub: free variables, slack steps dₛ ≥ −τ
        (_trustLb, _trustUb) = (new double[length], new double[length]);
        _trustLb.AsSpan(0, n).Fill(double.NegativeInfinity);
        _trustLb.AsSpan(n).Fill(-FractionToBoundary);
        _trustUb.AsSpan().Fill(double.PositiveInfinity);
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

            // SciPy's barrier-subproblem test (BHN Eq. 2.3): ‖∇L‖∞ and ‖b‖∞ below the subproblem tolerance, or Δ < xtol
            if (HasBarrier && barrierUpdates < MaxConsecutiveBarrierUpdates
                && ((_subOptimality < _barrierSubTolerance && VectorOps.NormInf(_b) < _barrierSubTolerance) || _radius < _stopping.ChangeTolerance))
            {
                UpdateBarrier();
                barrierUpdates++;
                if (_options.CountBarrierUpdates)
                {
                    iteration++;
                    Report(iteration, 0.0);
                    exit = StopReason() ?? (iteration >= _stopping.MaxIterations ? ExitReason.MaxIterations : null);
                }
                else
                {
                    exit = StopReason();
                }

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
        _quasiNewton.Observe(_current, _current);
        _last.CopyFrom(_current);
        Refresh();
    }

    private double Push(double bound, double width) =>
        double.IsFinite(width) ? _options.BoundPush * Math.Min(Math.Max(1.0, Math.Abs(bound)), 0.5 * width) : _options.BoundPush * Math.Max(1.0, Math.Abs(bound));

    // After x, μ or the slacks change: A and its projections, b, ∇φ, v = −LS∇φ, Σ, the optimality
    // measures, and the multipliers the constraints' Hessian approximation uses.
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
        _quasiNewton.SetMultipliers(_multipliers.AsSpan(0, _layout.GeneralCount));
    }

    // A new barrier subproblem: μ and its tolerance × 0.2, Δ = max(Δ₀, 5Δ), ν = ν₀ (SciPy's
    // tr_interior_point). SciPy evaluates f and c at the iterate here, which is a new evaluation (and a
    // secant pair) when the last point evaluated was a rejected trial.
    private void UpdateBarrier()
    {
        if (_options.SecantPairs == SecantPairs.ConsecutiveEvaluations && !_last.X.AsSpan().SequenceEqual(_current.X))
        {
            _current.Objective = _evaluator.Evaluate(_current.X, _current.Gradient, _current.Constraints, _current.Jacobian);
            _quasiNewton.Observe(_current, _current);
            _last.CopyFrom(_current);
        }

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
        var ratio = TryPoint(_d, merit, predicted, observe: true);
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

    // The second-order correction (BHN p. 892, SciPy's): y = −Y b(trial); t from the line d + t·y in
    // the trust box (SciPy's box_intersections, whose t is used even when the line misses the box);
    // x + S(d + t·y) evaluated, and taken when the line meets the box and the ratio test passes.
    // With SecantPairs.FromIterate (ours before) a correction that misses the box is not evaluated
    // and an evaluated one does not update the Hessian approximation.
    private double SecondOrderCorrection(double merit, double predicted, double ratio)
    {
        if (!_trialEvaluated)
        {
            return ratio;
        }

        _jacobian.RowSpace(_bTrial, _soc);
        VectorOps.Scale(-1.0, _soc);
        var segment = StepGeometry.Box(_d, _soc, _trustLb, _trustUb);
        var sciPy = _options.SecantPairs == SecantPairs.ConsecutiveEvaluations;
        if (!sciPy && !segment.Intersects)
        {
            return ratio;
        }

        for (var i = 0; i < _soc.Length; i++)
        {
            _soc[i] = _d[i] + (segment.End * _soc[i]);
        }

        _saved.CopyFrom(_trial);
        var corrected = TryPoint(_soc, merit, predicted, observe: sciPy);
        if (segment.Intersects && corrected >= SufficientRatio)
        {
            return corrected;
        }

        _trial.CopyFrom(_saved);
        _trialEvaluated = true;
        return ratio;
    }

    // Evaluates x + S·d (slacks s·(1 + dₛ), bound slacks reset) into _trial and returns the reduction
    // ratio. A point equal to the last evaluated one takes its values without a new evaluation and
    // without a secant pair (SciPy's functions are memoized on x: a step too short to change x, or a
    // second-order correction that changes nothing).
    private double TryPoint(ReadOnlySpan<double> d, double merit, double predicted, bool observe)
    {
        var n = _layout.VariableCount;
        var outside = _options.EvaluateOutsideBounds;
        for (var i = 0; i < n; i++)
        {
            var x = _current.X[i] + d[i];
            _trial.X[i] = outside ? x : Math.Min(Math.Max(x, _input.Lower[i]), _input.Upper[i]);
        }

        var same = _options.SecantPairs == SecantPairs.ConsecutiveEvaluations && _last.X.AsSpan().SequenceEqual(_trial.X);
        if (same)
        {
            _trial.CopyFrom(_last);
        }

        for (var j = 0; j < _layout.InequalityCount; j++)
        {
            _trial.Slacks[j] = _current.Slacks[j] * (1.0 + d[n + j]);
        }

        _trial.ResetBoundSlacks(_input.Lower, _input.Upper);
        var interior = _trial.IsStrictlyInterior();
        _trialEvaluated = interior || outside;
        if (!_trialEvaluated)
        {
            return double.NegativeInfinity; // a bound reached: infinite barrier, not evaluated
        }

        if (!same)
        {
            _trial.Objective = _evaluator.Evaluate(_trial.X, _trial.Gradient, _trial.Constraints, _trial.Jacobian);
            if (observe)
            {
                _quasiNewton.Observe(_trial, _current);
            }

            _last.CopyFrom(_trial);
        }

        _trial.Residual(_bTrial);
        if (!interior)
        {
            return double.NegativeInfinity; // SciPy's merit is +∞ there
        }

        var trialMerit = _trial.Barrier(_mu) + (_penalty * VectorOps.Norm2(_bTrial));
        var ratio = (merit - trialMerit) / predicted;
        return double.IsNaN(ratio) ? double.NegativeInfinity : ratio;
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

    // The step box: SciPy's trust box (dₛ ≥ −τ, variables free) and, with
    // VariableFractionToBoundary, also −τ(x − l) ≤ dx ≤ τ(u − x).
    private void SetBox()
    {
        _trustLb.CopyTo(_lb, 0);
        _trustUb.CopyTo(_ub, 0);
        if (!_options.VariableFractionToBoundary)
        {
            return;
        }

        for (var i = 0; i < _layout.VariableCount; i++)
        {
            _lb[i] = -FractionToBoundary * (_current.X[i] - _input.Lower[i]);
            _ub[i] = FractionToBoundary * (_input.Upper[i] - _current.X[i]);
        }
    }

    // SciPy's global tests: gtol on ‖∇ₓL‖∞ and the violation (whatever μ is, unless
    // OptimalityNeedsSmallBarrier), then xtol on Δ with μ < barrier_tol.
    private ExitReason? StopReason()
    {
        var tol = _stopping.OptimalityTolerance;
        var barrierSmall = !_options.OptimalityNeedsSmallBarrier || !HasBarrier || _mu < tol;
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
