using System.Text.Json.Serialization;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Studies;

/// <summary>
/// One optimization of the study on the paper's MBB beam: which cell family, which material model (SIMP,
/// or a network with a derivative method), which optimizer and which filter. The rest (mesh, V_t, r,
/// tolerance, iteration caps) comes from <see cref="StudyOptions"/>; the run is built through
/// <see cref="TopologySetup"/>, as <c>ntopo optimize</c> builds its runs.
/// </summary>
/// <param name="Key">Cache key and file name, e.g. <c>dbto-nnj</c>.</param>
/// <param name="Label">Name in figures and tables, e.g. <c>NNJ</c>.</param>
/// <param name="Cell">The cell family's name (<see cref="CellFamilies"/>): <c>density</c> for DBTO, <c>hole</c> for the paper's HBTO.</param>
/// <param name="Network">Key of the network (<see cref="StudyNetworkSpec.Key"/>), or null for the SIMP model (density only).</param>
/// <param name="Derivative"><c>analytic</c> for SIMP; <c>nnj</c>, <c>cfd</c>, <c>csm</c>, <c>ad</c> or <c>dual</c> for a network.</param>
/// <param name="Optimizer"><c>trust-region</c> (the paper's), <c>mma</c> or <c>oc</c> (<see cref="TopologyOptimizers"/>).</param>
/// <param name="Filter">The paper's sensitivity filter, or the density filter.</param>
/// <param name="Hessian">The trust-region Hessian, or null for <c>auto</c>.</param>
public sealed record StudyRunSpec(
    string Key,
    string Label,
    string Cell,
    string? Network,
    string Derivative,
    string Optimizer = "trust-region",
    FilterKind Filter = FilterKind.Sensitivity,
    string? Hessian = null)
{
    /// <summary>The cell family.</summary>
    [JsonIgnore]
    public ICellFamily Family => CellFamilies.Find(Cell);

    /// <summary>True for the paper's setting: trust-region with the sensitivity filter.</summary>
    public bool IsPaperSetting => Optimizer == "trust-region" && Filter == FilterKind.Sensitivity;

    /// <summary>
    /// The run as a <see cref="TopologySetup"/> on the study's half MBB beam with <paramref name="material"/>
    /// (null while only validating), capped at <paramref name="maxIterations"/>; trust-region takes the study's
    /// tolerance, MMA and OC their own (<see cref="TopologyOptimizers.Stopping"/>).
    /// </summary>
    public TopologySetup Setup(StudyOptions options, MaterialSource? material, int maxIterations)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TopologySetup
        {
            Problem = StandardProblems.HalfMbb(options.Nelx, options.Nely),
            Cell = Family,
            Material = material,
            VolumeFraction = options.VolumeFraction,
            Filter = Filter,
            FilterRadius = options.FilterRadius,
            Optimizer = Optimizer,
            Hessian = Hessian,
            MaxIterations = maxIterations,
            Tolerance = Optimizer == "trust-region" ? options.Tolerance : null,
        };
    }

    /// <summary>Throws <see cref="InvalidInputException"/> for a combination the study cannot run.</summary>
    public void Validate(StudyOptions options)
    {
        if (Network is null && Derivative != "analytic")
        {
            throw new InvalidInputException($"study run '{Key}': the SIMP model has the analytic derivative");
        }

        if (Network is not null && !Derivatives.JacobianMethods.Names.Contains(Derivative))
        {
            throw new InvalidInputException($"study run '{Key}': unknown derivative method '{Derivative}'");
        }

        try
        {
            Setup(options, Network is null ? MaterialSource.Simp() : null, 1).Validate();
        }
        catch (InvalidInputException e)
        {
            throw new InvalidInputException($"study run '{Key}': {e.Message}");
        }
    }
}
