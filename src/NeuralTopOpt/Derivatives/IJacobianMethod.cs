using NeuralTopOpt.Nn;

namespace NeuralTopOpt.Derivatives;

/// <summary>
/// A way to differentiate a network's outputs with respect to its inputs (Sec. 2 of the paper):
/// <c>nnj</c>, <c>cfd</c>, <c>csm</c>, <c>ad</c> or <c>dual</c>, created by <see cref="JacobianMethods.Create"/>.
/// One call evaluates a whole batch, outputs and Jacobian together.
/// </summary>
/// <remarks>
/// Layouts, all row-major and owned by the caller: inputs batch × n (sample b at [b·n, b·n + n)),
/// outputs batch × m, Jacobian batch × m × n with ∂y_o/∂x_i of sample b at <c>b·m·n + o·n + i</c>.
/// An instance keeps workspaces between calls, so repeated calls of one batch size allocate nothing;
/// it is not thread-safe (use one per thread).
/// </remarks>
public interface IJacobianMethod
{
    /// <summary>The method's name (<c>nnj</c>, <c>cfd</c>, <c>csm</c>, <c>ad</c>, <c>dual</c>).</summary>
    string Name { get; }

    /// <summary>The network differentiated.</summary>
    Mlp Network { get; }

    /// <summary>Evaluates y(x) and ∂y/∂x for every sample of <paramref name="inputs"/>.</summary>
    /// <exception cref="InvalidInputException">An input is NaN or infinite, or the inputs are not whole samples.</exception>
    /// <exception cref="ArgumentException">An output span has the wrong length for the batch.</exception>
    void Evaluate(ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> jacobian);
}

/// <summary>Validation shared by every method: whole samples of finite inputs, output spans of the batch's size.</summary>
public abstract class JacobianMethod : IJacobianMethod
{
    /// <summary>Binds the method to <paramref name="network"/>.</summary>
    protected JacobianMethod(string name, Mlp network)
    {
        ArgumentNullException.ThrowIfNull(network);
        Name = name;
        Network = network;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public Mlp Network { get; }

    /// <inheritdoc/>
    public void Evaluate(ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> jacobian)
    {
        var batch = Network.BatchSize(inputs, outputs.Length, Network.OutputCount);
        var expected = batch * Network.OutputCount * Network.InputCount;
        if (jacobian.Length != expected)
        {
            throw new ArgumentException($"the Jacobian span holds {jacobian.Length} values; {batch} samples need {expected}");
        }

        if (batch > 0)
        {
            Compute(batch, inputs, outputs, jacobian);
        }
    }

    /// <summary>Computes a validated, non-empty batch.</summary>
    protected abstract void Compute(int batch, ReadOnlySpan<double> inputs, Span<double> outputs, Span<double> jacobian);
}
