using System.Numerics;
using System.Runtime.Intrinsics;
using NeuralTopOpt.AutoDiff;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Tests.Nn;

public class ActivationTests
{
    public static TheoryData<Activation> All => new(Enum.GetValues<Activation>());

    private static readonly double[] Points = [-800, -40, -12.5, -3, -1, -0.25, -1e-9, 1e-9, 0.3, 1, 2.5, 12.5, 40, 800];

    /// <summary>The textbook definitions, written independently of the library's stable forms.</summary>
    private static double Reference(Activation activation, double t) => activation switch
    {
        Activation.Linear => t,
        Activation.Sigmoid => 1 / (1 + Math.Exp(-t)),
        Activation.Tanh => Math.Tanh(t),
        Activation.Relu => Math.Max(t, 0),
        Activation.Softplus => t > 30 ? t + Math.Exp(-t) : Math.Log(1 + Math.Exp(t)),
        Activation.Silu => t / (1 + Math.Exp(-t)),
        _ => throw new ArgumentOutOfRangeException(nameof(activation)),
    };

    private static double ReferenceSlope(Activation activation, double t)
    {
        var s = 1 / (1 + Math.Exp(-t));
        return activation switch
        {
            Activation.Linear => 1,
            Activation.Sigmoid => Math.Exp(-Math.Abs(t)) / Math.Pow(1 + Math.Exp(-Math.Abs(t)), 2),
            Activation.Tanh => Math.Abs(t) > 350 ? 0 : 1 / Math.Pow(Math.Cosh(t), 2),
            Activation.Relu => t > 0 ? 1 : 0,
            Activation.Softplus => s,
            Activation.Silu => s + (t * Math.Exp(-Math.Abs(t)) / Math.Pow(1 + Math.Exp(-Math.Abs(t)), 2)),
            _ => throw new ArgumentOutOfRangeException(nameof(activation)),
        };
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Values_and_slopes_match_the_textbook_formulas_including_the_tails(Activation activation)
    {
        foreach (var t in Points)
        {
            var value = ActivationFunctions.Evaluate<double, RealOps>(activation, t, out var slope);

            var expected = Reference(activation, t);
            Assert.Equal(expected, value, 1e-15 * Math.Max(1, Math.Abs(expected)));
            var expectedSlope = ReferenceSlope(activation, t);
            Assert.True(Math.Abs(expectedSlope - slope) <= 1e-14 * Math.Abs(expectedSlope), $"{activation}'({t}) = {slope:R}, expected {expectedSlope:R}");
            Assert.Equal(value, ActivationFunctions.Apply<double, RealOps>(activation, t));
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Complex_step_and_dual_numbers_differentiate_the_same_code(Activation activation)
    {
        foreach (var t in Points.Where(p => Math.Abs(p) > 1e-6 || activation != Activation.Relu))
        {
            ActivationFunctions.Evaluate<double, RealOps>(activation, t, out var slope);
            var dual = ActivationFunctions.Apply<Dual, DualOps>(activation, Dual.Variable(t));
            Assert.True(Math.Abs(dual.Tangent - slope) <= 1e-14 * Math.Abs(slope), $"dual {activation}'({t}) = {dual.Tangent:R}, nnj {slope:R}");
            if (activation.IsHolomorphic())
            {
                var complex = ActivationFunctions.Apply<Complex, ComplexOps>(activation, new Complex(t, 1e-20));
                Assert.True(Math.Abs((complex.Imaginary / 1e-20) - slope) <= 1e-14 * Math.Abs(slope), $"csm {activation}'({t}) = {complex.Imaginary / 1e-20:R}, nnj {slope:R}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Slopes_match_central_differences(Activation activation)
    {
        foreach (var t in new[] { -3.7, -0.9, -0.2, 0.15, 0.8, 2.9 })
        {
            ActivationFunctions.Evaluate<double, RealOps>(activation, t, out var slope);
            const double H = 1e-6;
            var numeric = (ActivationFunctions.Apply<double, RealOps>(activation, t + H) - ActivationFunctions.Apply<double, RealOps>(activation, t - H)) / (2 * H);
            Assert.Equal(numeric, slope, 1e-9);
        }
    }

    [Theory]
    [MemberData(nameof(All))]
    public void Four_lane_registers_and_spans_agree_with_the_scalar_code(Activation activation)
    {
        var values = Points.ToArray();
        var lanes = new Vector256<double>[values.Length / 2];
        for (var k = 0; k < lanes.Length; k++)
        {
            lanes[k] = Vector256.Create(values[2 * k], values[(2 * k) + 1], -values[2 * k], 0.5 * values[(2 * k) + 1]);
        }

        var slopes = new Vector256<double>[lanes.Length];
        var expected = lanes.Select(v => Enumerable.Range(0, 4).Select(l => ActivationFunctions.Apply<double, RealOps>(activation, v[l])).ToArray()).ToArray();
        ActivationFunctions.Evaluate<Vector256<double>, RealX4Ops>(activation, lanes, slopes);

        for (var k = 0; k < lanes.Length; k++)
        {
            for (var l = 0; l < 4; l++)
            {
                // Vector256.Exp and Math.Exp differ by at most a few ulps.
                Assert.Equal(expected[k][l], lanes[k][l], 4e-16 * Math.Max(1, Math.Abs(expected[k][l])));
            }
        }
    }

    [Fact]
    public void Names_parse_case_insensitively_and_unknown_names_are_refused()
    {
        foreach (var activation in Enum.GetValues<Activation>())
        {
            Assert.Equal(activation, Activations.Parse(activation.Name().ToUpperInvariant()));
        }

        Assert.Equal(Activation.Silu, Activations.Parse("swish"));
        var error = Assert.Throws<InvalidInputException>(() => Activations.Parse("gelu"));
        Assert.Contains("'gelu'", error.Message, StringComparison.Ordinal);
        Assert.Contains("sigmoid", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(Activation.Relu.IsHolomorphic());
        Assert.True(Activation.Softplus.IsHolomorphic());
    }
}
