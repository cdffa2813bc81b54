using NeuralTopOpt.Cells;
using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Tests.Models;

namespace NeuralTopOpt.Tests.Materials;

public class NetworkMaterialTests
{
    private static readonly StiffnessTensor Solid = StiffnessTensor.Isotropic(1, 0.3, PlaneCondition.Strain);

    public static TheoryData<string> Methods => [.. JacobianMethods.Names];

    [Theory]
    [MemberData(nameof(Methods))]
    public void Dbto_network_gives_its_modulus_times_the_solid_tensor_and_tracks_eq_14_and_15(string method)
    {
        var material = NetworkMaterial.Modulus(TestModels.Dbto, JacobianMethods.Create(method, TestModels.Dbto.Network));
        double[] theta = [0.2, 0.35, 0.5, 0.65, 0.8, 0.95];
        var (c, dc) = (new double[4 * theta.Length], new double[4 * theta.Length]);

        var evaluation = material.Evaluate(theta, c, dc);

        Assert.Equal(0, evaluation.ClampedEntries);
        Assert.Equal(1, material.DesignVariablesPerElement);
        var modulus = TestModels.Dbto.Network.Predict(theta);
        double[] unit = [Solid.C11, Solid.C12, Solid.C22, Solid.C33];
        for (var e = 0; e < theta.Length; e++)
        {
            for (var t = 0; t < 4; t++)
            {
                Assert.Equal(modulus[e] * unit[t], c[(4 * e) + t], 15);
                Assert.Equal(dc[4 * e] / unit[0] * unit[t], dc[(4 * e) + t], 12);
            }

            // The network learned E = 1e-9 + θ³ (test MSE 2e-8): value and slope close to Eq. (14)–(15).
            Assert.Equal(Math.Pow(theta[e], 3), modulus[e], 3);
            Assert.Equal(3 * theta[e] * theta[e], dc[4 * e] / unit[0], 1);
        }
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void Hbto_network_maps_the_jacobian_layout_onto_dC_ij_dtheta_k(string method)
    {
        var material = NetworkMaterial.Orthotropic(TestModels.Hbto, JacobianMethods.Create(method, TestModels.Hbto.Network));
        double[] designs = [0.3, 0.6, 0.7, 0.2, 0.5, 0.5];
        var (c, dc) = (new double[12], new double[24]);

        material.Evaluate(designs, c, dc);

        var network = TestModels.Hbto.Network;
        Assert.Equal(network.Predict(designs), c);
        const double H = 1e-5;
        for (var e = 0; e < 3; e++)
        {
            for (var k = 0; k < 2; k++)
            {
                var plus = designs.AsSpan(2 * e, 2).ToArray();
                var minus = designs.AsSpan(2 * e, 2).ToArray();
                plus[k] += H;
                minus[k] -= H;
                var (yp, ym) = (network.Predict(plus), network.Predict(minus));
                for (var t = 0; t < 4; t++)
                {
                    Assert.Equal((yp[t] - ym[t]) / (2 * H), dc[(8 * e) + (2 * t) + k], 1e-7);
                }
            }
        }
    }

    [Fact]
    public void Entries_outside_the_paper_range_are_clamped_counted_and_keep_the_network_derivative()
    {
        // E(θ) = 2θ − 0.5: negative at θ = 0.1, above E_max at θ = 0.9, slope 2 everywhere.
        var line = new NetworkModel(new Mlp([new DenseLayer(1, 1, [2.0], [-0.5], Activation.Linear)]));
        var material = NetworkMaterial.Modulus(line, JacobianMethods.Create("nnj", line.Network));
        double[] theta = [0.1, 0.5, 0.9];
        var (c, dc) = (new double[12], new double[12]);

        var evaluation = material.Evaluate(theta, c, dc);

        Assert.Equal(8, evaluation.ClampedEntries);
        double[] unit = [Solid.C11, Solid.C12, Solid.C22, Solid.C33];
        for (var t = 0; t < 4; t++)
        {
            Assert.Equal(1e-9 * unit[t], c[t], 1e-24);
            Assert.Equal(0.5 * unit[t], c[4 + t], 15);
            Assert.Equal(unit[t], c[8 + t]);
            for (var e = 0; e < 3; e++)
            {
                Assert.Equal(2 * unit[t], dc[(4 * e) + t], 14);
            }
        }
    }

    [Fact]
    public void Hbto_coupling_is_limited_to_the_solid_ratio_so_the_tensor_stays_positive_definite()
    {
        // C = (0.1, 0.3, 0.1, 0.05) for every input: C12 > √(C11·C22) would make Kₑ indefinite.
        var constant = new NetworkModel(new Mlp([new DenseLayer(2, 4, new double[8], [0.1, 0.3, 0.1, 0.05], Activation.Linear)]));
        var material = NetworkMaterial.Orthotropic(constant, JacobianMethods.Create("ad", constant.Network));
        var (c, dc) = (new double[4], new double[8]);

        var evaluation = material.Evaluate([0.9, 0.9], c, dc);

        Assert.Equal(1, evaluation.ClampedEntries);
        var ratio = Solid.C12 / Math.Sqrt(Solid.C11 * Solid.C22);
        Assert.Equal(0.3 / 0.7, ratio, 14);
        Assert.Equal(ratio * 0.1, c[1], 15);
        Assert.True((c[0] * c[2]) - (c[1] * c[1]) > 0);
        Assert.Equal(new double[8], dc);
    }

    [Fact]
    public void The_papers_clamp_keeps_the_entries_only_and_its_solid_tensor_is_the_four_digit_one()
    {
        // C = (0.1, 0.3, 0.1, 2) for every input: C12 > √(C11·C22), C33 above C_max.
        var constant = new NetworkModel(new Mlp([new DenseLayer(2, 4, new double[8], [0.1, 0.3, 0.1, 2], Activation.Linear)]));
        var source = MaterialSource.Network(constant, "ad") with { Clamp = StiffnessClamp.Paper, SolidTensor = SolidTensor.Paper };
        var material = (NetworkMaterial)CellFamilies.Hole.CreateMaterial(source);
        var c = new double[4];

        var clamped = material.Stiffness([0.9, 0.9], c);

        Assert.Equal(1, clamped);
        Assert.Equal([0.1, 0.3, 0.1, 0.3846], c);   // C33 to the paper's C_max; C12 left above √(C11·C22)
        Assert.Equal(new StiffnessTensor(1.3462, 0.5769, 1.3462, 0.3846), material.Solid);
        Assert.Equal(StiffnessClamp.Paper, material.Clamp);
        Assert.Contains("plane-strain", Assert.Throws<IncompatibleChoicesException>(() => CellFamilies.Hole.CreateMaterial(source, PlaneCondition.Stress)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_papers_solid_tensor_scales_the_modulus_network_and_SIMP()
    {
        var network = (NetworkMaterial)CellFamilies.Density.CreateMaterial(MaterialSource.Network(TestModels.Dbto, "nnj") with { SolidTensor = SolidTensor.Paper });
        var simp = CellFamilies.Density.CreateMaterial(MaterialSource.Simp() with { SolidTensor = SolidTensor.Paper });
        var exact = CellFamilies.Density.CreateMaterial(MaterialSource.Simp());
        var (c, d, e) = (new double[4], new double[4], new double[4]);

        network.Stiffness([0.5], c);
        simp.Stiffness([0.5], d);
        exact.Stiffness([0.5], e);

        var modulus = TestModels.Dbto.Network.Predict([0.5])[0];
        Assert.Equal([modulus * 1.3462, modulus * 0.5769, modulus * 1.3462, modulus * 0.3846], c);
        var simpModulus = 1e-9 + ((1 - 1e-9) * 0.125);
        Assert.Equal([simpModulus * 1.3462, simpModulus * 0.5769, simpModulus * 1.3462, simpModulus * 0.3846], d);
        Assert.Equal(simpModulus * 0.7 / 0.52, e[0], 15);   // exact: (1 − ν)/((1 + ν)(1 − 2ν)) = 0.7/0.52
        var custom = MaterialSource.Custom(exact) with { Clamp = StiffnessClamp.Paper };
        Assert.Contains("used as it is", Assert.Throws<IncompatibleChoicesException>(() => CellFamilies.Density.CreateMaterial(custom)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "the density cell needs a network 1 -> 1 (theta -> E)")]
    [InlineData(false, "the hole cell needs a network 2 -> 4 (width, height -> C11, C12, C22, C33)")]
    public void A_network_with_the_wrong_inputs_or_outputs_is_refused_in_one_line(bool dbto, string message)
    {
        var error = Assert.Throws<InvalidInputException>(() => dbto
            ? CellFamilies.Density.CreateMaterial(MaterialSource.Network(TestModels.Hbto, "nnj"))
            : CellFamilies.Hole.CreateMaterial(MaterialSource.Network(TestModels.Dbto, "nnj")));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_method_bound_to_another_network_is_refused()
    {
        var foreign = JacobianMethods.Create("nnj", TestModels.Dbto.Network);

        Assert.Throws<InvalidInputException>(() => NetworkMaterial.Orthotropic(TestModels.Hbto, foreign));
        Assert.Throws<InvalidInputException>(() => MaterialSource.Network(TestModels.Hbto, foreign));
    }
}
