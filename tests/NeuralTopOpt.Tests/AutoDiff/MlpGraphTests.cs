using NeuralTopOpt.AutoDiff;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Tests.Nn;

namespace NeuralTopOpt.Tests.AutoDiff;

public class MlpGraphTests
{
    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    public void The_recorded_network_predicts_like_the_forward_pass(int seed)
    {
        var network = RandomNetworks.Create(seed, allowRelu: true);
        var inputs = RandomNetworks.Inputs(network, 13, seed);
        var tape = new Tape();

        var y = MlpGraph.Record(tape, network, tape.Constant(inputs, 13, network.InputCount));

        var expected = network.Predict(inputs);
        FiniteDifference.AssertClose(expected, y.Value, 1e-13);
    }

    [Fact]
    public void Parameter_gradients_of_a_loss_match_central_differences()
    {
        var network = RandomNetworks.Create(6, allowRelu: false);
        var x = RandomNetworks.Inputs(network, 5, 2);
        var layer = network.Layers[0];
        var parameters = layer.Weights.ToArray();

        double Loss(double[] weights, out double[] gradient)
        {
            var copy = new DenseLayer(layer.InputCount, layer.OutputCount, weights, layer.Biases, layer.Activation);
            var tape = new Tape();
            var h = tape.Constant(x, 5, network.InputCount);
            h = MlpGraph.Layer(tape, h, copy, trainable: true, out var w, out _);
            var loss = (h.Square() * 0.5).Sum();
            tape.Backward(loss);
            gradient = w.Gradient.ToArray();
            return loss.Scalar;
        }

        Loss(parameters, out var analytic);
        var numeric = FiniteDifference.Gradient(p => Loss(p, out _), parameters);
        FiniteDifference.AssertClose(numeric, analytic, 1e-6);   // central differences of a loss of size ~100: rounding ≈ 1e-8
    }
}
