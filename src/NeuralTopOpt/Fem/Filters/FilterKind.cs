namespace NeuralTopOpt.Fem.Filters;

/// <summary>How the design or its sensitivities are smoothed (Sigmund 1997; the 88-line code's <c>ft</c>).</summary>
public enum FilterKind
{
    /// <summary>No filtering.</summary>
    None,

    /// <summary>
    /// Sensitivity filter, as in the paper's code: ∂φ/∂θ ← H(θ ⊙ ∂φ/∂θ) / Hs / max(10⁻³, θ); the volume
    /// gradient is left as it is.
    /// </summary>
    Sensitivity,

    /// <summary>
    /// Density filter: the physical design is θ̃ = Hθ / Hs, and every gradient goes back through the
    /// chain rule ∂f/∂θ = H(∂f/∂θ̃ / Hs) (H is symmetric).
    /// </summary>
    Density,
}
