using System.Globalization;
using NeuralTopOpt.Fem.Filters;

namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// A finite-difference (Taylor) check of the whole sensitivity chain θ → C(θ) → K → u → φ of an
/// unfiltered <see cref="ComplianceProblem"/>, material model and derivative method included:
/// <code>
///   r(ε) = |φ(θ + εd) − φ(θ) − ε ∇φ(θ)·d| = O(ε²)   when ∇φ is the derivative of φ (Eq. 10–11),
/// </code>
/// and only O(ε) when it is not. The observed order log(r(ε₁)/r(ε₂))/log(ε₁/ε₂) over a range of
/// steps should be 2. An approximate derivative (<c>cfd</c>) adds ε·|δ∇φ·d|, which stays far below
/// the ε² term at the steps used (its relative error is about 10⁻¹⁰ at h = 10⁻⁶).
/// </summary>
public static class TaylorCheck
{
    /// <summary>The check at <paramref name="design"/> along <paramref name="direction"/> for each step ε of <paramref name="steps"/>.</summary>
    /// <exception cref="InvalidInputException">The problem filters its sensitivities or densities (the gradient is then not the derivative).</exception>
    public static TaylorCheckResult Run(ComplianceProblem problem, ReadOnlySpan<double> design, ReadOnlySpan<double> direction, IReadOnlyList<double> steps)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(steps);
        if (problem.Settings.Filter != FilterKind.None)
        {
            throw new InvalidInputException($"the Taylor check needs an unfiltered problem (the {problem.Settings.Filter.Name()} filter changes the gradient); use the filter 'none'");
        }

        if (design.Length != problem.VariableCount || direction.Length != problem.VariableCount)
        {
            throw new ArgumentException($"the design and the direction need {problem.VariableCount} values each");
        }

        var gradient = new double[problem.VariableCount];
        var phi = problem.Evaluate(design, gradient);
        var clamped = problem.LastEvaluation!.ClampedEntries;
        var slope = 0.0;
        for (var i = 0; i < gradient.Length; i++)
        {
            slope += gradient[i] * direction[i];
        }

        var rows = new List<TaylorRow>();
        var point = new double[problem.VariableCount];
        var scratch = new double[problem.VariableCount];
        foreach (var step in steps)
        {
            for (var i = 0; i < point.Length; i++)
            {
                point[i] = design[i] + (step * direction[i]);
            }

            var value = problem.Evaluate(point, scratch);
            clamped = Math.Max(clamped, problem.LastEvaluation!.ClampedEntries);
            var remainder = Math.Abs(value - phi - (step * slope));
            double? order = rows.Count == 0 ? null : Math.Log(rows[^1].Remainder / remainder) / Math.Log(rows[^1].Step / step);
            rows.Add(new TaylorRow(step, value, Math.Abs(value - phi), remainder, order));
        }

        return new TaylorCheckResult(phi, slope, rows, clamped);
    }

    /// <summary>
    /// The check at a seeded random design (every variable uniform in [<paramref name="low"/>,
    /// <paramref name="high"/>]) along a seeded random direction (entries uniform in [−1, 1]), for
    /// ε = 0.1·2⁻ⁱ, i = 0 … <paramref name="stepCount"/> − 1.
    /// </summary>
    public static TaylorCheckResult Run(ComplianceProblem problem, int seed, double low = 0.3, double high = 0.7, int stepCount = 11)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (!(low >= 0 && high <= 1 && low < high) || stepCount < 2)
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"the Taylor check needs 0 <= low < high <= 1 and at least 2 steps, not [{low}, {high}] and {stepCount}"));
        }

        var random = new Random(seed);
        var design = new double[problem.VariableCount];
        var direction = new double[problem.VariableCount];
        for (var i = 0; i < design.Length; i++)
        {
            design[i] = low + ((high - low) * random.NextDouble());
            direction[i] = (2 * random.NextDouble()) - 1;
        }

        var steps = Enumerable.Range(0, stepCount).Select(i => 0.1 * Math.Pow(2, -i)).ToArray();
        return Run(problem, design, direction, steps);
    }
}

/// <summary>One step of a <see cref="TaylorCheck"/>.</summary>
/// <param name="Step">ε.</param>
/// <param name="Compliance">φ(θ + εd).</param>
/// <param name="Change">|φ(θ + εd) − φ(θ)|, which shrinks as ε (first order).</param>
/// <param name="Remainder">|φ(θ + εd) − φ(θ) − ε∇φ·d|, which shrinks as ε² for a correct gradient.</param>
/// <param name="Order">log(r_prev/r)/log(ε_prev/ε), from the previous step (null for the first).</param>
public sealed record TaylorRow(double Step, double Compliance, double Change, double Remainder, double? Order);

/// <summary>The outcome of a <see cref="TaylorCheck"/>.</summary>
/// <param name="Compliance">φ(θ).</param>
/// <param name="DirectionalDerivative">∇φ(θ)·d from the gradient under test.</param>
/// <param name="Rows">One row per step, largest first.</param>
/// <param name="ClampedEntries">The most stiffness entries clamped at any point evaluated (0 for a clean check: at a clamped entry the paper's derivative is not that of the clamped model).</param>
public sealed record TaylorCheckResult(double Compliance, double DirectionalDerivative, IReadOnlyList<TaylorRow> Rows, int ClampedEntries)
{
    /// <summary>
    /// The median of the step-to-step orders, over steps whose remainder is above 10⁻¹¹·|φ| (below
    /// that, rounding in φ itself takes over): 2 for a correct gradient, 1 for a wrong one.
    /// </summary>
    public double ObservedOrder
    {
        get
        {
            var floor = 1e-11 * Math.Abs(Compliance);
            var orders = new List<double>();
            for (var i = 1; i < Rows.Count; i++)
            {
                if (Rows[i].Remainder > floor && Rows[i - 1].Remainder > floor && Rows[i].Order is { } order)
                {
                    orders.Add(order);
                }
            }

            if (orders.Count == 0)
            {
                return double.NaN;
            }

            orders.Sort();
            return orders.Count % 2 == 1 ? orders[orders.Count / 2] : 0.5 * (orders[(orders.Count / 2) - 1] + orders[orders.Count / 2]);
        }
    }

    /// <summary>True when the observed order is within <paramref name="tolerance"/> of 2.</summary>
    public bool Passes(double tolerance = 0.2) => Math.Abs(ObservedOrder - 2) <= tolerance;
}
