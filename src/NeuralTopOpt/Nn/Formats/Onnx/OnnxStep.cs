namespace NeuralTopOpt.Nn.Formats.Onnx;

/// <summary>An element-wise operation of the chain with a constant: x ∘ c (or c ∘ x when <see cref="ConstantFirst"/>).</summary>
/// <param name="Op">Add, Sub, Mul or Div.</param>
/// <param name="Values">The constant, one value per feature (a scalar is repeated).</param>
/// <param name="ConstantFirst">True for c ∘ x.</param>
/// <param name="Node">The node's name, for messages.</param>
internal sealed record OnnxElementwise(string Op, double[] Values, bool ConstantFirst, string Node);

/// <summary>One step of a dense network's ONNX chain: an element-wise operation, a dense layer or an activation.</summary>
internal abstract record OnnxStep(string Node)
{
    /// <summary>x ∘ c per feature.</summary>
    public sealed record Elementwise(OnnxElementwise Operation) : OnnxStep(Operation.Node);

    /// <summary>y = x·Wᵀ (+ b): <paramref name="Weights"/> outputs × inputs (ours), <paramref name="Biases"/> or null.</summary>
    public sealed record Dense(int Inputs, int Outputs, double[] Weights, double[]? Biases, string Name) : OnnxStep(Name);

    /// <summary>y = F(x).</summary>
    public sealed record Activate(Activation Function, string Name) : OnnxStep(Name);

    /// <summary>Exp or Log: only read as part of softplus, log(exp(x) + 1).</summary>
    public sealed record Elementary(string Op, string Name) : OnnxStep(Name);
}
