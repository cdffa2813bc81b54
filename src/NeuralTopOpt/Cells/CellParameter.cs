namespace NeuralTopOpt.Cells;

/// <summary>How the sensitivity filter weights the sensitivities of a design field.</summary>
public enum SensitivityWeight
{
    /// <summary>By the field's own value, as the paper's filter does (θ/max(10⁻³, θ)): suits sizes and densities.</summary>
    DesignValue,

    /// <summary>By the element's solid fraction: for fields whose value is not an amount of material (an angle).</summary>
    SolidFraction,
}

/// <summary>One design field of a cell family: what it means and where it may go.</summary>
/// <param name="Name">Column name in datasets and design files (<c>theta</c>, <c>width</c>, <c>angle</c>).</param>
/// <param name="Symbol">Its symbol in the paper's notation (θ, θ₁, φ).</param>
/// <param name="Description">What it is, in words.</param>
/// <param name="Lower">Lower bound of an active element.</param>
/// <param name="Upper">Upper bound of an active element.</param>
/// <param name="Weight">How the sensitivity filter weights it.</param>
public sealed record CellParameter(string Name, string Symbol, string Description, double Lower = 0, double Upper = 1, SensitivityWeight Weight = SensitivityWeight.DesignValue);
