using NeuralTopOpt.Fem;
using NeuralTopOpt.Materials;

namespace NeuralTopOpt.Tests.Materials;

public class SimpMaterialTests
{
    [Fact]
    public void Stiffness_is_the_modulus_of_eq_14_times_the_plane_strain_tensor()
    {
        var simp = new SimpMaterial();
        double[] theta = [0, 0.25, 0.5, 1];
        var c = new double[16];
        var dc = new double[16];

        var evaluation = simp.Evaluate(theta, c, dc);

        Assert.Equal(0, evaluation.ClampedEntries);
        for (var e = 0; e < 4; e++)
        {
            var modulus = 1e-9 + ((1 - 1e-9) * Math.Pow(theta[e], 3));
            var slope = 3 * (1 - 1e-9) * theta[e] * theta[e];
            Assert.Equal(modulus * 1.3461538461538463, c[4 * e], 15);
            Assert.Equal(modulus * 0.5769230769230769, c[(4 * e) + 1], 15);
            Assert.Equal(modulus * 1.3461538461538463, c[(4 * e) + 2], 15);
            Assert.Equal(modulus * 0.38461538461538464, c[(4 * e) + 3], 15);
            Assert.Equal(slope * 0.38461538461538464, dc[(4 * e) + 3], 15);
        }
    }

    [Fact]
    public void Derivative_matches_central_differences()
    {
        var simp = new SimpMaterial(penalty: 3.5, plane: PlaneCondition.Stress);
        const double H = 1e-6;
        foreach (var theta in new[] { 0.1, 0.47, 0.93 })
        {
            var c = new double[4];
            var dc = new double[4];
            var plus = new double[4];
            var minus = new double[4];
            simp.Evaluate([theta], c, dc);
            simp.Evaluate([theta + H], plus, new double[4]);
            simp.Evaluate([theta - H], minus, new double[4]);
            for (var t = 0; t < 4; t++)
            {
                Assert.Equal((plus[t] - minus[t]) / (2 * H), dc[t], 1e-8);
            }
        }
    }

    [Fact]
    public void Entries_outside_the_admissible_range_are_clamped_and_counted_but_keep_their_derivative()
    {
        var simp = new SimpMaterial();
        var c = new double[8];
        var dc = new double[8];

        var evaluation = simp.Evaluate([1.2, -0.5], c, dc);

        Assert.Equal(8, evaluation.ClampedEntries);
        Assert.Equal(simp.Unit.C11, c[0]);
        Assert.Equal(1e-9 * simp.Unit.C33, c[7], 1e-24);
        Assert.Equal(3 * 1.44 * (1 - 1e-9) * simp.Unit.C11, dc[0], 12);
    }

    [Theory]
    [InlineData(0.5, 1e-9, 1)]
    [InlineData(3, 0, 1)]
    [InlineData(3, 1, 0.5)]
    [InlineData(double.NaN, 1e-9, 1)]
    public void Bad_parameters_are_rejected(double penalty, double emin, double emax) =>
        Assert.Throws<InvalidInputException>(() => new SimpMaterial(penalty, emin, emax));
}
