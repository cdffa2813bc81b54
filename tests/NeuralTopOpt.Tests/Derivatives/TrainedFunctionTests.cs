using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Nn.Data;
using NeuralTopOpt.Nn.Sampling;
using NeuralTopOpt.Nn.Training;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Derivatives;

/// <summary>
/// Networks trained on analytic functions with known derivatives (examples of the paper's
/// repository): every method's Jacobian against the true one at held-out points. The error is the
/// network's (how well it learned the slope), so every method shows the same error; it is bounded
/// here (5 % relative RMS after 1500 epochs on 2000 samples) and printed.
/// </summary>
public class TrainedFunctionTests(ITestOutputHelper output)
{
    /// <summary>An analytic test function: its box, value and Jacobian (m × n, row-major).</summary>
    public sealed record Function(string Name, double[] Lower, double[] Upper, int Outputs, Action<double[], double[]> Value, Action<double[], double[]> Jacobian, double Bound);

    private static readonly Dictionary<string, Function> Functions = new[]
    {
        new Function("1→1 sin x", [-2.0], [3.0], 1, (x, y) => y[0] = Math.Sin(x[0]), (x, j) => j[0] = Math.Cos(x[0]), 0.05),
        new Function("2→1 x1² + x2", [-3.0, 1.0], [3.0, 2.0], 1, (x, y) => y[0] = (x[0] * x[0]) + x[1], (x, j) => (j[0], j[1]) = (2 * x[0], 1), 0.05),
        new Function("2→2 (x1² + x2, x1³ + 2x2)", [-3.0, 1.0], [3.0, 2.0], 2,
            (x, y) => (y[0], y[1]) = ((x[0] * x[0]) + x[1], (x[0] * x[0] * x[0]) + (2 * x[1])),
            (x, j) => (j[0], j[1], j[2], j[3]) = (2 * x[0], 1, 3 * x[0] * x[0], 2), 0.05),
        new Function("3→2 (x1² + x2 + x3, x1·x2·x3)", [-3.0, 1.0, -2.0], [3.0, 2.0, 10.0], 2,
            (x, y) => (y[0], y[1]) = ((x[0] * x[0]) + x[1] + x[2], x[0] * x[1] * x[2]),
            (x, j) => (j[0], j[1], j[2], j[3], j[4], j[5]) = (2 * x[0], 1, 1, x[1] * x[2], x[0] * x[2], x[0] * x[1]), 0.05),
    }.ToDictionary(f => f.Name);

    public static TheoryData<string> Names => new(Functions.Keys);

    [Theory]
    [MemberData(nameof(Names))]
    public void Derivatives_of_a_trained_network_approximate_the_true_ones(string name)
    {
        var f = Functions[name];
        var n = f.Lower.Length;
        var data = Dataset.FromFunction(LatinHypercube.Sample(2000, f.Lower, f.Upper, seed: 1), n, f.Outputs, (x, y) =>
        {
            var values = new double[f.Outputs];
            f.Value(x.ToArray(), values);
            values.CopyTo(y);
        });
        var model = Trainer.Train(data, new TrainingOptions { Epochs = 1500, Seed = 2 }).Model;

        var points = LatinHypercube.Sample(500, f.Lower, f.Upper, seed: 3);
        var truth = new double[500 * f.Outputs * n];
        for (var b = 0; b < 500; b++)
        {
            var jacobian = new double[f.Outputs * n];
            f.Jacobian(points.AsSpan(b * n, n).ToArray(), jacobian);
            jacobian.CopyTo(truth, b * f.Outputs * n);
        }

        var nnj = JacobianMethods.Create("nnj", model.Network).Evaluate(points);
        foreach (var method in JacobianMethods.Names)
        {
            var result = JacobianMethods.Create(method, model.Network).Evaluate(points);
            var error = RelativeRms(result.Jacobian, truth);
            var spread = RelativeRms(result.Jacobian, nnj.Jacobian);
            output.WriteLine($"{name}: test MSE {model.Training!.TestMse:E2}; {method}: RMS derivative error / RMS derivative = {error:E3} (vs nnj {spread:E1})");
            Assert.True(error <= f.Bound, $"{method}: relative RMS derivative error {error:E3} > {f.Bound}");
            Assert.True(spread <= (method == "cfd" ? 1e-6 : 1e-12), $"{method} differs from nnj by {spread:E3}");
        }
    }

    /// <summary>√(Σ(a − b)²/Σb²).</summary>
    private static double RelativeRms(double[] a, double[] b) =>
        Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum() / b.Sum(y => y * y));
}
