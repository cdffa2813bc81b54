namespace NeuralTopOpt.Solvers.Krylov;

/// <summary>Why an iterative solve stopped.</summary>
public enum IterativeSolveExit
{
    /// <summary>‖b − A·x‖ ≤ tolerance·‖b‖.</summary>
    Converged,

    /// <summary>The iteration limit was reached first.</summary>
    IterationLimit,

    /// <summary>pᵀA·p ≤ 0 or rᵀz ≤ 0: the matrix or the preconditioner is not positive definite (or not finite).</summary>
    Breakdown,
}

/// <summary>The outcome of one CG solve.</summary>
/// <param name="Iterations">CG iterations (products with A after the start).</param>
/// <param name="RelativeResidual">‖r‖/‖b‖ at the end (the recurrence residual).</param>
/// <param name="Exit">Why the iteration stopped.</param>
internal readonly record struct KrylovOutcome(int Iterations, double RelativeResidual, IterativeSolveExit Exit);

/// <summary>A symmetric positive definite operator y = A·x that also returns xᵀA·x (fused into the product where it can be).</summary>
internal interface ISymmetricOperator
{
    /// <summary>y = A·x; returns xᵀy.</summary>
    double ApplyWithEnergy(double[] x, double[] y);
}

/// <summary>A symmetric positive definite preconditioner z = M⁻¹·r.</summary>
internal interface ISymmetricPreconditioner
{
    /// <summary>z = M⁻¹·r in an array the preconditioner owns (valid until its next call); <paramref name="rz"/> = rᵀz.</summary>
    double[] Apply(double[] r, out double rz);
}

/// <summary>
/// Preconditioned conjugate gradients (Hestenes and Stiefel 1952; Saad, <i>Iterative Methods for Sparse
/// Linear Systems</i>, Alg. 9.1) for A·x = b with A and the preconditioner M⁻¹ symmetric positive definite:
/// <code>
///   r = b − A·x, z = M⁻¹r, p = z;  repeat: α = rᵀz / pᵀAp, x += αp, r −= αAp, z = M⁻¹r,
///   β = r'ᵀz' / rᵀz, p = z' + βp   until ‖r‖ ≤ tol·‖b‖.
/// </code>
/// A warm start x₀ is first scaled to the best multiple along itself, s = x₀ᵀb / x₀ᵀAx₀ (the minimum of
/// the energy ½xᵀAx − bᵀx on that line), so a start never costs more than starting from zero; a start
/// with x₀ᵀb ≤ 0 is dropped.
/// </summary>
internal sealed class ConjugateGradient
{
    private readonly BlockVectorOps _ops;
    private readonly double[] _r;
    private readonly double[] _p;
    private readonly double[] _q;

    public ConjugateGradient(int length, BlockVectorOps ops)
    {
        _ops = ops;
        _r = new double[length];
        _p = new double[length];
        _q = new double[length];
    }

    /// <summary>Bytes of the work vectors.</summary>
    public long MemoryBytes => 8L * (_r.Length + _p.Length + _q.Length);

    /// <summary>The residual vector; put the right-hand side b here before <see cref="Solve"/> (it is overwritten).</summary>
    public double[] Residual => _r;

    /// <summary>
    /// Solves A·x = b with b in <see cref="Residual"/>; x holds the start on entry (zero for a cold start) and
    /// the solution on exit. Stops when ‖r‖ ≤ <paramref name="tolerance"/>·‖b‖ or after <paramref name="maxIterations"/>.
    /// </summary>
    public KrylovOutcome Solve(ISymmetricOperator a, ISymmetricPreconditioner m, double[] x, double tolerance, int maxIterations)
    {
        var r = _r;
        var p = _p;
        var q = _q;
        var bNorm = Math.Sqrt(_ops.Dot(r, r));
        if (bNorm == 0)
        {
            Array.Clear(x);
            return new KrylovOutcome(0, 0, IterativeSolveExit.Converged);
        }

        if (!double.IsFinite(bNorm))
        {
            return new KrylovOutcome(0, double.NaN, IterativeSolveExit.Breakdown);
        }

        // r = b − s·A·x₀ with the energy-optimal scale s of the start.
        var xNorm = _ops.Dot(x, x);
        if (xNorm > 0)
        {
            var curvature = a.ApplyWithEnergy(x, q);
            var projection = _ops.Dot(x, r);
            if (curvature > 0 && projection > 0 && double.IsFinite(curvature))
            {
                var s = projection / curvature;
                _ops.Scale(s, x);
                _ops.Axpy(-s, q, r);
            }
            else
            {
                Array.Clear(x);
            }
        }

        var rr = _ops.Dot(r, r);
        if (Math.Sqrt(rr) <= tolerance * bNorm)
        {
            return new KrylovOutcome(0, Math.Sqrt(rr) / bNorm, IterativeSolveExit.Converged);
        }

        var z = m.Apply(r, out var rz);
        if (!(rz > 0))
        {
            return new KrylovOutcome(0, Math.Sqrt(rr) / bNorm, IterativeSolveExit.Breakdown);
        }

        z.CopyTo(p, 0);
        for (var k = 1; k <= maxIterations; k++)
        {
            var pq = a.ApplyWithEnergy(p, q);
            if (!(pq > 0) || !double.IsFinite(pq))
            {
                return new KrylovOutcome(k - 1, Math.Sqrt(rr) / bNorm, IterativeSolveExit.Breakdown);
            }

            var alpha = rz / pq;
            rr = _ops.UpdateSolutionAndResidual(alpha, p, q, x, r);
            var relative = Math.Sqrt(rr) / bNorm;
            if (relative <= tolerance)
            {
                return new KrylovOutcome(k, relative, IterativeSolveExit.Converged);
            }

            if (k == maxIterations)
            {
                return new KrylovOutcome(k, relative, IterativeSolveExit.IterationLimit);
            }

            z = m.Apply(r, out var rzNext);
            if (!(rzNext > 0))
            {
                return new KrylovOutcome(k, relative, IterativeSolveExit.Breakdown);
            }

            _ops.UpdateDirection(z, rzNext / rz, p);
            rz = rzNext;
        }

        return new KrylovOutcome(maxIterations, Math.Sqrt(rr) / bNorm, IterativeSolveExit.IterationLimit);
    }
}
