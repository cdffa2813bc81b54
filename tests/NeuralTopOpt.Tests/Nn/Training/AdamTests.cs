using NeuralTopOpt.Nn.Training;

namespace NeuralTopOpt.Tests.Nn.Training;

/// <summary>The vectorized Adam step against the scalar update it replaces, bit for bit, and against its formula.</summary>
public class AdamTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(258)]
    public void Steps_are_the_scalar_updates_bit_for_bit(int length)
    {
        var random = new Random(length);
        var theta = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
        var reference = theta.ToArray();
        var initial = theta.ToArray();
        var (m, v) = (new double[length], new double[length]);
        const double Lr = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Epsilon = 1e-7;
        var adam = new Adam([theta], Lr, Beta1, Beta2, Epsilon);
        for (var step = 1; step <= 5; step++)
        {
            var gradient = Enumerable.Range(0, length).Select(_ => random.NextDouble() - 0.5).ToArray();
            var alpha = adam.BeginStep();
            Assert.Equal(Lr * Math.Sqrt(1 - Math.Pow(Beta2, step)) / (1 - Math.Pow(Beta1, step)), alpha, 15);
            adam.Update(0, gradient, alpha);
            for (var k = 0; k < length; k++)
            {
                var g = gradient[k];
                m[k] += (g - m[k]) * (1 - Beta1);
                v[k] += ((g * g) - v[k]) * (1 - Beta2);
                reference[k] -= alpha * m[k] / (Math.Sqrt(v[k]) + Epsilon);
            }

            Assert.Equal(reference.Select(BitConverter.DoubleToInt64Bits), theta.Select(BitConverter.DoubleToInt64Bits));
            if (step == 1)
            {
                // the first step moves every parameter by the learning rate against its gradient (m̂/√v̂ = sign g, up to ε)
                for (var k = 0; k < length; k++)
                {
                    Assert.Equal(-Lr * Math.Sign(gradient[k]), theta[k] - initial[k], Lr * 1e-2);
                }
            }
        }
    }

    [Fact]
    public void A_gradient_of_another_length_is_refused()
    {
        var adam = new Adam([new double[4]], 1e-3, 0.9, 0.999, 1e-7);
        Assert.Throws<ArgumentException>(() => adam.Update(0, new double[3], adam.BeginStep()));
    }
}
