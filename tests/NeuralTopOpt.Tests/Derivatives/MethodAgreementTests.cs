using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Tests.Nn;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Derivatives;

/// <summary>
/// One parameterized test drives every method over seeded random networks of random architectures
/// (1–4 hidden layers, mixed activations, 1–5 inputs and outputs) and checks them against the
/// network Jacobian: csm, ad and dual to 1e-12 and cfd to 1e-6, relative to |J|_abs
/// (<see cref="JacobianComparison"/>). Central differences also carry a rounding error of about
/// ε·|y|/h that no step removes, so cfd is allowed 1e-9·max(1, |y|) on top; and they are meaningless
/// across a ReLU kink, so cfd is compared on the networks without ReLU only (odd seeds may draw ReLU).
/// </summary>
public class MethodAgreementTests(ITestOutputHelper output)
{
    private const int Batch = 37;

    public static TheoryData<int, string, Execution> Cases()
    {
        var data = new TheoryData<int, string, Execution>();
        for (var seed = 1; seed <= 40; seed++)
        {
            foreach (var method in new[] { "cfd", "csm", "ad", "dual" })
            {
                data.Add(seed, method, Execution.Vectorized);
            }
        }

        for (var seed = 1; seed <= 8; seed++)
        {
            foreach (var method in JacobianMethods.Names)
            {
                data.Add(seed, method, Execution.Scalar);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Method_agrees_with_the_network_jacobian(int seed, string method, Execution execution)
    {
        var network = RandomNetworks.Create(seed, allowRelu: seed % 2 == 1);
        var smooth = network.IsHolomorphic;
        var inputs = RandomNetworks.Inputs(network, Batch, seed + 1000);
        var reference = JacobianMethods.Create("nnj", network).Evaluate(inputs);
        var options = JacobianOptions.Default with { Execution = execution };
        if (method == "csm" && !smooth)
        {
            var error = Assert.Throws<InvalidInputException>(() => JacobianMethods.Create(method, network, options));
            Assert.Contains("relu", error.Message, StringComparison.Ordinal);
            return;
        }

        var result = JacobianMethods.Create(method, network, options).Evaluate(inputs);

        var scale = JacobianComparison.AbsoluteJacobian(network, inputs);
        var (relative, rounding) = method == "cfd" ? (1e-6, 1e-9) : (1e-12, 0.0);
        var worst = 0.0;
        for (var k = 0; k < scale.Length; k++)
        {
            var y = reference.Outputs[k / network.InputCount];
            var bound = (relative * scale[k]) + (rounding * Math.Max(1, Math.Abs(y)));
            var difference = Math.Abs(result.Jacobian[k] - reference.Jacobian[k]);
            worst = Math.Max(worst, difference / bound);
            if (method != "cfd" || smooth)
            {
                Assert.True(difference <= bound, $"entry {k}: nnj {reference.Jacobian[k]:R}, {method} {result.Jacobian[k]:R}, |J|_abs {scale[k]:E3} on {network.Architecture}");
            }
        }

        output.WriteLine($"{network.Architecture} {string.Join(',', network.Layers.Select(l => l.Activation.Name()))}: {method} ({execution}) uses {worst:P1} of its tolerance");
        AssertOutputs(reference.Outputs, result.Outputs, method == "ad" || execution == Execution.Scalar);
    }

    /// <summary>
    /// nnj, cfd, csm and dual report the predictions themselves (bit for bit, same SIMD path); ad's tape
    /// sums the products in another order and the scalar path uses the scalar exp, so they agree to rounding.
    /// </summary>
    private static void AssertOutputs(double[] expected, double[] actual, bool rounding)
    {
        for (var k = 0; k < expected.Length; k++)
        {
            var tolerance = rounding ? 1e-12 * Math.Max(1, Math.Abs(expected[k])) : 0;
            Assert.True(Math.Abs(expected[k] - actual[k]) <= tolerance, $"output {k}: {expected[k]:R} vs {actual[k]:R}");
        }
    }
}
