using NeuralTopOpt.Optimization.Mma;
using NeuralTopOpt.Optimization.QuasiNewton;
using NeuralTopOpt.Optimization.TrustRegion;

namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// The optimizers of the topology problems by name, set up as the paper ran them (trust-region) or as
/// their classic codes do (MMA, OC), with the stopping criteria that go with them. <c>ntopo optimize</c>
/// and the study build their optimizers here, so both run the same method.
/// </summary>
public static class TopologyOptimizers
{
    /// <summary>Names accepted by <see cref="Create"/>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["trust-region", "mma", "oc"];

    /// <summary>
    /// Largest problem for which <c>auto</c> picks the dense BFGS Hessian: n(n+1)/2 doubles, 144 MB at
    /// this size (both paper problems at 60×30 and the rotated hole's three fields, 5,400 variables);
    /// above it the limited-memory Hessian is used.
    /// </summary>
    public const int DenseHessianLimit = 6_000;

    /// <summary>
    /// The trust-region Hessian for <paramref name="variableCount"/> variables: <c>bfgs</c> (dense,
    /// updates skipped when the curvature condition fails — SciPy's default for <c>trust-constr</c>,
    /// which the paper used), <c>lbfgs</c> (limited memory, damped), or <c>auto</c> (dense up to
    /// <see cref="DenseHessianLimit"/> variables, limited memory above).
    /// </summary>
    public static string ResolveHessian(string hessian, int variableCount) => hessian switch
    {
        "auto" => variableCount <= DenseHessianLimit ? "bfgs" : "lbfgs",
        "bfgs" or "lbfgs" => hessian,
        _ => throw new InvalidInputException($"unknown trust-region Hessian '{hessian}'; expected auto, bfgs or lbfgs"),
    };

    /// <summary>The optimizer called <paramref name="name"/> for a problem of <paramref name="variableCount"/> variables.</summary>
    public static IOptimizer Create(string name, int variableCount, string hessian = "auto") => name switch
    {
        "trust-region" => ResolveHessian(hessian, variableCount) == "bfgs"
            ? new TrustRegionOptimizer(new TrustRegionOptions { Hessian = HessianApproximation.DenseBfgs, Safeguard = CurvatureSafeguard.Skip })
            : new TrustRegionOptimizer(),
        "mma" => new MmaOptimizer(),
        "oc" => new OptimalityCriteria.OptimalityCriteria(),
        _ => throw new InvalidInputException($"unknown optimizer '{name}'; expected {string.Join(", ", Names)}"),
    };

    /// <summary>
    /// The stopping rule of each optimizer, in one place: trust-region as the paper's SciPy call, its
    /// <c>tol</c> (default 10⁻³) on both the trust radius and the optimality; MMA and OC on max |Δθ| &lt;
    /// <paramref name="tolerance"/> (default 0.01, as the 88-line code); each capped at
    /// <paramref name="maxIterations"/>.
    /// </summary>
    public static StoppingCriteria Stopping(string name, int maxIterations = 3000, double? tolerance = null) => name switch
    {
        "trust-region" => new StoppingCriteria(maxIterations, tolerance ?? 1e-3, tolerance ?? 1e-3),
        "mma" or "oc" => new StoppingCriteria(maxIterations, tolerance ?? 0.01),
        _ => throw new InvalidInputException($"unknown optimizer '{name}'; expected {string.Join(", ", Names)}"),
    };
}
