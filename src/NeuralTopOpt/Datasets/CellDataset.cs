using NeuralTopOpt.Cells;
using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Datasets;

/// <summary>
/// The training data of a cell family's network: the columns, the description written into the files
/// and how one sample's targets are computed.
/// </summary>
/// <param name="Kind">The <c># kind:</c> of dataset files (<c>hole</c>, <c>simp</c>, …).</param>
/// <param name="Description">The first comment line of dataset files.</param>
/// <param name="Inputs">Input columns (the design fields the network takes).</param>
/// <param name="Outputs">Target columns.</param>
/// <param name="UsesResolution">True when the targets depend on a cell resolution (homogenized cells).</param>
/// <param name="Evaluators">For a resolution, a factory of workers (one per thread) computing one sample's targets.</param>
public sealed record CellDataset(
    string Kind, string Description, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, bool UsesResolution, Func<int, Func<ISampleEvaluator>> Evaluators)
{
    /// <summary>The columns of C^H in the order of the paper's reference data.</summary>
    public static IReadOnlyList<string> HomogenizedOutputs { get; } = ["C11", "C12", "C22", "C13", "C23", "C33"];

    /// <summary>
    /// C^H (Eq. 16) of <paramref name="cell"/>'s rasterized cell at each sample of its k fields (Latin hypercube
    /// samples of [0, 1)ᵏ: every field must be a fraction), all six entries in the order of the reference data;
    /// inputs are the field names.
    /// </summary>
    /// <exception cref="ArgumentException">A field with bounds other than [0, 1] (its samples would need rescaling).</exception>
    public static CellDataset Homogenized(ICellFamily cell)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (cell.Parameters.Any(p => p.Lower != 0 || p.Upper != 1))
        {
            throw new ArgumentException($"the {cell.Name} cell has a field outside [0, 1]; give it a dataset of its own", nameof(cell));
        }

        return new CellDataset(
            cell.Name,
            $"ntopo dataset {cell.Name}: C^H of {cell.Description} (Eq. 16), plane strain, E = 1, nu = 0.3, void 1e-9",
            [.. cell.Parameters.Select(p => p.Name)],
            HomogenizedOutputs,
            UsesResolution: true,
            resolution =>
            {
                var mesh = PeriodicCellMesh.Create(resolution);
                var memo = new HomogenizationMemo();
                return () => new HomogenizedCellEvaluator(cell, mesh, memo);
            });
    }
}
