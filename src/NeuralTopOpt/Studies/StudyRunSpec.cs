using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Studies;

/// <summary>The two topology optimization methods of the paper.</summary>
public enum StudyFormulation
{
    /// <summary>Density-based (Sec. 4.2): one density per element, the SIMP surrogate θ → E.</summary>
    Dbto,

    /// <summary>Homogenization-based (Sec. 4.3): hole width and height per element, the cell surrogate θ → C^H.</summary>
    Hbto,
}

/// <summary>
/// One optimization of the study on the paper's MBB beam: which material model (SIMP, or a network
/// with a derivative method), which optimizer and which filter. The rest (mesh, V_t, r, tolerance)
/// comes from <see cref="StudyOptions"/>.
/// </summary>
/// <param name="Key">Cache key and file name, e.g. <c>dbto-nnj</c>.</param>
/// <param name="Label">Name in figures and tables, e.g. <c>NNJ</c>.</param>
/// <param name="Formulation">DBTO or HBTO.</param>
/// <param name="Network">Key of the network (<see cref="StudyNetworkSpec.Key"/>), or null for the SIMP model (DBTO only).</param>
/// <param name="Derivative"><c>analytic</c> for SIMP; <c>nnj</c>, <c>cfd</c>, <c>csm</c>, <c>ad</c> or <c>dual</c> for a network.</param>
/// <param name="Optimizer"><c>trust-region</c> (the paper's), <c>mma</c> or <c>oc</c> (<see cref="TopologyOptimizers"/>).</param>
/// <param name="Filter">The paper's sensitivity filter, or the density filter.</param>
public sealed record StudyRunSpec(
    string Key,
    string Label,
    StudyFormulation Formulation,
    string? Network,
    string Derivative,
    string Optimizer = "trust-region",
    FilterKind Filter = FilterKind.Sensitivity)
{
    /// <summary>The volume measure of the formulation.</summary>
    public VolumeMeasure Measure => Formulation == StudyFormulation.Dbto ? VolumeMeasure.Density : VolumeMeasure.RectangularHole;

    /// <summary>MMA takes the volume as an inequality; trust-region and OC as the paper's equality.</summary>
    public ConstraintForm Constraint => Optimizer == "mma" ? ConstraintForm.Inequality : ConstraintForm.Equality;

    /// <summary>True for the paper's setting: trust-region with the sensitivity filter.</summary>
    public bool IsPaperSetting => Optimizer == "trust-region" && Filter == FilterKind.Sensitivity;

    /// <summary>Throws <see cref="InvalidInputException"/> for a combination the study cannot run.</summary>
    public void Validate()
    {
        if (Network is null && (Formulation != StudyFormulation.Dbto || Derivative != "analytic"))
        {
            throw new InvalidInputException($"study run '{Key}': the SIMP model is a DBTO model with the analytic derivative");
        }

        if (Network is not null && !Derivatives.JacobianMethods.Names.Contains(Derivative))
        {
            throw new InvalidInputException($"study run '{Key}': unknown derivative method '{Derivative}'");
        }

        if (!TopologyOptimizers.Names.Contains(Optimizer) || (Optimizer == "oc" && Formulation == StudyFormulation.Hbto))
        {
            throw new InvalidInputException($"study run '{Key}': optimizer '{Optimizer}' is not available for {Formulation}");
        }
    }
}
