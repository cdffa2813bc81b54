using System.Diagnostics;
using NeuralTopOpt.Optimization.Common;
using NeuralTopOpt.Optimization.LinearAlgebra;

namespace NeuralTopOpt.Optimization.Mma;

/// <summary>
/// Svanberg's Method of Moving Asymptotes (Int. J. Numer. Meth. Eng. 24, 1987; the standard form of
/// "MMA and GCMMA – two methods for nonlinear optimization", 2007) for
/// <code>
///   minimize f(x)  subject to  gᵢ(x) ≤ 0,  l ≤ x ≤ u   (finite bounds)
/// </code>
/// Each iteration builds the convex separable approximation of <see cref="MmaApproximation"/> and
/// moves to the solution of its subproblem (<see cref="MmaSubproblemSolver"/>), one evaluation per
/// iteration. Every iterate lies in [α, β] ⊂ [l, u].
/// <para>
/// Equality constraints are rejected: MMA's approximations are built for inequalities. Offer the
/// constraint as an inequality that is active at the solution (the topology problems' volume
/// constraint: mean(θ) ≤ V_t), or use <c>trust-region</c>.
/// </para>
/// <para>
/// Stopping: <see cref="ExitReason.OptimalityReached"/> when the KKT residual (Svanberg's
/// <c>kktcheck</c>, ∞-norm, with the subproblem's multipliers at the new point) is at most
/// <see cref="StoppingCriteria.OptimalityTolerance"/> (when nonzero);
/// <see cref="ExitReason.ChangeBelowTolerance"/> when max |Δx| ≤ <see cref="StoppingCriteria.ChangeTolerance"/>;
/// <see cref="ExitReason.MaxIterations"/>; <see cref="ExitReason.Stalled"/> when the subproblem's
/// Newton system turns singular or its solution is not finite (the last iterate is returned).
/// </para>
/// <para>
/// Scale: the constants (c = 10⁵, raa0 = 10⁻⁵, a₀ = 1, d = 1) presume an objective of moderate size, as
/// Svanberg advises; the topology runs hand MMA a nondimensional compliance. When an objective is so
/// large that a constraint's multiplier reaches c (a subproblem answers with yᵢ &gt; 0, i.e. it would
/// rather violate gᵢ), MMA divides ∇f₀ by σ = 100, 100², … from then on, which is the same as raising
/// a₀, c and d by σ but keeps the subproblem well conditioned. The KKT residual is that of f₀/σ. Runs
/// whose y stays zero, the paper's problems among them, never change σ.
/// </para>
/// </summary>
public sealed class MmaOptimizer : IOptimizer
{
    /// <summary>The command-line name.</summary>
    public const string MethodName = "mma";

    /// <summary>Times the objective may be shrunk a hundredfold in one run (σ up to 10²⁰).</summary>
    private const int MaxObjectiveShrinks = 10;

    /// <summary>yᵢ above this (in the constraint's units) means the subproblem relaxed constraint i.</summary>
    private const double ArtificialTolerance = 1e-9;

    /// <summary>Creates the optimizer with <paramref name="options"/> (validated), or the defaults.</summary>
    public MmaOptimizer(MmaOptions? options = null)
    {
        Options = options ?? MmaOptions.Default;
        Options.Validate();
    }

    /// <summary>The settings.</summary>
    public MmaOptions Options { get; }

    /// <inheritdoc/>
    public string Name => MethodName;

    /// <inheritdoc/>
    public OptimizationResult Minimize(
        IOptimizationProblem problem,
        ReadOnlySpan<double> start,
        StoppingCriteria stopping,
        IProgress<IterationReport>? progress = null,
        CancellationToken cancellationToken = default)
    {
        var input = ProblemInput.Validate(MethodName, problem, start, stopping);
        if (input.EqualityCount > 0)
        {
            throw new InvalidInputException(
                $"mma: the problem has {input.EqualityCount} equality constraint(s); MMA treats only inequalities g(x) <= 0: offer each as an inequality that is active at the solution, or use trust-region");
        }

        for (var i = 0; i < input.VariableCount; i++)
        {
            if (!(input.Upper[i] > input.Lower[i]) || !double.IsFinite(input.Upper[i] - input.Lower[i]))
            {
                throw new InvalidInputException(
                    $"mma: variable {i} has bounds [{ProblemInput.Format(input.Lower[i])}, {ProblemInput.Format(input.Upper[i])}]; MMA needs finite bounds with l < u");
            }
        }

        return Run(input, stopping, progress, cancellationToken);
    }

    private OptimizationResult Run(ProblemInput input, StoppingCriteria stopping, IProgress<IterationReport>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var (n, m) = (input.VariableCount, input.InequalityCount);
        var evaluator = new ProblemEvaluator(MethodName, input.Problem);
        var approximation = new MmaApproximation(n, m, Options);
        var subproblem = new MmaSubproblemSolver(n, m);
        var x = input.Start.ToArray();
        var (xOld1, xOld2) = (x.ToArray(), x.ToArray());
        var (df0, fval, dfdx) = (new double[n], new double[m], new double[m * n]);
        var f0 = evaluator.Evaluate(x, df0, fval, dfdx);
        var scaled = new double[n]; // ∇f₀/σ, the objective gradient MMA approximates
        var objectiveScale = 1.0;   // σ
        var history = new List<IterationReport>();
        var iteration = 0;
        ExitReason exit;
        while (true)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                exit = ExitReason.Cancelled;
                break;
            }

            iteration++;
            var solved = true;
            var relaxed = double.PositiveInfinity; // max yᵢ of the previous solve in this iteration
            var undone = false;
            for (var raise = 0; ; raise++)
            {
                for (var j = 0; j < n; j++)
                {
                    scaled[j] = df0[j] / objectiveScale;
                }

                approximation.Build(iteration, x, xOld1, xOld2, input.Lower, input.Upper, scaled, fval, dfdx, moveAsymptotes: raise == 0);
                try
                {
                    subproblem.Solve(approximation, Options);
                }
                catch (InvalidOperationException)
                {
                    solved = false;
                    break;
                }

                // yᵢ > 0: either constraint i's multiplier reached cᵢ and the subproblem bought a violation
                // of gᵢ instead of meeting it, or the approximated constraint cannot be met within the
                // move limits at all. Shrink the objective (the same as raising a₀, c and d) and solve
                // again: in the first case y falls, and σ stays for the rest of the run; in the second it
                // does not, and the shrink is undone.
                if (undone)
                {
                    break;
                }

                var y = m == 0 ? 0 : subproblem.Y.Max();
                if (raise > 0 && !(y < 0.1 * relaxed))
                {
                    objectiveScale /= 100;
                    undone = true; // solve once more at the previous σ and stop there
                    continue;
                }

                if (raise >= MaxObjectiveShrinks || !(y > ArtificialTolerance))
                {
                    break;
                }

                relaxed = y;
                objectiveScale *= 100;
            }

            if (!solved)
            {
                // The subproblem's Newton system became singular (degenerate approximations, e.g. with
                // many variables pinned at their bounds): no further step; keep the last iterate.
                iteration--;
                exit = ExitReason.Stalled;
                break;
            }

            if (!AllFinite(subproblem.X))
            {
                // The approximation broke down (overflowing asymptote terms after a wild step):
                // stop rather than evaluate a non-finite design; keep the last iterate.
                iteration--;
                exit = ExitReason.Stalled;
                break;
            }

            x.CopyTo(xOld2, 0);
            (xOld1, xOld2) = (xOld2, xOld1);
            for (var j = 0; j < n; j++)
            {
                x[j] = Math.Clamp(subproblem.X[j], input.Lower[j], input.Upper[j]);
            }

            f0 = evaluator.Evaluate(x, df0, fval, dfdx);
            var change = VectorOps.MaxAbsDifference(x, xOld1);
            for (var j = 0; j < n; j++)
            {
                scaled[j] = df0[j] / objectiveScale;
            }

            var optimality = MmaKkt.Residual(subproblem, Options, x, input.Lower, input.Upper, scaled, fval, dfdx);
            var violation = fval.Length == 0 ? 0.0 : Math.Max(0.0, fval.Max());
            // The stored history keeps no iterates (as OC): only observers get a copy of x.
            var report = new IterationReport(iteration, f0, change, violation, clock.Elapsed)
            {
                Optimality = optimality,
                Evaluations = evaluator.Evaluations,
            };
            history.Add(report);
            progress?.Report(report with { X = x.ToArray() });
            if (stopping.OptimalityTolerance > 0 && optimality <= stopping.OptimalityTolerance)
            {
                exit = ExitReason.OptimalityReached;
                break;
            }

            if (change <= stopping.ChangeTolerance)
            {
                exit = ExitReason.ChangeBelowTolerance;
                break;
            }

            if (iteration >= stopping.MaxIterations)
            {
                exit = ExitReason.MaxIterations;
                break;
            }
        }

        return new OptimizationResult(MethodName, x, f0, iteration, exit, history, evaluator.Evaluations, clock.Elapsed);
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
