namespace NeuralTopOpt.Materials;

/// <summary>
/// A per-element constitutive law: the design variables of one element, θₑ (k of them), give its
/// orthotropic stiffness in Voigt notation,
/// <code>
///   Cₑ = [[C11, C12, 0], [C12, C22, 0], [0, 0, C33]],
/// </code>
/// and the derivative ∂Cₑ/∂θₑ that Eq. (10) of the paper needs. DBTO has k = 1 (the density),
/// HBTO k = 2 (hole width and height). All elements are evaluated in one batched call.
/// </summary>
public interface IMaterialModel
{
    /// <summary>Short name (<c>simp</c>, <c>nn</c>, ...).</summary>
    string Name { get; }

    /// <summary>k, the number of design variables of one element.</summary>
    int DesignVariablesPerElement { get; }

    /// <summary>
    /// E_ref, the modulus that sets the material's stiffness scale (C of solid material ∝ E_ref): the
    /// topology runs divide the compliance by Σ_l P_l²/E_ref to make it nondimensional. 1 unless the model
    /// says otherwise: the paper's materials (SIMP with E_max = 1, the networks trained on E = 1 data and
    /// clamped to the E = 1 tensor) are nondimensional already.
    /// </summary>
    double ReferenceModulus => 1.0;

    /// <summary>
    /// Evaluates every element. <paramref name="designs"/> holds n × k values, element by element
    /// (θ of element e at [e·k, e·k + k)); <paramref name="stiffness"/> receives n × 4 values
    /// (C11, C12, C22, C33 of element e at [4e, 4e + 4)); <paramref name="derivatives"/> receives
    /// n × 4 × k values, ∂C_ij/∂θ_j of element e at [4k·e + k·entry + j].
    /// </summary>
    /// <returns>What happened beyond the values: how many entries were clamped to their admissible range.</returns>
    MaterialEvaluation Evaluate(ReadOnlySpan<double> designs, Span<double> stiffness, Span<double> derivatives);
}

/// <summary>Side information of one <see cref="IMaterialModel.Evaluate"/> call.</summary>
/// <param name="ClampedEntries">
/// Stiffness entries that fell outside [1e-9·C_solid, C_solid] and were clamped to it, as the
/// paper's code does. The derivative of a clamped entry is reported as the model's own derivative
/// (not zero), as in the paper's code; models document this.
/// </param>
/// <param name="ModelTime">Time spent computing C.</param>
/// <param name="DerivativeTime">Time spent computing ∂C/∂θ.</param>
public readonly record struct MaterialEvaluation(int ClampedEntries, TimeSpan ModelTime, TimeSpan DerivativeTime);
