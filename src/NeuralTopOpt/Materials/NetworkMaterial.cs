using System.Runtime.Intrinsics;
using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Materials;

/// <summary>
/// A neural-network material model (Sec. 3.3 of the paper) with the derivative of a method object
/// (<see cref="IJacobianMethod"/>: <c>nnj</c>, <c>cfd</c>, <c>csm</c>, <c>ad</c>, <c>dual</c>; Sec. 2),
/// for a network of k design variables to either a modulus or an orthotropic tensor:
/// <code>
///   Modulus (k → 1):        Cₑ = E_NN(θₑ)·C_solid,                 ∂Cₑ/∂θₑ = (∂E_NN/∂θ)(θₑ)·C_solid      (DBTO)
///   Orthotropic (k → 4):    (C11, C12, C22, C33)ₑ = NN(θₑ),          ∂C_ij/∂θ_j = ∂NN_ij/∂θ_j              (HBTO)
/// </code>
/// with C_solid the isotropic tensor of E = 1, ν = 0.3 in plane strain (exact, or the paper's code's
/// four-digit rounding, <see cref="SolidTensor"/>). Every
/// entry of C is clamped to [10⁻⁹·C_solid, C_solid] (<see cref="StiffnessBounds.Paper"/>) and the
/// clamped entries are counted. At a clamped entry the derivative is left as the network's own, as
/// the paper's code does: the sensitivities then differ from the derivative of the clamped model
/// there (a Taylor check must keep clear of clamped entries).
/// <para>
/// Orthotropic only, beyond the paper's code, unless the clamp is <see cref="StiffnessClamp.Paper"/>: C12 is also limited to ν/(1 − ν)·√(C11·C22) (0.4286√(C11C22)),
/// the largest coupling of any homogenized hole cell (the solid's; the reference data never exceed
/// it). Near the void corner the entry clamp alone can leave C12 far above √(C11C22), an indefinite
/// tensor and a stiffness matrix that is not positive definite; the paper's LU solve took such
/// matrices silently, our Cholesky refuses them. A limited C12 counts as a clamped entry and keeps
/// the network's derivative, like the other clamped entries.
/// </para>
/// <para>
/// How the work is split: C comes from one batched forward pass (<see cref="Mlp"/> predictions,
/// identical whatever the method, so runs with different methods differ only in ∂C/∂θ); ∂C/∂θ comes
/// from one batched call of the method, which does whatever forward work the method needs (as the
/// paper's <c>dcfun</c> does: NNJ and AD their own forward pass, CFD two predictions per input, CSM a
/// complex one). Timing the <see cref="Derivatives"/> call alone gives the cost of the sensitivity
/// coefficients of Table 2 for each method.
/// </para>
/// Not thread-safe (the method and the buffers are reused); one instance per thread.
/// </summary>
public sealed class NetworkMaterial : IMaterialModel
{
    private readonly IJacobianMethod _method;
    private readonly MlpPredictor<Vector256<double>, RealX4Ops> _predictor;
    private readonly double[] _unit;
    private readonly double _couplingRatio;
    private double[] _outputs = [];
    private double[] _jacobian = [];

    /// <summary>
    /// The model of <paramref name="model"/>'s network differentiated by <paramref name="method"/> (bound to
    /// that network), its outputs read as <paramref name="outputs"/>.
    /// </summary>
    /// <exception cref="InvalidInputException">The method belongs to another network, the network has not the outputs of <paramref name="outputs"/>, or the paper's solid tensor in plane stress.</exception>
    public NetworkMaterial(
        NetworkModel model,
        IJacobianMethod method,
        NetworkOutputs outputs,
        PlaneCondition plane = PlaneCondition.Strain,
        SolidTensor solid = SolidTensor.Exact,
        StiffnessClamp clamp = StiffnessClamp.PositiveDefinite)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(method);
        var network = model.Network;
        if (!ReferenceEquals(method.Network, network))
        {
            throw new InvalidInputException($"the derivative method '{method.Name}' is bound to another network than the model's");
        }

        if (network.OutputCount != outputs.Count())
        {
            throw new InvalidInputException($"the network has {network.OutputCount} output(s) ({network.Architecture}); a {outputs.ToString().ToLowerInvariant()} material needs {outputs.Count()}");
        }

        Outputs = outputs;
        Model = model;
        _method = method;
        _predictor = new MlpPredictor<Vector256<double>, RealX4Ops>(network);
        Solid = solid.Solid(plane);
        Clamp = clamp;
        Bounds = StiffnessBounds.Paper(Solid);
        _unit = [Solid.C11, Solid.C12, Solid.C22, Solid.C33];
        _couplingRatio = Solid.C12 / Math.Sqrt(Solid.C11 * Solid.C22);
    }

    /// <inheritdoc/>
    public string Name => "nn";

    /// <inheritdoc/>
    public int DesignVariablesPerElement => Model.Network.InputCount;

    /// <inheritdoc/>
    public int StiffnessEntries => 4;

    /// <summary>What the network's outputs are: a modulus or the orthotropic entries.</summary>
    public NetworkOutputs Outputs { get; }

    /// <summary>The network with its names and training record.</summary>
    public NetworkModel Model { get; }

    /// <summary>The derivative method.</summary>
    public IJacobianMethod Method => _method;

    /// <summary>The derivative method's name (<c>nnj</c>, <c>cfd</c>, <c>csm</c>, <c>ad</c>, <c>dual</c>).</summary>
    public string Derivative => _method.Name;

    /// <summary>C_solid: E = 1, ν = 0.3 (plane strain unless chosen otherwise; exact or the paper's four digits).</summary>
    public StiffnessTensor Solid { get; }

    /// <summary>Ours (entries and the C12 limit) or the paper's (entries only).</summary>
    public StiffnessClamp Clamp { get; }

    /// <summary>
    /// E_ref = 1: the network's stiffness is clamped to the E = 1 tensor <see cref="Solid"/>, so a network
    /// material is nondimensional (trained on E = 1 data as the paper's; data in other units would be
    /// clamped away). The compliance of a run is made nondimensional by the loads alone.
    /// </summary>
    public double ReferenceModulus => 1.0;

    /// <summary>The clamp range [10⁻⁹·C_solid, C_solid].</summary>
    public StiffnessBounds Bounds { get; }

    /// <summary>A network θ → E(θ) (Eq. 14 as learned, DBTO); C = E·C_solid.</summary>
    public static NetworkMaterial Modulus(NetworkModel model, IJacobianMethod method, PlaneCondition plane = PlaneCondition.Strain) =>
        new(model, method, NetworkOutputs.Modulus, plane);

    /// <summary>A network θ → (C11, C12, C22, C33) of a homogenized cell (Eq. 16 as learned, HBTO).</summary>
    public static NetworkMaterial Orthotropic(NetworkModel model, IJacobianMethod method, PlaneCondition plane = PlaneCondition.Strain) =>
        new(model, method, NetworkOutputs.Orthotropic, plane);

    /// <inheritdoc/>
    public int Stiffness(ReadOnlySpan<double> designs, Span<double> stiffness)
    {
        var n = this.CheckLengths(designs.Length, stiffness.Length);
        var m = Model.Network.OutputCount;
        if (_outputs.Length != m * n)
        {
            _outputs = new double[m * n];
            _jacobian = new double[m * n * DesignVariablesPerElement];
        }

        _predictor.Predict(designs, _outputs);
        for (var e = 0; e < n; e++)
        {
            for (var t = 0; t < 4; t++)
            {
                stiffness[(4 * e) + t] = Outputs == NetworkOutputs.Modulus ? _outputs[e] * _unit[t] : _outputs[(4 * e) + t];
            }
        }

        var clamped = Bounds.Clamp(stiffness);
        if (Outputs == NetworkOutputs.Orthotropic && Clamp == StiffnessClamp.PositiveDefinite)
        {
            clamped += LimitCoupling(stiffness, _couplingRatio);
        }

        return clamped;
    }

    /// <inheritdoc/>
    public void Derivatives(ReadOnlySpan<double> designs, Span<double> derivatives)
    {
        var k = DesignVariablesPerElement;
        var n = this.CheckLengths(designs.Length, 4 * (designs.Length / k), derivatives.Length);
        var m = Model.Network.OutputCount;
        if (_outputs.Length != m * n)
        {
            _outputs = new double[m * n];
            _jacobian = new double[m * n * k];
        }

        if (Outputs == NetworkOutputs.Orthotropic)
        {
            // The method's layout, b·m·n + o·n + i with m = 4 outputs, is the material layout 4k·e + k·t + j.
            _method.Evaluate(designs, _outputs, derivatives);
            return;
        }

        _method.Evaluate(designs, _outputs, _jacobian);
        for (var e = 0; e < n; e++)
        {
            for (var t = 0; t < 4; t++)
            {
                for (var j = 0; j < k; j++)
                {
                    derivatives[(4 * k * e) + (k * t) + j] = _jacobian[(k * e) + j] * _unit[t];
                }
            }
        }
    }

    /// <summary>
    /// C12 ← min(C12, ratio·√(C11·C22)) for every element (n × 4 entries C11, C12, C22, C33); returns
    /// how many were lowered.
    /// </summary>
    internal static int LimitCoupling(Span<double> stiffness, double ratio)
    {
        var limited = 0;
        for (var e = 0; e < stiffness.Length; e += 4)
        {
            var limit = ratio * Math.Sqrt(stiffness[e] * stiffness[e + 2]);
            if (stiffness[e + 1] > limit)
            {
                stiffness[e + 1] = limit;
                limited++;
            }
        }

        return limited;
    }
}

/// <summary>What a <see cref="NetworkMaterial"/>'s network outputs are.</summary>
public enum NetworkOutputs
{
    /// <summary>One output, the modulus E: C = E·C_solid (the SIMP surrogate of DBTO).</summary>
    Modulus,

    /// <summary>Four outputs, C11, C12, C22, C33 of an orthotropic homogenized cell (the hole-cell surrogate of HBTO).</summary>
    Orthotropic,
}

/// <summary>Facts about <see cref="NetworkOutputs"/>.</summary>
public static class NetworkOutputsExtensions
{
    /// <summary>The number of network outputs: 1 or 4.</summary>
    public static int Count(this NetworkOutputs outputs) => outputs == NetworkOutputs.Modulus ? 1 : 4;
}
