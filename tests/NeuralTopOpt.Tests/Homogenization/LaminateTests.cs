using MathNet.Numerics.LinearAlgebra;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Homogenization;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Homogenization;

/// <summary>
/// Closed-form checks: a laminate (stripes of several materials) has an exact homogenized tensor, and
/// every cell lies between the Reuss and Voigt bounds.
/// </summary>
/// <remarks>
/// Laminate with layers normal to n, volume fractions f_k, tensors C^k (Voigt, plane strain). Split the
/// strain into the components that may jump across an interface, J = (ε_nn, γ_nt), and the one that
/// must be continuous, c = ε_tt (compatibility along the layers). Equilibrium makes the tractions
/// t = C^k_JJ ε^k_J + C^k_Jc ε_c the same in every layer, so ε^k_J = (C^k_JJ)⁻¹(t − C^k_Jc ε_c). Averaging,
/// ε̄_J = ⟨C_JJ⁻¹⟩ t − ⟨C_JJ⁻¹C_Jc⟩ ε_c, hence t = ⟨C_JJ⁻¹⟩⁻¹(ε̄_J + ⟨C_JJ⁻¹C_Jc⟩ ε_c), and the mean of
/// the continuous stress σ_c = C_cJ ε_J + C_cc ε_c gives
/// <code>
///   C^H_JJ = ⟨C_JJ⁻¹⟩⁻¹                                  (Reuss-type average across the layers)
///   C^H_Jc = ⟨C_JJ⁻¹⟩⁻¹ ⟨C_JJ⁻¹C_Jc⟩
///   C^H_cc = ⟨C_cc − C_cJ C_JJ⁻¹ C_Jc⟩ + ⟨C_cJ C_JJ⁻¹⟩ ⟨C_JJ⁻¹⟩⁻¹ ⟨C_JJ⁻¹C_Jc⟩   (Voigt-type along them)
/// </code>
/// For isotropic layers normal to x this is C^H_11 = 1/⟨1/C11⟩, C^H_12 = ⟨C12/C11⟩/⟨1/C11⟩,
/// C^H_33 = 1/⟨1/C33⟩, C^H_22 = ⟨C22 − C12²/C11⟩ + ⟨C12/C11⟩²/⟨1/C11⟩. The exact displacement is piecewise
/// affine with kinks on element edges, which bilinear elements represent exactly: the FE result must
/// match to rounding.
/// </remarks>
public class LaminateTests(ITestOutputHelper output)
{
    private static readonly StiffnessTensor Soft = StiffnessTensor.Isotropic(0.2, 0.45, PlaneCondition.Strain);

    public static TheoryData<bool> Directions => new() { true, false };

    [Theory]
    [MemberData(nameof(Directions))]
    public void Isotropic_stripes_match_the_closed_form(bool normalAlongX)
    {
        StiffnessTensor[] layers = [CellTestData.Solid, Soft, CellTestData.Solid.Scale(1e-9)];
        int[] widths = [4, 5, 3];

        AssertLaminate(layers, widths, normalAlongX, 1e-12);
    }

    [Theory]
    [MemberData(nameof(Directions))]
    public void Anisotropic_stripes_match_the_closed_form(bool normalAlongX)
    {
        StiffnessTensor[] layers = [CellTestData.Anisotropic, Soft, new StiffnessTensor(0.9, 0.1, 2.2, 0.3, -0.12, 0.25)];
        int[] widths = [2, 3, 5];

        AssertLaminate(layers, widths, normalAlongX, 1e-12);
    }

    [Fact]
    public void Random_cells_lie_between_the_Reuss_and_Voigt_bounds()
    {
        const int R = 12;
        var homogenizer = new CellHomogenizer(R);
        for (var seed = 0; seed < 6; seed++)
        {
            var densities = CellTestData.RandomDensities(R, seed);
            var tensors = new double[6 * R * R];
            CellMaterial.Paper.PixelTensors(densities, tensors);
            var pixels = Enumerable.Range(0, R * R).Select(p => CellTestData.ToMatrix(new StiffnessTensor(tensors[6 * p], tensors[(6 * p) + 1], tensors[(6 * p) + 2], tensors[(6 * p) + 3]))).ToArray();
            var voigt = pixels.Aggregate((a, b) => a + b) / pixels.Length;
            var reuss = (pixels.Select(c => c.Inverse()).Aggregate((a, b) => a + b) / pixels.Length).Inverse();

            var h = CellTestData.ToMatrix(homogenizer.HomogenizeDensities(densities));

            var scale = voigt.InfinityNorm();
            Assert.True(CellTestData.MinEigenvalue(voigt - h) > 1e-3 * scale, $"seed {seed}: Voigt − C^H not positive definite");
            Assert.True(CellTestData.MinEigenvalue(h - reuss) > -1e-12 * scale, $"seed {seed}: C^H − Reuss not positive semi-definite");
        }
    }

    private void AssertLaminate(StiffnessTensor[] layers, int[] widths, bool normalAlongX, double tolerance)
    {
        var r = widths.Sum();
        var pixels = new StiffnessTensor[r * r];
        for (var i = 0; i < r; i++)
        {
            for (var j = 0; j < r; j++)
            {
                // Layer index from the coordinate across the layers: column i (normal x) or row j (normal y).
                var across = normalAlongX ? i : j;
                var layer = 0;
                for (var start = widths[0]; across >= start; start += widths[++layer])
                {
                }

                pixels[(i * r) + j] = layers[layer];
            }
        }

        var fractions = widths.Select(w => w / (double)r).ToArray();
        var expected = Closed(layers.Select(CellTestData.ToMatrix).ToArray(), fractions, normalAlongX ? [0, 2] : [1, 2], normalAlongX ? 1 : 0);

        var h = CellTestData.ToMatrix(new CellHomogenizer(r).Homogenize(CellTestData.PixelTensors(pixels)));

        output.WriteLine($"max |FE − closed form| = {(h - expected).InfinityNorm():E2}");
        Assert.True((h - expected).InfinityNorm() < tolerance, $"FE {h} vs closed form {expected}");
    }

    /// <summary>The closed form of the remarks; <paramref name="jump"/> are the indices of (ε_nn, γ_nt), <paramref name="continuous"/> that of ε_tt.</summary>
    private static Matrix<double> Closed(Matrix<double>[] c, double[] f, int[] jump, int continuous)
    {
        var m = Matrix<double>.Build;
        Matrix<double> Block(Matrix<double> a, int[] rows, int[] cols) => m.Dense(rows.Length, cols.Length, (i, j) => a[rows[i], cols[j]]);
        Matrix<double> Mean(Func<Matrix<double>, Matrix<double>> g) => c.Select((ck, k) => f[k] * g(ck)).Aggregate((a, b) => a + b);
        int[] cont = [continuous];

        var inverseJJ = Mean(ck => Block(ck, jump, jump).Inverse());
        var hJJ = inverseJJ.Inverse();
        var meanJc = Mean(ck => Block(ck, jump, jump).Inverse() * Block(ck, jump, cont));
        var hJc = hJJ * meanJc;
        var hcc = Mean(ck => Block(ck, cont, cont) - (Block(ck, cont, jump) * Block(ck, jump, jump).Inverse() * Block(ck, jump, cont)))
            + (meanJc.Transpose() * hJJ * meanJc);

        var h = m.Dense(3, 3);
        for (var a = 0; a < 2; a++)
        {
            for (var b = 0; b < 2; b++)
            {
                h[jump[a], jump[b]] = hJJ[a, b];
            }

            h[jump[a], continuous] = h[continuous, jump[a]] = hJc[a, 0];
        }

        h[continuous, continuous] = hcc[0, 0];
        return h;
    }
}
