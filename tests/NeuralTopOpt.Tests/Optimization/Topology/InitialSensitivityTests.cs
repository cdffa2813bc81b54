using NeuralTopOpt.Cells;
using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Tests.Models;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Optimization.Topology;

/// <summary>
/// The initial sensitivities ∂φ₀/∂θ of the paper's Fig. 8 and 11 on the 60×30 half MBB beam with its
/// settings (V_t = 0.5, r = 2.7, sensitivity filter, θ₀ = V_t or √(1 − V_t)): nnj, csm, ad and dual
/// agree to working precision (the paper: zero error between NNJ, CSM and AD); cfd differs by its
/// truncation and rounding error.
/// </summary>
public class InitialSensitivityTests(ITestOutputHelper output)
{
    private static readonly string[] Exact = ["nnj", "csm", "ad", "dual"];

    [Theory]
    [InlineData("dbto")]
    [InlineData("hbto")]
    public void Exact_methods_agree_to_working_precision_and_cfd_is_close(string formulation)
    {
        var gradients = JacobianMethods.Names.ToDictionary(m => m, m => Initial(formulation, m));

        foreach (var a in Exact)
        {
            foreach (var b in Exact)
            {
                var mse = MeanSquaredDifference(gradients[a], gradients[b]);
                Assert.True(mse < 1e-25, $"{formulation} {a} vs {b}: MSE {mse:E3}");
            }
        }

        var scale = gradients["nnj"].Average(g => g * g);
        foreach (var a in Exact)
        {
            var mse = MeanSquaredDifference(gradients[a], gradients["cfd"]);
            output.WriteLine($"{formulation} {a} vs cfd: MSE {mse:E3} (mean square of the sensitivities {scale:E3})");
            Assert.True(mse > 1e-30 && mse < 1e-14 * scale, $"{formulation} {a} vs cfd: MSE {mse:E3}");
        }
    }

    [Fact]
    public void The_dbto_network_sensitivities_are_close_to_the_simp_ground_truth()
    {
        var simp = Initial("dbto", "simp");
        var network = Initial("dbto", "nnj");

        var mse = MeanSquaredDifference(simp, network);

        output.WriteLine($"dbto simp vs nnj: MSE {mse:E3}");
        Assert.True(mse > 0 && mse < 1e-4 * simp.Average(g => g * g), $"MSE {mse:E3}");
    }

    internal static double[] Initial(string formulation, string method)
    {
        var hbto = formulation == "hbto";
        var cell = hbto ? CellFamilies.Hole : CellFamilies.Density;
        var material = cell.CreateMaterial(method == "simp" ? MaterialSource.Simp() : MaterialSource.Network(hbto ? TestModels.Hbto : TestModels.Dbto, method));
        var problem = new ComplianceProblem(StandardProblems.HalfMbb(60, 30), material, new ComplianceSettings { Cell = cell });
        return problem.Analyze(problem.InitialDesign()).Gradient;
    }

    internal static double MeanSquaredDifference(double[] a, double[] b) => a.Zip(b, (x, y) => (x - y) * (x - y)).Average();
}
