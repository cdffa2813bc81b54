using System.CommandLine;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Nn;

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
            throw new InvalidInputException("--material nn needs --model FILE (a network trained with 'ntopo train')");
        }

        if (material == "simp" && modelPath is not null)
        {
            throw new InvalidInputException("--model is only used with --material nn");
        }

        var method = derivative ?? (material == "nn" ? "nnj" : "analytic");
        if (material == "simp" && method != "analytic")
        {
            throw new InvalidInputException($"--derivative {method} applies to --material nn; the SIMP model has its exact derivative (--derivative analytic)");
        }

        if (material == "nn" && method == "analytic")
        {
            throw new InvalidInputException("--derivative analytic is the SIMP model's; a network takes nnj, cfd, csm, ad or dual");
        }

        if (material == "simp")
        {
            return (MaterialSource.Simp(penalty), null);
        }

        var network = ModelFile.Load(modelPath!);
        return (MaterialSource.Network(network, method), network);
    }
}
