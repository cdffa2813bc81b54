using System.Globalization;

namespace NeuralTopOpt.Optimization.Common;

/// <summary>
/// A validated problem and start: sizes, bounds and a copy of the start point. Every check an
/// optimizer makes before its first evaluation, with one-line <see cref="InvalidInputException"/>s.
/// </summary>
internal sealed class ProblemInput
{
    private ProblemInput(IOptimizationProblem problem, double[] lower, double[] upper, double[] start)
    {
        Problem = problem;
        Lower = lower;
        Upper = upper;
        Start = start;
    }

    public IOptimizationProblem Problem { get; }

    /// <summary>n.</summary>
    public int VariableCount => Lower.Length;

    /// <summary>m_eq.</summary>
    public int EqualityCount => Problem.EqualityCount;

    /// <summary>m_in.</summary>
    public int InequalityCount => Problem.InequalityCount;

    /// <summary>m = m_eq + m_in.</summary>
    public int ConstraintCount => EqualityCount + InequalityCount;

    public double[] Lower { get; }

    public double[] Upper { get; }

    public double[] Start { get; }

    /// <summary>Checks the problem's sizes and bounds, the start and the stopping criteria.</summary>
    public static ProblemInput Validate(string optimizer, IOptimizationProblem problem, ReadOnlySpan<double> start, StoppingCriteria stopping)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(stopping);
        try
        {
            stopping.Validate();
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"{optimizer}: {e.Message}");
        }

        var n = problem.VariableCount;
        if (n < 1)
        {
            throw new InvalidInputException($"{optimizer}: the problem must have at least one variable, not {n}");
        }

        if (problem.EqualityCount < 0 || problem.InequalityCount < 0)
        {
            throw new InvalidInputException(
                $"{optimizer}: constraint counts must be >= 0, not {problem.EqualityCount} equalities and {problem.InequalityCount} inequalities");
        }

        if (start.Length != n)
        {
            throw new InvalidInputException($"{optimizer}: the start point has {start.Length} entries, the problem has {n} variables");
        }

        var lower = new double[n];
        var upper = new double[n];
        problem.GetBounds(lower, upper);
        for (var i = 0; i < n; i++)
        {
            if (double.IsNaN(lower[i]) || double.IsNaN(upper[i]) || double.IsPositiveInfinity(lower[i])
                || double.IsNegativeInfinity(upper[i]) || lower[i] > upper[i])
            {
                throw new InvalidInputException($"{optimizer}: variable {i} has invalid bounds [{Format(lower[i])}, {Format(upper[i])}]");
            }

            if (!double.IsFinite(start[i]))
            {
                throw new InvalidInputException($"{optimizer}: the start point has {Format(start[i])} at index {i}");
            }

            if (start[i] < lower[i] || start[i] > upper[i])
            {
                throw new InvalidInputException(
                    $"{optimizer}: start[{i}] = {Format(start[i])} is outside its bounds [{Format(lower[i])}, {Format(upper[i])}]");
            }
        }

        return new ProblemInput(problem, lower, upper, start.ToArray());
    }

    /// <summary>Invariant round-trip formatting for messages.</summary>
    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
