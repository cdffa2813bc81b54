using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Nn;

namespace NeuralTopOpt.Materials;

/// <summary>
/// Where a material model comes from, before a cell family turns it into an <see cref="IMaterialModel"/>
/// (<see cref="Cells.ICellFamily.CreateMaterial"/>): the SIMP law, a trained network with a derivative
/// method, or a model of the caller's. The command line's <c>--material simp|nn</c> maps onto these.
/// </summary>
public abstract record MaterialSource
{
    private protected MaterialSource()
    {
    }

    /// <summary>The name on the command line and in result files (<c>simp</c>, <c>nn</c>, or the model's).</summary>
    public abstract string Name { get; }

    /// <summary>How ∂C/∂θ is obtained (<c>analytic</c>, or the derivative method's name).</summary>
    public abstract string Derivative { get; }

    /// <summary>
    /// C_solid of the SIMP law and of a modulus network (C = E·C_solid), and the top of the clamp range: the
    /// exact tensor (default) or the paper's four-digit one. Not for a model of the caller's.
    /// </summary>
    public SolidTensor SolidTensor { get; init; } = SolidTensor.Exact;

    /// <summary>How a network's tensors are clamped: ours (default, positive definite) or the paper's (entries only). Not for a model of the caller's.</summary>
    public StiffnessClamp Clamp { get; init; } = StiffnessClamp.PositiveDefinite;

    /// <summary>The SIMP law of Eq. (14) with penalty p.</summary>
    public static MaterialSource Simp(double penalty = 3) => new SimpSource(penalty);

    /// <summary>A trained network differentiated by <paramref name="method"/> (bound to the network).</summary>
    /// <exception cref="InvalidInputException">The method belongs to another network.</exception>
    public static MaterialSource Network(NetworkModel model, IJacobianMethod method) => new NetworkSource(model, method);

    /// <summary>A trained network differentiated by the method called <paramref name="method"/> (<c>nnj</c>, <c>cfd</c>, <c>csm</c>, <c>ad</c>, <c>dual</c>).</summary>
    public static MaterialSource Network(NetworkModel model, string method, JacobianOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return new NetworkSource(model, JacobianMethods.Create(method, model.Network, options));
    }

    /// <summary>A material model of the caller's, used as it is.</summary>
    public static MaterialSource Custom(IMaterialModel model) => new ModelSource(model);
}

/// <summary>The SIMP law (<see cref="SimpMaterial"/>) with its penalty.</summary>
/// <param name="Penalty">p ≥ 1.</param>
public sealed record SimpSource(double Penalty) : MaterialSource
{
    /// <inheritdoc/>
    public override string Name => "simp";

    /// <inheritdoc/>
    public override string Derivative => "analytic";
}

/// <summary>A trained network and the derivative method bound to it.</summary>
public sealed record NetworkSource : MaterialSource
{
    /// <summary>Checks that <paramref name="method"/> differentiates <paramref name="model"/>'s network.</summary>
    public NetworkSource(NetworkModel model, IJacobianMethod method)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(method);
        if (!ReferenceEquals(method.Network, model.Network))
        {
            throw new InvalidInputException($"the derivative method '{method.Name}' is bound to another network than the model's");
        }

        Model = model;
        Method = method;
    }

    /// <summary>The network with its names and training record.</summary>
    public NetworkModel Model { get; }

    /// <summary>The derivative method object.</summary>
    public IJacobianMethod Method { get; }

    /// <inheritdoc/>
    public override string Name => "nn";

    /// <inheritdoc/>
    public override string Derivative => Method.Name;
}

/// <summary>A material model of the caller's (an exact homogenized cell, a test model).</summary>
/// <param name="Material">The model.</param>
public sealed record ModelSource(IMaterialModel Material) : MaterialSource
{
    /// <inheritdoc/>
    public override string Name => Material.Name;

    /// <inheritdoc/>
    public override string Derivative => "analytic";
}
