using System.Diagnostics;
using System.Runtime.Intrinsics;
using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Materials;

/// <summary>
/// A neural-network material model (Sec. 3.3 of the paper) with the derivative of a chosen method
/// (<c>nnj</c>, <c>cfd</c>, <c>csm</c>, <c>ad</c>, <c>dual</c>; Sec. 2):
/// <code>
///   DBTO (Modulus, 1 → 1):    Cₑ = E_NN(θₑ)·C_solid,        ∂Cₑ/∂θₑ = (dE_NN/dθ)(θₑ)·C_solid
///   HBTO (HoleCell, 2 → 4):   (C11, C12, C22, C33)ₑ = NN(θ₁ₑ, θ₂ₑ),   ∂C_ij/∂θ_k = ∂NN_ij/∂θ_k
/// </code>
/// with C_solid the isotropic tensor of E = 1, ν = 0.3 in plane strain, as in the paper's code. Every
/// entry of C is clamped to [10⁻⁹·C_solid, C_solid] (<see cref="StiffnessBounds.Paper"/>) and the
/// clamped entries are counted. At a clamped entry the derivative is left as the network's own, as
/// the paper's code does: the sensitivities then differ from the derivative of the clamped model
/// there (a Taylor check must keep clear of clamped entries).
/// <para>
/// HBTO only, beyond the paper's code: C12 is also limited to ν/(1 − ν)·√(C11·C22) (0.4286√(C11C22)),
/// the largest coupling of any homogenized hole cell (the solid's; the reference data never exceed
/// it). Near the void corner the entry clamp alone can leave C12 far above √(C11C22), an indefinite
/// tensor and a stiffness matrix that is not positive definite; the paper's LU solve took such
/// matrices silently, our Cholesky refuses them. A limited C12 counts as a clamped entry and keeps
/// the network's derivative, like the other clamped entries.
/// </para>
/// <para>
/// How the work is split and timed: C comes from one batched forward pass (<see cref="Mlp"/>
/// predictions, identical whatever the method, so runs with different methods differ only in
/// ∂C/∂θ); ∂C/∂θ comes from one batched call of the method, which does whatever forward work the
/// method needs (as the paper's <c>dcfun</c> does: NNJ and AD their own forward pass, CFD two
/// predictions per input, CSM a complex one). <see cref="MaterialEvaluation.ModelTime"/> times the
/// prediction and clamp; <see cref="MaterialEvaluation.DerivativeTime"/> times the method's call and
/// the scaling by C_solid, so it is the cost of the sensitivity coefficients of Table 2 for each method.
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

    private NetworkMaterial(NetworkMaterialKind kind, NetworkModel model, string derivative, JacobianOptions? options, PlaneCondition plane)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(derivative);
        var network = model.Network;
        var (inputs, outputs) = kind == NetworkMaterialKind.Modulus ? (1, 1) : (2, 4);
        if (network.InputCount != inputs || network.OutputCount != outputs)
        {
            var need = kind == NetworkMaterialKind.Modulus ? "DBTO needs a network 1 -> 1 (theta -> E)" : "HBTO needs a network 2 -> 4 (theta1, theta2 -> C11, C12, C22, C33)";
            throw new InvalidInputException($"the network has {network.InputCount} input(s) and {network.OutputCount} output(s) ({network.Architecture}); {need}");
        }

        Kind = kind;
        Model = model;
        _method = JacobianMethods.Create(derivative, network, options);
        _predictor = new MlpPredictor<Vector256<double>, RealX4Ops>(network);
        Solid = StiffnessTensor.Isotropic(1, 0.3, plane);
        Bounds = StiffnessBounds.Paper(Solid);
        _unit = [Solid.C11, Solid.C12, Solid.C22, Solid.C33];
        _couplingRatio = Solid.C12 / Math.Sqrt(Solid.C11 * Solid.C22);
    }

    /// <inheritdoc/>
    public string Name => "nn";

    /// <inheritdoc/>
    public int DesignVariablesPerElement => Kind == NetworkMaterialKind.Modulus ? 1 : 2;

    /// <summary>DBTO modulus network or HBTO hole-cell network.</summary>
    public NetworkMaterialKind Kind { get; }

    /// <summary>The network with its names and training record.</summary>
    public NetworkModel Model { get; }

    /// <summary>The derivative method's name (<c>nnj</c>, <c>cfd</c>, <c>csm</c>, <c>ad</c>, <c>dual</c>).</summary>
    public string Derivative => _method.Name;

    /// <summary>C_solid: E = 1, ν = 0.3 (plane strain unless chosen otherwise).</summary>
    public StiffnessTensor Solid { get; }

    /// <summary>
    /// E_ref = 1: the network's stiffness is clamped to the E = 1 tensor <see cref="Solid"/>, so a network
    /// material is nondimensional (trained on E = 1 data as the paper's; data in other units would be
    /// clamped away). The compliance of a run is made nondimensional by the loads alone.
    /// </summary>
    public double ReferenceModulus => 1.0;

    /// <summary>The clamp range [10⁻⁹·C_solid, C_solid].</summary>
    public StiffnessBounds Bounds { get; }

    /// <summary>
    /// DBTO: the network predicts E(θ) (Eq. 14 as learned); C = E·C_solid.
    /// </summary>
    /// <exception cref="InvalidInputException">The network is not 1 → 1, or the method is unknown.</exception>
    public static NetworkMaterial Modulus(NetworkModel model, string derivative, JacobianOptions? options = null, PlaneCondition plane = PlaneCondition.Strain) =>
        new(NetworkMaterialKind.Modulus, model, derivative, options, plane);

    /// <summary>
    /// HBTO: the network predicts the homogenized (C11, C12, C22, C33) of the cell with a centred
    /// rectangular hole of width θ₁ and height θ₂ (Eq. 16 as learned).
    /// </summary>
    /// <exception cref="InvalidInputException">The network is not 2 → 4, or the method is unknown.</exception>
    public static NetworkMaterial HoleCell(NetworkModel model, string derivative, JacobianOptions? options = null, PlaneCondition plane = PlaneCondition.Strain) =>
        new(NetworkMaterialKind.HoleCell, model, derivative, options, plane);

    /// <inheritdoc/>
    public MaterialEvaluation Evaluate(ReadOnlySpan<double> designs, Span<double> stiffness, Span<double> derivatives)
    {
        var k = DesignVariablesPerElement;
        var n = designs.Length / k;
        if (designs.Length != n * k || stiffness.Length != 4 * n || derivatives.Length != 4 * k * n)
        {
            throw new ArgumentException($"{designs.Length} design values need {k} per element, with 4 stiffness entries and {4 * k} derivatives per element");
        }

        var m = Model.Network.OutputCount;
        if (_outputs.Length != m * n)
        {
            _outputs = new double[m * n];
            _jacobian = new double[m * n * k];
        }

        var start = Stopwatch.GetTimestamp();
        _predictor.Predict(designs, _outputs);
        for (var e = 0; e < n; e++)
        {
            for (var t = 0; t < 4; t++)
            {
                stiffness[(4 * e) + t] = Kind == NetworkMaterialKind.Modulus ? _outputs[e] * _unit[t] : _outputs[(4 * e) + t];
            }
        }

        var clamped = Bounds.Clamp(stiffness);
        if (Kind == NetworkMaterialKind.HoleCell)
        {
            clamped += LimitCoupling(stiffness, _couplingRatio);
        }

        var modelTime = Stopwatch.GetElapsedTime(start);

        start = Stopwatch.GetTimestamp();
        if (Kind == NetworkMaterialKind.HoleCell)
        {
            // The method's layout, b·m·n + o·n + i with m = 4, n = 2, is the material layout 4k·e + k·t + j.
            _method.Evaluate(designs, _outputs, derivatives);
        }
        else
        {
            _method.Evaluate(designs, _outputs, _jacobian);
            for (var e = 0; e < n; e++)
            {
                for (var t = 0; t < 4; t++)
                {
                    derivatives[(4 * e) + t] = _jacobian[e] * _unit[t];
                }
            }
        }

        return new MaterialEvaluation(clamped, modelTime, Stopwatch.GetElapsedTime(start));
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

/// <summary>What a <see cref="NetworkMaterial"/>'s network stands for.</summary>
public enum NetworkMaterialKind
{
    /// <summary>DBTO: θ → E(θ), one input, one output (the SIMP surrogate).</summary>
    Modulus,

    /// <summary>HBTO: (θ₁, θ₂) → (C11, C12, C22, C33), two inputs, four outputs (the hole-cell surrogate).</summary>
    HoleCell,
}
