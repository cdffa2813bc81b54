using NeuralTopOpt.AutoDiff;

namespace NeuralTopOpt.Tests.AutoDiff;

/// <summary>The reverse-mode engine on programs that are not networks, against analytic gradients and central differences.</summary>
public class TapeProgramTests
{
    [Theory]
    [InlineData(-1.2, 1.0)]
    [InlineData(0.3, -0.7)]
    [InlineData(1.0, 1.0)]
    [InlineData(2.5, 4.1)]
    public void Rosenbrock_gradient_is_analytic(double x0, double y0)
    {
        var tape = new Tape();
        var x = tape.Input(x0);
        var y = tape.Input(y0);

        var f = (1 - x).Square() + (100 * (y - x.Square()).Square());
        tape.Backward(f);

        var expectedX = (-2 * (1 - x0)) - (400 * x0 * (y0 - (x0 * x0)));
        var expectedY = 200 * (y0 - (x0 * x0));
        Assert.Equal(Math.Pow(1 - x0, 2) + (100 * Math.Pow(y0 - (x0 * x0), 2)), f.Scalar, 12);
        Assert.Equal(expectedX, x.Gradient[0], 1e-12 * Math.Max(1, Math.Abs(expectedX)));
        Assert.Equal(expectedY, y.Gradient[0], 1e-12 * Math.Max(1, Math.Abs(expectedY)));
    }

    [Theory]
    [InlineData(0.5, 1.0)]
    [InlineData(1.3, 0.4)]
    [InlineData(0.2, 3.0)]
    public void Planck_radiance_gradient_is_analytic(double lambda, double temperature)
    {
        // B(λ, T) = 2 λ⁻⁵ / (e^(1/(λT)) − 1) in units with h = c = k = 1.
        var tape = new Tape();
        var l = tape.Input(lambda);
        var t = tape.Input(temperature);

        var b = 2 * l.Pow(-5) / ((1 / (l * t)).Exp() - 1);
        tape.Backward(b);

        var u = 1 / (lambda * temperature);
        var eu = Math.Exp(u);
        var value = 2 * Math.Pow(lambda, -5) / (eu - 1);
        var common = 2 * Math.Pow(lambda, -5) * eu / ((eu - 1) * (eu - 1));
        var dLambda = (-10 * Math.Pow(lambda, -6) / (eu - 1)) + (common / (lambda * lambda * temperature));
        var dT = common / (lambda * temperature * temperature);
        Assert.Equal(value, b.Scalar, 1e-12 * value);
        Assert.Equal(dLambda, l.Gradient[0], 1e-11 * Math.Abs(dLambda));
        Assert.Equal(dT, t.Gradient[0], 1e-11 * Math.Abs(dT));
    }

    [Fact]
    public void Cantilever_deflection_gradient_matches_its_power_law()
    {
        // δ = F L³ / (3 E I), I = b h³ / 12: ∂δ/∂F = δ/F, ∂δ/∂L = 3δ/L, ∂δ/∂E = −δ/E, ∂δ/∂b = −δ/b, ∂δ/∂h = −3δ/h.
        double[] values = [250.0, 1.8, 210e3, 0.05, 0.12];
        var tape = new Tape();
        var p = values.Select(tape.Input).ToArray();
        var (force, length, modulus, width, height) = (p[0], p[1], p[2], p[3], p[4]);

        var inertia = width * height.Pow(3) / 12;
        var deflection = force * length.Pow(3) / (3 * modulus * inertia);
        tape.Backward(deflection);

        var delta = 4 * values[0] * Math.Pow(values[1], 3) / (values[2] * values[3] * Math.Pow(values[4], 3));
        double[] expected = [delta / values[0], 3 * delta / values[1], -delta / values[2], -delta / values[3], -3 * delta / values[4]];
        Assert.Equal(delta, deflection.Scalar, 1e-13 * delta);
        FiniteDifference.AssertClose(expected, p.Select(v => v.Gradient[0]).ToArray(), 1e-12);
    }

    [Fact]
    public void Log_sum_exp_gradient_is_the_softmax()
    {
        double[] logits = [0.3, -1.2, 2.0, 0.7, -0.4, 1.1];
        var tape = new Tape();
        var x = tape.Input(logits, 2, 3);

        var lse = x.Exp().SumOverColumns().Log();     // 2 × 1, one per row
        var total = lse.Sum();
        tape.Backward(total);

        for (var r = 0; r < 2; r++)
        {
            var row = logits.AsSpan(r * 3, 3).ToArray();
            var sum = row.Sum(Math.Exp);
            Assert.Equal(Math.Log(sum), lse.Value[r], 14);
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(Math.Exp(row[c]) / sum, x.Gradient[(r * 3) + c], 15);
            }
        }
    }

    [Fact]
    public void Softmax_vector_jacobian_products_match_central_differences()
    {
        double[] logits = [0.5, -0.25, 1.5, 0.1];
        double[] seed = [0.7, -1.3, 0.2, 2.1];
        var tape = new Tape();
        var x = tape.Input(logits, 1, 4);

        var e = x.Exp();
        var softmax = e / e.SumOverColumns();
        tape.Backward(softmax, seed);

        double Projected(double[] z)
        {
            var exp = z.Select(Math.Exp).ToArray();
            var sum = exp.Sum();
            return exp.Select((v, i) => seed[i] * v / sum).Sum();
        }

        FiniteDifference.AssertClose(FiniteDifference.Gradient(Projected, logits), x.Gradient, 1e-9);
        var p = logits.Select(Math.Exp).ToArray();
        var s = p.Sum();
        var dot = seed.Select((v, i) => v * p[i] / s).Sum();
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(p[i] / s * (seed[i] - dot), x.Gradient[i], 14);  // vᵀ(diag(s) − s sᵀ)
        }
    }
}
