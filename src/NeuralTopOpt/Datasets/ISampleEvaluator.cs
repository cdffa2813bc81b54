using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Nn.Examples;

namespace NeuralTopOpt.Datasets;

/// <summary>Computes the targets of one sample. One instance per thread; instances are not thread-safe.</summary>
internal interface ISampleEvaluator
{
    /// <summary>Writes the outputs of the sample at <paramref name="point"/>.</summary>
    void Evaluate(ReadOnlySpan<double> point, Span<double> outputs);
}

/// <summary>The hole cell: (θ₁, θ₂) → C11, C12, C22, C13, C23, C33 by homogenization (Eq. 16).</summary>
internal sealed class HoleCellEvaluator(PeriodicCellMesh mesh) : ISampleEvaluator
{
    private readonly CellHomogenizer _homogenizer = new(mesh) { MaxDegreeOfParallelism = 1 };

    public void Evaluate(ReadOnlySpan<double> point, Span<double> outputs) =>
        _homogenizer.HomogenizeHole(point[0], point[1]).ReferenceOrder().CopyTo(outputs);
}

/// <summary>SIMP: θ → E(θ) of Eq. (14).</summary>
internal sealed class SimpEvaluator : ISampleEvaluator
{
    public void Evaluate(ReadOnlySpan<double> point, Span<double> outputs) => outputs[0] = SimpModulus.Value(point[0]);
}
