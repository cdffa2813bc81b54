using System.Diagnostics;

namespace NeuralTopOpt.Materials;

/// <summary>
/// The material module of the compliance problem: a per-element constitutive law θₑ → Cₑ (k design
/// variables per element) in Voigt notation,
/// <code>
///   Cₑ = [[C11, C12, C13], [C12, C22, C23], [C13, C23, C33]],
/// </code>
/// and its derivative ∂Cₑ/∂θₑ that Eq. (10) of the paper needs. A model gives m entries per element in
/// the order of the element's basis matrices (<see cref="Fem.IElementBasis"/>): m = 4 for an orthotropic
/// material in the element axes (C11, C12, C22, C33; C13 = C23 = 0), 6 with C13, C23 (a rotated cell).
/// Forward is <see cref="Stiffness"/>; <see cref="Derivatives"/> follows it at the same designs and may
/// use what the forward pass kept. All elements are evaluated in one batched call; the caller times the
/// calls (a model does not time itself).
/// </summary>
public interface IMaterialModel
{
    /// <summary>Short name (<c>simp</c>, <c>nn</c>, ...).</summary>
    string Name { get; }

    /// <summary>k, the number of design variables of one element.</summary>
    int DesignVariablesPerElement { get; }

    /// <summary>m, the stiffness entries per element (4 or 6).</summary>
    int StiffnessEntries { get; }

    /// <summary>
    /// E_ref, the modulus that sets the material's stiffness scale (C of solid material ∝ E_ref): the
    /// topology runs divide the compliance by Σ_l P_l²/E_ref to make it nondimensional. 1 unless the model
    /// says otherwise: the paper's materials (SIMP with E_max = 1, the networks trained on E = 1 data and
    /// clamped to the E = 1 tensor) are nondimensional already.
    /// </summary>
    double ReferenceModulus => 1.0;

    /// <summary>
    /// C of every element: <paramref name="designs"/> holds n × k values, element by element (θ of element e
    /// at [e·k, e·k + k)); <paramref name="stiffness"/> receives n × m values (entry t of element e at m·e + t).
    /// </summary>
    /// <returns>How many entries were clamped to the model's admissible range (the paper's code clamps every output).</returns>
    int Stiffness(ReadOnlySpan<double> designs, Span<double> stiffness);

    /// <summary>
    /// ∂C/∂θ of every element at the <paramref name="designs"/> of the preceding <see cref="Stiffness"/> call:
    /// n × m × k values, ∂C_t/∂θ_j of element e at m·k·e + k·t + j. At a clamped entry models report their
    /// own (unclamped) derivative, as the paper's code does; they document it.
    /// </summary>
    void Derivatives(ReadOnlySpan<double> designs, Span<double> derivatives);
}

/// <summary>The outcome of one timed <see cref="MaterialModels.Evaluate"/> call.</summary>
/// <param name="ClampedEntries">Stiffness entries clamped to the model's admissible range.</param>
/// <param name="ModelTime">Time spent computing C.</param>
/// <param name="DerivativeTime">Time spent computing ∂C/∂θ.</param>
public readonly record struct MaterialEvaluation(int ClampedEntries, TimeSpan ModelTime, TimeSpan DerivativeTime);

/// <summary>Conveniences over <see cref="IMaterialModel"/>.</summary>
public static class MaterialModels
{
    /// <summary>C and ∂C/∂θ of every element, each call timed (Table 2's quantity is <see cref="MaterialEvaluation.DerivativeTime"/>).</summary>
    public static MaterialEvaluation Evaluate(this IMaterialModel model, ReadOnlySpan<double> designs, Span<double> stiffness, Span<double> derivatives)
    {
        ArgumentNullException.ThrowIfNull(model);
        var start = Stopwatch.GetTimestamp();
        var clamped = model.Stiffness(designs, stiffness);
        var modelTime = Stopwatch.GetElapsedTime(start);
        start = Stopwatch.GetTimestamp();
        model.Derivatives(designs, derivatives);
        return new MaterialEvaluation(clamped, modelTime, Stopwatch.GetElapsedTime(start));
    }

    /// <summary>Throws <see cref="ArgumentException"/> unless the spans hold n elements of k designs, m entries and m·k derivatives.</summary>
    public static int CheckLengths(this IMaterialModel model, int designs, int stiffness, int derivatives = -1)
    {
        ArgumentNullException.ThrowIfNull(model);
        var (k, m) = (model.DesignVariablesPerElement, model.StiffnessEntries);
        var n = designs / k;
        if (designs != n * k || stiffness != m * n || (derivatives >= 0 && derivatives != m * k * n))
        {
            throw new ArgumentException($"{designs} design values need {k} per element, with {m} stiffness entries and {m * k} derivatives per element");
        }

        return n;
    }
}
