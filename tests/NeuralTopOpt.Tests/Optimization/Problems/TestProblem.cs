using NeuralTopOpt.Optimization;

namespace NeuralTopOpt.Tests.Optimization.Problems;

/// <summary>Thrown by a test problem evaluated outside its bounds (the optimizers must never do that).</summary>
public sealed class OutOfBoundsEvaluationException(string message) : Exception(message);

/// <summary>
/// Base of the test problems: sizes, bounds, evaluation counts, and a guard that throws
/// <see cref="OutOfBoundsEvaluationException"/> for any objective or constraint evaluation outside
/// l ≤ x ≤ u.
/// </summary>
internal abstract class TestProblem : IOptimizationProblem
{
    protected TestProblem(int n, int equalities, int inequalities, double[] lower, double[] upper)
    {
        VariableCount = n;
        EqualityCount = equalities;
        InequalityCount = inequalities;
        Lower = lower;
        Upper = upper;
    }

    public int VariableCount { get; }

    public int EqualityCount { get; }

    public int InequalityCount { get; }

    public double[] Lower { get; }

    public double[] Upper { get; }

    /// <summary>Objective evaluations.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Smallest distance to a finite bound seen at an evaluated point.</summary>
    public double ClosestApproach { get; private set; } = double.PositiveInfinity;

    public void GetBounds(Span<double> lower, Span<double> upper)
    {
        Lower.CopyTo(lower);
        Upper.CopyTo(upper);
    }

    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        Guard(x);
        Evaluations++;
        return Objective(x, gradient);
    }

    public void EvaluateConstraints(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian)
    {
        Guard(x);
        jacobian.Clear();
        Constraints(x, values, jacobian);
    }

    /// <summary>f(x) and ∇f(x).</summary>
    public abstract double Objective(ReadOnlySpan<double> x, Span<double> gradient);

    /// <summary>Constraint values (equalities first) and the Jacobian (cleared before the call).</summary>
    public virtual void Constraints(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian)
    {
    }

    private void Guard(ReadOnlySpan<double> x)
    {
        for (var i = 0; i < x.Length; i++)
        {
            if (!(x[i] >= Lower[i] && x[i] <= Upper[i]))
            {
                throw new OutOfBoundsEvaluationException($"x[{i}] = {x[i]:R} outside [{Lower[i]:R}, {Upper[i]:R}]");
            }

            ClosestApproach = Math.Min(ClosestApproach, Math.Min(x[i] - Lower[i], Upper[i] - x[i]));
        }
    }
}
