using System.Globalization;
using NeuralTopOpt.Derivatives;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Nn.Formats;

/// <summary>
/// The paper's CFD sensitivities differ from its exact ones (Fig. 11: ∂φ₀/∂θ MSE 1.07e-4 for HBTO);
/// ours agree to rounding. Emulating Keras' predict, which rounds float64 inputs to float32, in the
/// finite difference reproduces the paper's CFD sensitivities themselves.
/// </summary>
public class PaperCfdEmulationTests(ITestOutputHelper output)
{
    private static readonly JacobianOptions Float32 = new() { FiniteDifferenceRounding = InputRounding.Float32 };

    [Theory]
    [InlineData("dbto")]
    [InlineData("hbto")]
    public void Float32_inputs_reproduce_the_papers_cfd_sensitivities(string formulation)
    {
        var code = formulation == "dbto" ? PaperSensitivityTests.PaperCode.FourDigitSolid : PaperSensitivityTests.PaperCode.Float32Stiffness;
        var nnj = PaperSensitivityTests.Initial(formulation, "nnj", code);
        var cfd = PaperSensitivityTests.Initial(formulation, "cfd", code);
        var emulated = PaperSensitivityTests.Initial(formulation, "cfd", code, Float32);
        var paperCfd = PaperSensitivityTests.Paper(formulation, "cfd");
        var paperNnj = PaperSensitivityTests.Paper(formulation, "nnj");

        var paperMse = Mse(paperCfd, paperNnj);
        var plainMse = Mse(cfd, nnj);
        var emulatedMse = Mse(emulated, nnj);
        var againstPaper = Mse(emulated, paperCfd);
        var worst = emulated.Select((e, k) => Math.Abs(e - paperCfd[k]) / Math.Abs(paperCfd[k])).Max();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{formulation}: MSE(cfd, nnj) paper {paperMse:E3}, ours {plainMse:E3}, ours with float32 inputs {emulatedMse:E3}; MSE(emulated cfd, paper cfd) {againstPaper:E3}, largest relative difference {worst:E3}"));

        Assert.True(plainMse < 1e-12 * paperMse, $"plain cfd MSE {plainMse:E3}");
        Assert.InRange(emulatedMse / paperMse, 0.9, 1.1);
        Assert.True(againstPaper < 1e-6 * paperMse, $"emulated cfd against the paper's: MSE {againstPaper:E3}");
    }

    [Theory]
    [InlineData("dbto")]
    [InlineData("hbto")]
    public void With_our_own_material_code_the_float32_cfd_error_is_the_papers(string formulation)
    {
        var nnj = PaperSensitivityTests.Initial(formulation, "nnj");
        var emulated = PaperSensitivityTests.Initial(formulation, "cfd", options: Float32);
        var paperMse = Mse(PaperSensitivityTests.Paper(formulation, "cfd"), PaperSensitivityTests.Paper(formulation, "nnj"));

        var emulatedMse = Mse(emulated, nnj);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{formulation}, exact C_solid and float64 C: MSE(cfd-float32, nnj) {emulatedMse:E3} (paper {paperMse:E3})"));
        Assert.InRange(emulatedMse / paperMse, 0.9, 1.1);
    }

    private static double Mse(double[] a, double[] b) => a.Zip(b, (x, y) => (x - y) * (x - y)).Average();
}
