using System.Globalization;

namespace NeuralTopOpt.Optimization;

/// <summary>
/// A problem whose objective is multiplied by a fixed positive factor:
/// <code>
///   f̂(x) = w·f(x),   ∇f̂(x) = w·∇f(x),   same bounds, same constraints,
/// </code>
/// which has the same minimizers and the same multipliers divided by w. Optimizers carry constants
/// and absolute tolerances that presume an objective of moderate size (SciPy's gtol of 10⁻³, MMA's
/// c = 10⁵ and raa0 = 10⁻⁵, an initial trust radius of 1); wrapping a problem with w = 1/(its natural
/// scale) makes a run independent of the units its data come in. With w = 1 the wrapper returns
/// the problem's own numbers bit for bit (multiplication by 1 is exact). Companion interfaces
/// (<see cref="ILinearConstraintInfo"/>) are passed through.
/// </summary>
public sealed class ScaledProblem : IOptimizationProblem, ILinearConstraintInfo
{
    /// <summary>Wraps <paramref name="inner"/> with the objective factor <paramref name="factor"/>.</summary>
    /// <exception cref="InvalidInputException">A factor that is not a positive normal number.</exception>
    public ScaledProblem(IOptimizationProblem inner, double factor)
    {
        ArgumentNullException.ThrowIfNull(inner);
        if (!double.IsNormal(factor) || factor < 0)
        {
            throw new InvalidInputException($"an objective scale must be a positive normal number, not {factor.ToString("R", CultureInfo.InvariantCulture)}");
        }

        Inner = inner;
        Factor = factor;
    }

    /// <summary>The problem being scaled.</summary>
    public IOptimizationProblem Inner { get; }

    /// <summary>w, the factor of the objective.</summary>
    public double Factor { get; }

    /// <inheritdoc/>
    public int VariableCount => Inner.VariableCount;

    /// <inheritdoc/>
    public int EqualityCount => Inner.EqualityCount;

    /// <inheritdoc/>
    public int InequalityCount => Inner.InequalityCount;

    /// <summary>w·<paramref name="value"/>: the scaled objective of an unscaled value (the same operation <see cref="Evaluate"/> performs, so the results are bitwise equal).</summary>
    public double Scale(double value) => Factor * value;

    /// <summary>An objective value of the scaled problem in the inner problem's units, f = f̂/w.</summary>
    public double Unscale(double value) => value / Factor;

    /// <inheritdoc/>
    public void GetBounds(Span<double> lower, Span<double> upper) => Inner.GetBounds(lower, upper);

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        var f = Inner.Evaluate(x, gradient);
        if (Factor != 1)
        {
            for (var i = 0; i < gradient.Length; i++)
            {
                gradient[i] *= Factor;
            }
        }

        return Scale(f);
    }

    /// <inheritdoc/>
    public void EvaluateConstraints(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian) =>
        Inner.EvaluateConstraints(x, values, jacobian);

    /// <inheritdoc/>
    public bool IsConstraintLinear(int index) => Inner is ILinearConstraintInfo info && info.IsConstraintLinear(index);
}
