using MathNet.Numerics.LinearAlgebra;
using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Tests.Fem;

public class Q4ElementTests
{
    private static readonly StiffnessTensor Orthotropic = new(1.7, 0.45, 0.9, 0.31);

    [Fact]
    public void Plane_stress_element_matches_the_88_line_code_matrix()
    {
        // KE of Andreassen et al. (2011): 1/(1 − ν²)/24 · ([A11 A12; A12ᵀ A11] + ν[B11 B12; B12ᵀ B11]), E = 1.
        const double Nu = 0.3;
        double[,] a11 = { { 12, 3, -6, -3 }, { 3, 12, 3, 0 }, { -6, 3, 12, -3 }, { -3, 0, -3, 12 } };
        double[,] a12 = { { -6, -3, 0, 3 }, { -3, -6, -3, -6 }, { 0, -3, -6, 3 }, { 3, -6, 3, -6 } };
        double[,] b11 = { { -4, 3, -2, 9 }, { 3, -4, -9, 4 }, { -2, -9, -4, -3 }, { 9, 4, -3, -4 } };
        double[,] b12 = { { 2, -3, 4, -9 }, { -3, 2, 9, -2 }, { 4, 9, 2, 3 }, { -9, -2, 3, 2 } };
        var ke = new double[64];

        Q4Element.UnitSquare.Stiffness(StiffnessTensor.Isotropic(1, Nu, PlaneCondition.Stress), ke);

        for (var r = 0; r < 8; r++)
        {
            for (var c = 0; c < 8; c++)
            {
                double Block(double[,] upperLeft, double[,] upperRight) => (r < 4, c < 4) switch
                {
                    (true, true) => upperLeft[r, c],
                    (true, false) => upperRight[r, c - 4],
                    (false, true) => upperRight[c, r - 4],
                    _ => upperLeft[r - 4, c - 4],
                };
                var expected = (Block(a11, a12) + (Nu * Block(b11, b12))) / (1 - (Nu * Nu)) / 24;
                Assert.Equal(expected, ke[(r * 8) + c], 14);
            }
        }
    }

    [Fact]
    public void Orthotropic_element_matches_the_closed_form_of_the_papers_code()
    {
        // Entries of kefun_C in the paper's repository: fractions 1/3, 1/4, 1/6 of C11, C12, C22, C33.
        var (c11, c12, c22, c33) = (Orthotropic.C11, Orthotropic.C12, Orthotropic.C22, Orthotropic.C33);
        var p = (c11 + c33) / 3;
        var q = (c12 + c33) / 4;
        var r = (c22 + c33) / 3;
        var s = (c12 - c33) / 4;
        var a = (c33 / 6) - (c11 / 3);
        var b = (c22 / 6) - (c33 / 3);
        var d = -(c11 + c33) / 6;
        var e = -(c22 + c33) / 6;
        var f = (c11 / 6) - (c33 / 3);
        var g = (c33 / 6) - (c22 / 3);
        double[,] expected =
        {
            { p, q, a, s, d, -q, f, -s },
            { q, r, -s, b, -q, e, s, g },
            { a, -s, p, -q, f, s, d, q },
            { s, b, -q, r, -s, g, q, e },
            { d, -q, f, -s, p, q, a, s },
            { -q, e, s, g, q, r, -s, b },
            { f, s, d, q, a, -s, p, -q },
            { -s, g, q, e, s, b, -q, r },
        };
        var ke = new double[64];

        Q4Element.UnitSquare.Stiffness(Orthotropic, ke);

        for (var i = 0; i < 8; i++)
        {
            for (var j = 0; j < 8; j++)
            {
                Assert.Equal(expected[i, j], ke[(i * 8) + j], 14);
            }
        }
    }

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(0.01, 0.01)]
    [InlineData(2.0, 0.5)]
    public void Rigid_body_modes_span_the_null_space(double width, double height)
    {
        var ke = new double[64];
        Q4Element.Basis(width, height).Stiffness(Orthotropic, ke);
        var k = Matrix<double>.Build.DenseOfRowMajor(8, 8, ke);
        (double X, double Y)[] nodes = [(0, 0), (width, 0), (width, height), (0, height)];
        var translationX = Vector<double>.Build.Dense(8, i => i % 2 == 0 ? 1 : 0);
        var translationY = Vector<double>.Build.Dense(8, i => i % 2 == 1 ? 1 : 0);
        var rotation = Vector<double>.Build.Dense(8, i => i % 2 == 0 ? -nodes[i / 2].Y : nodes[i / 2].X);

        foreach (var mode in new[] { translationX, translationY, rotation })
        {
            Assert.True((k * mode).InfinityNorm() < 1e-13 * k.InfinityNorm());
        }

        var eigenvalues = k.Evd(Symmetricity.Symmetric).EigenValues.Select(v => v.Real).Order().ToArray();
        Assert.All(eigenvalues[..3], v => Assert.True(Math.Abs(v) < 1e-12 * eigenvalues[^1]));
        Assert.All(eigenvalues[3..], v => Assert.True(v > 1e-3 * eigenvalues[^1]));
        Assert.True((k - k.Transpose()).InfinityNorm() < 1e-15);
    }

    [Fact]
    public void Linear_displacement_gives_constant_strain_and_boundary_traction_forces()
    {
        // u = (0.3x − 0.2y, 0.1x + 0.4y): ε = (0.3, 0.4, γ = −0.2 + 0.1).
        double[] strain = [0.3, 0.4, -0.1];
        (double X, double Y)[] nodes = [(0, 0), (1, 0), (1, 1), (0, 1)];
        var ue = new double[8];
        for (var i = 0; i < 4; i++)
        {
            ue[2 * i] = (0.3 * nodes[i].X) - (0.2 * nodes[i].Y);
            ue[(2 * i) + 1] = (0.1 * nodes[i].X) + (0.4 * nodes[i].Y);
        }

        var b = new double[24];
        foreach (var (xi, eta) in new[] { (-0.3, 0.8), (0.0, 0.0), (1.0, -1.0) })
        {
            Q4Element.StrainDisplacement(xi, eta, b);
            for (var row = 0; row < 3; row++)
            {
                Assert.Equal(strain[row], Enumerable.Range(0, 8).Sum(c => b[(row * 8) + c] * ue[c]), 14);
            }
        }

        // K·u = consistent forces of the constant stress σ = C·ε: each node carries half of σ·n of its two edges.
        var c = Orthotropic;
        var sxx = (c.C11 * strain[0]) + (c.C12 * strain[1]);
        var syy = (c.C12 * strain[0]) + (c.C22 * strain[1]);
        var sxy = c.C33 * strain[2];
        double[] expected =
        [
            -(sxx + sxy) / 2, -(sxy + syy) / 2, (sxx - sxy) / 2, (sxy - syy) / 2,
            (sxx + sxy) / 2, (sxy + syy) / 2, (sxy - sxx) / 2, (syy - sxy) / 2,
        ];
        var ke = new double[64];
        Q4Element.UnitSquare.Stiffness(c, ke);
        for (var row = 0; row < 8; row++)
        {
            Assert.Equal(expected[row], Enumerable.Range(0, 8).Sum(col => ke[(row * 8) + col] * ue[col]), 14);
        }
    }

    [Fact]
    public void Basis_energies_sum_to_the_element_energy()
    {
        var random = new Random(3);
        var ue = Enumerable.Range(0, 8).Select(_ => random.NextDouble() - 0.5).ToArray();
        var general = new StiffnessTensor(2.1, 0.6, 1.4, 0.5, 0.2, -0.15);
        var ke = new double[64];
        Q4Element.UnitSquare.Stiffness(general, ke);
        var energies = new double[6];

        Q4Element.UnitSquare.Energies(ue, energies);

        var direct = Enumerable.Range(0, 8).Sum(a => ue[a] * Enumerable.Range(0, 8).Sum(b => ke[(a * 8) + b] * ue[b]));
        double[] c = [general.C11, general.C12, general.C22, general.C33, general.C13, general.C23];
        Assert.Equal(direct, Enumerable.Range(0, 6).Sum(t => c[t] * energies[t]), 14);
    }

    [Theory]
    [InlineData(PlaneCondition.Strain, 1.3462, 0.5769, 0.3846)]
    [InlineData(PlaneCondition.Stress, 1.0989, 0.3297, 0.3846)]
    public void Isotropic_tensor_matches_the_papers_four_digit_values(PlaneCondition plane, double c11, double c12, double c33)
    {
        var c = StiffnessTensor.Isotropic(1, 0.3, plane);

        Assert.Equal(c11, c.C11, 4);
        Assert.Equal(c12, c.C12, 4);
        Assert.Equal(c11, c.C22, 4);
        Assert.Equal(c33, c.C33, 4);
        Assert.True(c.IsOrthotropic);
    }

    [Theory]
    [InlineData(1, 0.5, PlaneCondition.Strain)]
    [InlineData(1, -1, PlaneCondition.Stress)]
    [InlineData(0, 0.3, PlaneCondition.Stress)]
    [InlineData(double.NaN, 0.3, PlaneCondition.Stress)]
    public void Impossible_material_constants_are_rejected(double e, double nu, PlaneCondition plane) =>
        Assert.Throws<InvalidInputException>(() => StiffnessTensor.Isotropic(e, nu, plane));
}
