using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem.Filters;

namespace NeuralTopOpt.Optimization.Topology;

/// <summary>Whether the volume target is met exactly or as an upper limit.</summary>
public enum ConstraintForm
{
    /// <summary>v(θ) − V_t = 0, as in the paper (Eq. 9).</summary>
    Equality,

    /// <summary>v(θ) − V_t ≤ 0, as MMA usually states it.</summary>
    Inequality,
}

/// <summary>The settings of a minimum-compliance problem (Eq. 9 of the paper).</summary>
public sealed record ComplianceSettings
{
    /// <summary>The defaults: V_t = 0.5, the density cell, the paper's sensitivity filter with r = 2.7, the volume as an equality.</summary>
    public ComplianceSettings()
    {
    }

    /// <summary>Settings with the given values.</summary>
    public ComplianceSettings(double volumeFraction, ICellFamily cell, FilterKind filter = FilterKind.Sensitivity, double filterRadius = 2.7, ConstraintForm constraint = ConstraintForm.Equality)
    {
        ArgumentNullException.ThrowIfNull(cell);
        VolumeFraction = volumeFraction;
        Cell = cell;
        Filter = filter;
        FilterRadius = filterRadius;
        Constraint = constraint;
    }

    /// <summary>V_t, in (0, 1).</summary>
    public double VolumeFraction { get; init; } = 0.5;

    /// <summary>The cell family: k design fields, their bounds, the solid fraction of the volume constraint (Eq. 12 for the density, Eq. 13 for the hole).</summary>
    public ICellFamily Cell { get; init; } = CellFamilies.Density;

    /// <summary>
    /// Sensitivity filter (the paper's), density filter, or none; applied to each design field. The
    /// sensitivity filter weights by θ/max(10⁻³, θ), which suits densities (void at 0); applied to HBTO
    /// hole sizes, as the paper does, it magnifies the sensitivities of nearly solid cells (θ near 0) up
    /// to a thousandfold: MMA, which drives θ to its bounds, fails with it, and the density filter
    /// (consistent gradients) is the safer choice there.
    /// </summary>
    public FilterKind Filter { get; init; } = FilterKind.Sensitivity;

    /// <summary>Filter radius r in element sides (the paper: 2.7).</summary>
    public double FilterRadius { get; init; } = 2.7;

    /// <summary>Volume constraint as an equality (the paper) or an inequality (for MMA).</summary>
    public ConstraintForm Constraint { get; init; } = ConstraintForm.Equality;

    /// <summary>Throws <see cref="InvalidInputException"/> for a setting that makes no sense.</summary>
    public void Validate()
    {
        if (!(VolumeFraction > 0 && VolumeFraction < 1))
        {
            throw new InvalidInputException($"the volume fraction must lie in (0, 1), not {VolumeFraction}");
        }

        if (Filter != FilterKind.None && (!(FilterRadius > 0) || double.IsInfinity(FilterRadius)))
        {
            throw new InvalidInputException($"the filter radius must be a positive number of elements, not {FilterRadius}");
        }

        if (Cell is null || !Enum.IsDefined(Filter) || !Enum.IsDefined(Constraint))
        {
            throw new InvalidInputException("unknown cell family, filter or constraint form");
        }
    }
}
