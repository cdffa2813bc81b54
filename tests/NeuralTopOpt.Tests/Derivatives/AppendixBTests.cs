using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Examples;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Tests.Derivatives;

/// <summary>The paper's Appendix B: the printed 1-3-3-1 network at x = 0.812.</summary>
public class AppendixBTests
{
    [Fact]
    public void Network_jacobian_is_the_printed_1_623()
    {
        var result = JacobianMethods.Create("nnj", AppendixB.PrintedNetwork()).Evaluate([AppendixB.X]);

        Assert.InRange(result.Jacobian[0], 1.621, 1.625);                       // Eq. (B18c): 1.623
        Assert.Equal(1.623, Math.Round(result.Jacobian[0], 3));
        Assert.Equal(AppendixB.X * AppendixB.X, result.Outputs[0], 0.005);       // a well-trained fit of x²
    }

    [Theory]
    [InlineData("cfd", 1e-9)]
    [InlineData("csm", 1e-14)]
    [InlineData("ad", 1e-14)]
    [InlineData("dual", 1e-14)]
    public void Every_method_agrees_with_it(string method, double tolerance)
    {
        var network = AppendixB.PrintedNetwork();
        var nnj = JacobianMethods.Create("nnj", network).Evaluate([AppendixB.X]).Jacobian[0];

        foreach (var execution in new[] { Execution.Vectorized, Execution.Scalar })
        {
            var result = JacobianMethods.Create(method, network, new JacobianOptions { Execution = execution }).Evaluate([AppendixB.X]);
            Assert.Equal(nnj, result.Jacobian[0], tolerance);
        }
    }

    [Fact]
    public void First_layer_matches_equations_B15()
    {
        var layer = AppendixB.PrintedNetwork().Layers[0];
        // Eq. (B15b) prints 0.913 for the third entry; 1.404·0.812 − 2.053 = −0.913 (F' is even, so B15c is unaffected).
        double[] z = [3.833, -0.893, -0.913];
        double[] slope = [0.021, 0.206, 0.204];       // Eq. (B15c)
        double[] dy1 = [0.036, -0.175, 0.287];        // Eq. (B15d)

        for (var j = 0; j < 3; j++)
        {
            var zj = layer.Biases[j] + (layer.Weight(j, 0) * AppendixB.X);
            ActivationFunctions.Evaluate<double, RealOps>(layer.Activation, zj, out var derivative);
            Assert.Equal(z[j], zj, 0.0006);
            Assert.Equal(slope[j], derivative, 0.0006);
            Assert.Equal(dy1[j], layer.Weight(j, 0) * derivative, 0.0006);
        }
    }

    [Fact]
    public void Two_hidden_layers_match_equation_B18b()
    {
        // The row-vector convention: W₂[i][j] links neuron i of layer 1 to neuron j of layer 2, so
        // dy₂/dx = (dy₁/dx)·(W₂ ⊙ F₂') = [0.203, −0.207, −0.218] (Eq. B18b) only if it was read that way.
        var network = AppendixB.PrintedNetwork();
        var hidden = new Mlp([network.Layers[0], network.Layers[1]]);

        var result = JacobianMethods.Create("nnj", hidden).Evaluate([AppendixB.X]);

        double[] z2 = [-0.134, 0.711, -0.022];        // Eq. (B16d)
        // Eq. (B18b) prints +0.218 for the third entry; only −0.218 gives Eq. (B18c):
        // 0.203·4.323 + 0.207·1.276 + 0.218·2.209 = 1.623.
        double[] dy2 = [0.203, -0.207, -0.218];
        for (var j = 0; j < 3; j++)
        {
            Assert.Equal(1 / (1 + Math.Exp(-z2[j])), result.Outputs[j], 0.0006);
            Assert.Equal(dy2[j], result.Jacobian[j], 0.0006);
        }
    }
}
