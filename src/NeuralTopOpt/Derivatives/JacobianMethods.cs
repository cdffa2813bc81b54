using System.Numerics;
using System.Runtime.Intrinsics;
using NeuralTopOpt.AutoDiff;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Derivatives;

/// <summary>The registry of derivative methods, by name.</summary>
public static class JacobianMethods
{
    /// <summary>Every method: the paper's four (Sec. 2) and forward-mode dual numbers.</summary>
    public static IReadOnlyList<string> Names { get; } = ["nnj", "cfd", "csm", "ad", "dual"];

    /// <summary>
    /// The method called <paramref name="name"/> (case-insensitive), bound to <paramref name="network"/>:
    /// <c>nnj</c> analytic Jacobian (Eq. 3–6), <c>cfd</c> central finite difference (Eq. 7), <c>csm</c>
    /// complex step (Eq. 8), <c>ad</c> reverse-mode automatic differentiation, <c>dual</c> forward mode.
    /// </summary>
    /// <exception cref="InvalidInputException">Unknown name, invalid options, or <c>csm</c> on a network with ReLU.</exception>
    public static IJacobianMethod Create(string name, Mlp network, JacobianOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(network);
        options ??= JacobianOptions.Default;
        options.Validate();
        var vectorized = options.Execution == Execution.Vectorized;
        return name.Trim().ToLowerInvariant() switch
        {
            "nnj" => vectorized ? new NnjMethod<Vector256<double>, RealX4Ops>(network) : new NnjMethod<double, RealOps>(network),
            "cfd" => vectorized
                ? new CfdMethod<Vector256<double>, RealX4Ops>(network, options.FiniteDifferenceStep, options.FiniteDifferenceRounding)
                : new CfdMethod<double, RealOps>(network, options.FiniteDifferenceStep, options.FiniteDifferenceRounding),
            "csm" => vectorized
                ? new CsmMethod<ComplexX4, ComplexX4Ops, Vector256<double>, RealX4Ops>(network, options.ComplexStep)
                : new CsmMethod<Complex, ComplexOps, double, RealOps>(network, options.ComplexStep),
            "ad" => new AdMethod(network),
            "dual" => vectorized ? new DualMethod<DualX4, DualX4Ops>(network) : new DualMethod<Dual, DualOps>(network),
            _ => throw new InvalidInputException($"unknown derivative method '{name}'; expected one of {string.Join(", ", Names)}"),
        };
    }

    /// <summary>Allocating convenience: outputs and Jacobian of a batch as a new <see cref="JacobianResult"/>.</summary>
    public static JacobianResult Evaluate(this IJacobianMethod method, ReadOnlySpan<double> inputs)
    {
        ArgumentNullException.ThrowIfNull(method);
        var network = method.Network;
        var batch = network.BatchSize(inputs, -1, network.OutputCount);
        var result = new JacobianResult(batch, network.InputCount, network.OutputCount);
        method.Evaluate(inputs, result.Outputs, result.Jacobian);
        return result;
    }
}

/// <summary>Outputs and Jacobian of a batch, in the layouts of <see cref="IJacobianMethod"/>.</summary>
public sealed class JacobianResult
{
    /// <summary>Allocates a result for <paramref name="batch"/> samples.</summary>
    public JacobianResult(int batch, int inputCount, int outputCount)
    {
        Batch = batch;
        InputCount = inputCount;
        OutputCount = outputCount;
        Outputs = new double[batch * outputCount];
        Jacobian = new double[batch * outputCount * inputCount];
    }

    /// <summary>Number of samples.</summary>
    public int Batch { get; }

    /// <summary>n, inputs per sample.</summary>
    public int InputCount { get; }

    /// <summary>m, outputs per sample.</summary>
    public int OutputCount { get; }

    /// <summary>batch × m outputs.</summary>
    public double[] Outputs { get; }

    /// <summary>batch × m × n derivatives.</summary>
    public double[] Jacobian { get; }

    /// <summary>y_o of sample b.</summary>
    public double Output(int sample, int output) => Outputs[(sample * OutputCount) + output];

    /// <summary>∂y_o/∂x_i of sample b.</summary>
    public double Derivative(int sample, int output, int input) => Jacobian[(sample * OutputCount * InputCount) + (output * InputCount) + input];
}
