using System.Globalization;
using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Examples;
using NeuralTopOpt.Nn.Numbers;
using NeuralTopOpt.Tests.Nn;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Derivatives;

/// <summary><c>cfd</c> with its points rounded to float32, as Keras' predict hands float64 inputs to a float64 model.</summary>
public class CfdFloat32RoundingTests(ITestOutputHelper output)
{
    [Fact]
    public void Appendix_b_derivative_is_the_difference_quotient_of_the_float32_points()
    {
        // By hand: x = 0.812, h = 1e-6; float32(0.812 + 1e-6) and float32(0.812 − 1e-6) are the points.
        var network = AppendixB.PrintedNetwork();
        var (x, h) = (0.812, 1e-6);
        var (plus, minus) = ((double)(float)(x + h), (double)(float)(x - h));
        var predictor = new MlpPredictor<double, RealOps>(network);
        var (yPlus, yMinus, y) = (new double[1], new double[1], new double[1]);
        predictor.Predict([plus], yPlus);
        predictor.Predict([minus], yMinus);
        predictor.Predict([(double)(float)x], y);
        var expected = (yPlus[0] - yMinus[0]) / (2 * h);

        var options = new JacobianOptions { FiniteDifferenceRounding = InputRounding.Float32, Execution = Execution.Scalar };
        var rounded = JacobianMethods.Create("cfd", network, options).Evaluate([x]);
        var exact = JacobianMethods.Create("nnj", network).Evaluate([x]);

        Assert.Equal(expected, rounded.Jacobian[0]);
        Assert.Equal(y[0], rounded.Outputs[0]);
        // The float32 points lie (plus − minus)/2h of the nominal 2h apart: the quotient errs by about that factor.
        var spacing = (plus - minus) / (2 * h);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"x = 0.812: float32 points span {spacing:F6}·2h; cfd-float32 {rounded.Jacobian[0]:R}, nnj {exact.Jacobian[0]:R}"));
        Assert.Equal(exact.Jacobian[0] * spacing, rounded.Jacobian[0], 1e-4 * Math.Abs(exact.Jacobian[0]));
        Assert.NotEqual(1.0, spacing);
    }

    [Fact]
    public void Vectorized_and_scalar_rounding_agree_and_every_coordinate_is_rounded()
    {
        var network = RandomNetworks.Create(21, allowRelu: false);
        var inputs = RandomNetworks.Inputs(network, 7, 2);
        var scalar = JacobianMethods.Create("cfd", network, new JacobianOptions { FiniteDifferenceRounding = InputRounding.Float32, Execution = Execution.Scalar }).Evaluate(inputs);
        var vectorized = JacobianMethods.Create("cfd", network, new JacobianOptions { FiniteDifferenceRounding = InputRounding.Float32 }).Evaluate(inputs);
        var plain = JacobianMethods.Create("cfd", network).Evaluate(inputs);

        // Rounding the inputs first must give the same quotients for every coordinate but j, whose point is float32(x_j ± h).
        var roundedInputs = inputs.Select(v => (double)(float)v).ToArray();
        Assert.Equal(network.Predict(roundedInputs), vectorized.Outputs);
        for (var k = 0; k < scalar.Jacobian.Length; k++)
        {
            Assert.Equal(scalar.Jacobian[k], vectorized.Jacobian[k], 1e-9 * Math.Max(1, Math.Abs(scalar.Jacobian[k])));
        }

        Assert.NotEqual(plain.Jacobian, vectorized.Jacobian);
    }
}
