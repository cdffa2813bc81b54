using NeuralTopOpt.Fem.Filters;

namespace NeuralTopOpt.Optimization.Topology;

/// <summary>The settings of a minimum-compliance problem (Eq. 9 of the paper).</summary>
/// <param name="VolumeFraction">V_t, in (0, 1).</param>
/// <param name="Measure">DBTO density or HBTO hole cell; fixes k and the volume constraint.</param>
/// <param name="Filter">
/// Sensitivity filter (the paper's), density filter, or none; applied to each design field. The
/// sensitivity filter weights by θ/max(10⁻³, θ), which suits densities (void at 0); applied to HBTO
/// hole sizes, as the paper does, it magnifies the sensitivities of nearly solid cells (θ near 0) up
/// to a thousandfold: MMA, which drives θ to its bounds, fails with it, and the density filter
/// (consistent gradients) is the safer choice there.
/// </param>
/// <param name="FilterRadius">Filter radius r in element sides (the paper: 2.7).</param>
/// <param name="Constraint">Volume constraint as an equality (the paper) or an inequality (for MMA).</param>
public sealed record ComplianceSettings(
    double VolumeFraction = 0.5,
    VolumeMeasure Measure = VolumeMeasure.Density,
    FilterKind Filter = FilterKind.Sensitivity,
    double FilterRadius = 2.7,
    ConstraintForm Constraint = ConstraintForm.Equality)
{
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

        if (!Enum.IsDefined(Measure) || !Enum.IsDefined(Filter) || !Enum.IsDefined(Constraint))
        {
            throw new InvalidInputException("unknown volume measure, filter or constraint form");
        }
    }
}
