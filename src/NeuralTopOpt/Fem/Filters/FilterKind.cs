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
    /// Sensitivity filter weighted by each element's solid fraction ρₑ instead of its design variable:
    /// ∂φ/∂θ_k ← H(ρ ⊙ ∂φ/∂θ_k) / Hs / max(10⁻³, ρ). For DBTO ρ = θ and it is <see cref="Sensitivity"/>;
    /// for HBTO ρ = 1 − θ₁θ₂, so a solid cell (θ = 0) is weighted as solid, not as void.
    /// </summary>
    SolidFractionSensitivity,

    /// <summary>
    /// Density filter: the physical design is θ̃ = Hθ / Hs, and every gradient goes back through the
    /// chain rule ∂f/∂θ = H(∂f/∂θ̃ / Hs) (H is symmetric).
    /// </summary>
    Density,
}

/// <summary>The names of the filters on the command line and in result files.</summary>
public static class FilterKindNames
{
    /// <summary>Every name, in the order of <see cref="FilterKind"/>.</summary>
    public static IReadOnlyList<string> All { get; } = ["none", "sensitivity", "solid-sensitivity", "density"];

    /// <summary>The name of <paramref name="kind"/> (<c>solid-sensitivity</c> for <see cref="FilterKind.SolidFractionSensitivity"/>).</summary>
    public static string Name(this FilterKind kind) => All[(int)kind];

    /// <summary>The filter called <paramref name="name"/>; <see cref="InvalidInputException"/> for an unknown one.</summary>
    public static FilterKind Parse(string name)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (All[i] == name)
            {
                return (FilterKind)i;
            }
        }

        throw new InvalidInputException($"unknown filter '{name}'; expected {string.Join(", ", All)}");
    }
}
