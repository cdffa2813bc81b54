using NeuralTopOpt.Cells;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Nn.Examples;

namespace NeuralTopOpt.Datasets;

/// <summary>Computes the targets of one sample. One instance per thread; instances are not thread-safe.</summary>
public interface ISampleEvaluator
{
    /// <summary>Writes the outputs of the sample at <paramref name="point"/>.</summary>
    void Evaluate(ReadOnlySpan<double> point, Span<double> outputs);
}

/// <summary>
/// A cell family's sample: the parameters (a point of the unit hypercube) → C11, C12, C22, C13, C23, C33
/// of the rasterized cell by homogenization (Eq. 16). The evaluators of one run share
/// <paramref name="memo"/>, so a cell drawn again (many samples raster to the same pixels) is computed once.
/// </summary>
internal sealed class HomogenizedCellEvaluator(ICellFamily cell, PeriodicCellMesh mesh, HomogenizationMemo? memo = null) : ISampleEvaluator
{
    private readonly CellHomogenizer _homogenizer = new(mesh) { MaxDegreeOfParallelism = 1, Memo = memo };
    private readonly double[] _densities = new double[mesh.ElementCount];

    public void Evaluate(ReadOnlySpan<double> point, Span<double> outputs)
    {
        cell.Homogenize(_homogenizer, point, _densities).ReferenceOrder().CopyTo(outputs);
    }
}

/// <summary>SIMP: θ → E(θ) of Eq. (14).</summary>
internal sealed class SimpEvaluator : ISampleEvaluator
{
    public void Evaluate(ReadOnlySpan<double> point, Span<double> outputs) => outputs[0] = SimpModulus.Value(point[0]);
}
