using System.Numerics;
using NeuralTopOpt.AutoDiff;
using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Tests.Nn;

public class MlpTests
{
    [Fact]
    public void Forward_pass_is_equation_1_with_the_normalization_layers()
    {
        // 2 inputs → 2 tanh → 1 linear, computed by hand.
        var hidden = new DenseLayer(2, 2, [0.5, -1.0, 2.0, 0.25], [0.1, -0.2], Activation.Tanh);
        var output = new DenseLayer(2, 1, [1.5, -0.5], [0.3], Activation.Linear);
        var network = new Mlp([hidden, output], new Normalization([1.0, -2.0], [2.0, 0.5]), new Normalization([10.0], [3.0]));
        double[] x = [2.0, -1.5];

        var y = network.Predict(x);

        var (u, v) = ((x[0] - 1.0) / 2.0, (x[1] + 2.0) / 0.5);
        var h0 = Math.Tanh((0.5 * u) - v + 0.1);
        var h1 = Math.Tanh((2.0 * u) + (0.25 * v) - 0.2);
        var expected = (((1.5 * h0) - (0.5 * h1) + 0.3) * 3.0) + 10.0;
        Assert.Equal(expected, y[0], 1e-14);
        Assert.Equal("2-2-1", network.Architecture);
        Assert.Equal(9, network.ParameterCount);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Scalar_and_four_lane_paths_agree_to_rounding(int seed)
    {
        var network = RandomNetworks.Create(seed, allowRelu: true);
        var inputs = RandomNetworks.Inputs(network, 23, seed);
        var vectorized = network.Predict(inputs);
        var scalar = new double[vectorized.Length];

        new MlpPredictor<double, RealOps>(network).Predict(inputs, scalar);

        // The only difference is Math.Exp/Math.Log against their SIMD kernels (at most 2 ulps each);
        // over 200 random networks 83 % of outputs were bit-identical and the worst differed by 5.3e-15·max(1, |y|).
        for (var k = 0; k < scalar.Length; k++)
        {
            Assert.Equal(scalar[k], vectorized[k], 2e-14 * Math.Max(1, Math.Abs(scalar[k])));
        }
    }

    [Fact]
    public void An_output_normalizing_network_computes_keras_invert_false()
    {
        // Keras' Normalization(invert=False) after the last layer: y = (ŷ − μ)/σ with ŷ the dense output.
        var normalizing = RandomNetworks.Create(12, allowRelu: false, OutputNormalizationMode.Normalize);
        var plain = new Mlp(normalizing.Layers, normalizing.InputNormalization);   // ŷ itself
        var inputs = RandomNetworks.Inputs(normalizing, 9, 4);
        var (m, y, raw) = (normalizing.OutputCount, normalizing.Predict(inputs), plain.Predict(inputs));
        var jacobian = JacobianMethods.Create("nnj", normalizing).Evaluate(inputs);
        var rawJacobian = JacobianMethods.Create("nnj", plain).Evaluate(inputs);

        for (var k = 0; k < y.Length; k++)
        {
            var (mean, std) = (normalizing.OutputNormalization.Mean[k % m], normalizing.OutputNormalization.Std[k % m]);
            Assert.Equal((raw[k] - mean) / std, y[k], 1e-14 * Math.Max(1, Math.Abs(y[k])));
        }

        for (var k = 0; k < jacobian.Jacobian.Length; k++)
        {
            var std = normalizing.OutputNormalization.Std[k / normalizing.InputCount % m];
            Assert.Equal(rawJacobian.Jacobian[k] / std, jacobian.Jacobian[k], 1e-14 * Math.Max(1, Math.Abs(jacobian.Jacobian[k])));
        }
    }

    [Fact]
    public void A_sample_gives_the_same_bits_wherever_it_sits_in_the_batch()
    {
        var network = RandomNetworks.Create(11, allowRelu: false);
        var inputs = RandomNetworks.Inputs(network, 7, 3);
        var n = network.InputCount;
        var whole = network.Predict(inputs);

        for (var b = 0; b < 7; b++)
        {
            var alone = network.Predict(inputs.AsSpan(b * n, n));
            Assert.Equal(whole.AsSpan(b * network.OutputCount, network.OutputCount).ToArray(), alone);
        }
    }

    [Fact]
    public void Complex_and_dual_forward_passes_carry_the_real_prediction()
    {
        var network = RandomNetworks.Create(8, allowRelu: false);
        var x = RandomNetworks.Inputs(network, 1, 5);
        var workspace = new double[MlpForward.WorkspaceLength(network)];
        var real = new double[network.OutputCount];
        MlpForward.Run<double, RealOps>(network, x, real, workspace);

        var complex = new Complex[network.OutputCount];
        MlpForward.Run<Complex, ComplexOps>(network, x.Select(v => new Complex(v, 0)).ToArray(), complex, new Complex[workspace.Length]);
        var dual = new Dual[network.OutputCount];
        MlpForward.Run<Dual, DualOps>(network, x.Select(v => new Dual(v, 0)).ToArray(), dual, new Dual[workspace.Length]);

        for (var o = 0; o < network.OutputCount; o++)
        {
            Assert.Equal(real[o], dual[o].Value);                      // same operations on the value part
            Assert.Equal(0, dual[o].Tangent);
            Assert.Equal(real[o], complex[o].Real, 1e-14 * Math.Max(1, Math.Abs(real[o])));
            Assert.Equal(0, complex[o].Imaginary);
        }
    }

    [Fact]
    public void Non_finite_or_partial_inputs_are_refused_with_one_line()
    {
        var network = RandomNetworks.Create(2, allowRelu: false);
        var n = network.InputCount;
        var inputs = RandomNetworks.Inputs(network, 3, 1);
        inputs[n + 0] = double.NaN;

        var nan = Assert.Throws<InvalidInputException>(() => network.Predict(inputs));
        Assert.Contains("sample 2", nan.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", nan.Message, StringComparison.Ordinal);
        var partial = Assert.Throws<InvalidInputException>(() => network.Predict(new double[(2 * n) + 1]));
        Assert.Contains($"{n} inputs", partial.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => network.Predict(new double[n], new double[network.OutputCount + 1]));
    }

    [Fact]
    public void Layers_that_do_not_chain_are_refused()
    {
        var a = new DenseLayer(2, 3, new double[6], new double[3], Activation.Sigmoid);
        var b = new DenseLayer(4, 1, new double[4], new double[1], Activation.Linear);

        var error = Assert.Throws<InvalidInputException>(() => new Mlp([a, b]));
        Assert.Contains("layer 2 takes 4 inputs but layer 1 gives 3", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => new Mlp([a], new Normalization([0.0], [1.0])));
        Assert.Throws<InvalidInputException>(() => new DenseLayer(1, 1, [double.NaN], [0.0], Activation.Linear));
        Assert.Throws<InvalidInputException>(() => new Normalization([0.0], [0.0]));
    }

    [Fact]
    public void Row_vector_weights_are_transposed()
    {
        var layer = DenseLayer.FromRowVectorConvention(new double[,] { { 1, 2, 3 }, { 4, 5, 6 } }, [0.0, 0.0, 0.0], Activation.Linear);

        Assert.Equal(2, layer.InputCount);
        Assert.Equal(3, layer.OutputCount);
        Assert.Equal(4, layer.Weight(0, 1));     // W[i=1][j=0] links input 1 to output 0
        Assert.Equal(3, layer.Weight(2, 0));
        Assert.Throws<InvalidInputException>(() => DenseLayer.FromRowVectorConvention(new double[,] { { double.NaN } }, [0.0], Activation.Linear));
    }

    [Fact]
    public void Normalization_adapts_to_population_mean_and_deviation()
    {
        double[] rows = [1, 5, 2, 5, 3, 5, 6, 5];     // feature 0: 1, 2, 3, 6; feature 1 constant
        var normalization = Normalization.Adapt(rows, 2);

        Assert.Equal(3.0, normalization.Mean[0], 15);
        Assert.Equal(Math.Sqrt(3.5), normalization.Std[0], 15);
        Assert.Equal(5.0, normalization.Mean[1]);
        Assert.Equal(1.0, normalization.Std[1]);       // a constant feature is only shifted
        normalization.Normalize(rows);
        Assert.Equal((1 - 3.0) / Math.Sqrt(3.5), rows[0], 15);
        Assert.Equal(0.0, rows[1]);
    }
}
