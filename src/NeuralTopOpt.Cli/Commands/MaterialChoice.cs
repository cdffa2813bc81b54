using System.CommandLine;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// The mapping of <c>--cell</c>, <c>--material</c>, <c>--model</c> and <c>--derivative</c> onto a cell family and
/// a <see cref="MaterialSource"/>, shared by <c>ntopo optimize</c> and <c>ntopo check-gradient</c>. Only the
/// command-line rules live here (which option goes with which); what fits a cell family is the family's
/// (<see cref="ICellFamily.CreateMaterial"/>, checked by <see cref="Optimization.Topology.TopologySetup"/>).
/// </summary>
internal static class MaterialChoice
{
    /// <summary>A <c>--cell NAME</c> option with the registered names (and a default, or none).</summary>
    public static Option<string?> CellOption(string? defaultCell, string description)
    {
        var option = new Option<string?>("--cell")
        {
            Description = $"{description} One of: {string.Join(", ", CellFamilies.Names)} (see 'ntopo cells').",
            Required = defaultCell is null,
        };
        if (defaultCell is not null)
        {
            option.DefaultValueFactory = _ => defaultCell;
        }

        option.AcceptOnlyFromAmong([.. CellFamilies.Names]);
        return option;
    }

    /// <summary>
    /// The material source of <c>--material</c> (<c>simp</c> or <c>nn</c>), <c>--model FILE</c> and <c>--derivative</c>
    /// (default <c>nnj</c> for a network, <c>analytic</c> for SIMP), checked before the model file is read.
    /// </summary>
    public static (MaterialSource Source, NetworkModel? Network) Map(string material, string? modelPath, string? derivative, double penalty)
    {
        if (material == "nn" && modelPath is null)
        {
            throw new UsageException("--material nn needs --model FILE (a network trained with 'ntopo train')");
        }

        if (material == "simp" && modelPath is not null)
        {
            throw new UsageException("--model is only used with --material nn");
        }

        var method = derivative ?? (material == "nn" ? "nnj" : "analytic");
        if (material == "simp" && method != "analytic")
        {
            throw new UsageException($"--derivative {method} applies to --material nn; the SIMP model has its exact derivative (--derivative analytic)");
        }

        if (material == "nn" && method == "analytic")
        {
            throw new UsageException("--derivative analytic is the SIMP model's; a network takes nnj, cfd, csm, ad or dual");
        }

        if (material == "simp")
        {
            return (MaterialSource.Simp(penalty), null);
        }

        var network = ModelFile.Load(modelPath!);
        return (MaterialSource.Network(network, method), network);
    }

    /// <summary>
    /// <see cref="TopologySetup.Validate"/> with the command line's exit codes: choices that do not go together
    /// (<see cref="IncompatibleChoicesException"/>) are usage errors (exit 2), bad values input errors (exit 1).
    /// </summary>
    public static void Validate(TopologySetup setup) => AsUsage(setup.Validate);

    /// <summary><see cref="TopologySetup.Build"/> with the exit codes of <see cref="Validate"/>.</summary>
    public static TopologyRunSetup Build(TopologySetup setup)
    {
        TopologyRunSetup? built = null;
        AsUsage(() => built = setup.Build());
        return built!;
    }

    /// <summary><see cref="TopologySetup.BuildProblem"/> with the exit codes of <see cref="Validate"/>.</summary>
    public static ComplianceProblem BuildProblem(TopologySetup setup)
    {
        ComplianceProblem? built = null;
        AsUsage(() => built = setup.BuildProblem());
        return built!;
    }

    private static void AsUsage(Action action)
    {
        try
        {
            action();
        }
        catch (IncompatibleChoicesException e)
        {
            throw new UsageException(e.Message);
        }
    }
}
