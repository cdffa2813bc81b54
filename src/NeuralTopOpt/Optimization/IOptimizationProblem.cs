namespace NeuralTopOpt.Optimization;

/// <summary>
/// A smooth constrained minimization problem:
/// <code>
///   minimize   f(x)              x ∈ ℝⁿ
///   subject to lᵢ ≤ xᵢ ≤ uᵢ       (bounds)
///              cᵢ(x) = 0          i = 1 … m_eq     (equality constraints)
///              gⱼ(x) ≤ 0          j = 1 … m_in     (inequality constraints)
/// </code>
/// The topology optimization problems of the paper (Eq. 9, 12, 13) are instances: x = θ, f = φ,
/// one volume constraint. Gradients may be modified (filtered) as the paper does; optimizers must
/// not assume that the gradient is the exact derivative of <see cref="Evaluate"/>.
/// </summary>
public interface IOptimizationProblem
{
    /// <summary>n, the number of variables.</summary>
    int VariableCount { get; }

    /// <summary>m_eq, the number of equality constraints cᵢ(x) = 0.</summary>
    int EqualityCount { get; }

    /// <summary>m_in, the number of inequality constraints gⱼ(x) ≤ 0.</summary>
    int InequalityCount { get; }

    /// <summary>Writes the bounds l and u (length n each; ±∞ allowed for a free side).</summary>
    void GetBounds(Span<double> lower, Span<double> upper);

    /// <summary>Returns f(x) and writes ∇f(x) (length n) to <paramref name="gradient"/>.</summary>
    double Evaluate(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>
    /// Writes the constraint values (length m = m_eq + m_in: equalities first, then inequalities) and
    /// their Jacobian (m × n, row-major: row i is ∇ of constraint i).
    /// </summary>
    void EvaluateConstraints(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian);
}
