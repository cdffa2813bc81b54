using MathNet.Numerics.LinearAlgebra;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Tests.Homogenization;

public class CellHomogenizerTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(16)]
    public void Uniform_cell_returns_its_own_tensor(int resolution)
    {
        foreach (var c in new[] { CellTestData.Solid, CellTestData.Anisotropic })
        {
            var cells = Enumerable.Repeat(c, resolution * resolution).ToArray();

            var h = new CellHomogenizer(resolution).Homogenize(CellTestData.PixelTensors(cells));

            Assert.True((CellTestData.ToMatrix(h) - CellTestData.ToMatrix(c)).InfinityNorm() < 1e-12, $"{h.ToTensor()} vs {c}");
        }
    }

    [Fact]
    public void Hole_cells_without_a_hole_or_without_solid_give_the_solid_and_the_void_floor()
    {
        var homogenizer = new CellHomogenizer(10);
        var solid = CellTestData.ToMatrix(CellTestData.Solid);

        Assert.True((CellTestData.ToMatrix(homogenizer.HomogenizeHole(0, 0.7)) - solid).InfinityNorm() < 1e-12);
        Assert.True((CellTestData.ToMatrix(homogenizer.HomogenizeHole(1, 1)) - (1e-9 * solid)).InfinityNorm() < 1e-20);
    }

    [Fact]
    public void Tensor_is_symmetric_and_equals_the_average_stress_of_each_load_case()
    {
        const int R = 12;
        var homogenizer = new CellHomogenizer(R);
        var densities = CellTestData.RandomDensities(R, 5);

        var h = homogenizer.HomogenizeDensities(densities);

        // Independent mixed form: column j of C^H is the cell average of σ = Cₑ·B·(χ⁰_j − χ_j) (the mean stress of load case j).
        var tensors = new double[6 * R * R];
        CellMaterial.Paper.PixelTensors(densities, tensors);
        var average = AverageStresses(homogenizer, tensors);
        var scale = CellTestData.ToMatrix(h).InfinityNorm();
        Assert.True(h.Asymmetry < 1e-13 * scale, $"asymmetry {h.Asymmetry}");
        Assert.True((average - CellTestData.ToMatrix(h)).InfinityNorm() < 1e-10 * scale, $"{average} vs {CellTestData.ToMatrix(h)}");
        Assert.True(h.C13 != 0 && h.C23 != 0, "a random map couples normal and shear strains");
    }

    [Fact]
    public void Swapping_x_and_y_swaps_the_normal_stiffnesses()
    {
        const int R = 9;
        var densities = CellTestData.RandomDensities(R, 11);
        var transposed = new double[R * R];
        for (var i = 0; i < R; i++)
        {
            for (var j = 0; j < R; j++)
            {
                // Pixel (column i, row j from the top) goes to (column R−1−j, row R−1−i): the reflection x ↔ y.
                transposed[((R - 1 - j) * R) + (R - 1 - i)] = densities[(i * R) + j];
            }
        }

        var homogenizer = new CellHomogenizer(R);
        var a = homogenizer.HomogenizeDensities(densities);
        var b = homogenizer.HomogenizeDensities(transposed);

        Assert.Equal(a.C11, b.C22, 1e-12);
        Assert.Equal(a.C22, b.C11, 1e-12);
        Assert.Equal(a.C12, b.C12, 1e-12);
        Assert.Equal(a.C33, b.C33, 1e-12);
        Assert.Equal(a.C13, b.C23, 1e-12);
        Assert.NotEqual(a.C11, a.C22, 1e-6);
    }

    [Fact]
    public void Threads_sharing_one_mesh_give_the_serial_results_bit_for_bit()
    {
        var mesh = PeriodicCellMesh.Create(20);
        var maps = Enumerable.Range(0, 8).Select(s => CellTestData.RandomDensities(20, s)).ToArray();
        var serial = new CellHomogenizer(mesh) { MaxDegreeOfParallelism = 1 };
        var expected = maps.Select(m => serial.HomogenizeDensities(m).ToArray()).ToArray();
        var parallel = new double[maps.Length][];

        Parallel.For(0, maps.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, () => new CellHomogenizer(mesh) { MaxDegreeOfParallelism = 1 }, (k, _, h) =>
        {
            parallel[k] = h.HomogenizeDensities(maps[k]).ToArray();
            return h;
        }, _ => { });

        Assert.Equal(expected, parallel);
    }

    [Fact]
    public void Bad_pixels_are_refused_with_one_line()
    {
        var homogenizer = new CellHomogenizer(4);
        var densities = new double[16];
        densities[5] = 1.5;
        var negative = CellTestData.PixelTensors(Enumerable.Repeat(new StiffnessTensor(1, 2, 1, 1), 16).ToArray());

        Assert.Contains("pixel 5 has density 1.5", Assert.Throws<InvalidInputException>(() => homogenizer.HomogenizeDensities(densities)).Message, StringComparison.Ordinal);
        Assert.Contains("not finite and positive definite", Assert.Throws<InvalidInputException>(() => homogenizer.Homogenize(negative)).Message, StringComparison.Ordinal);
        Assert.Contains("must be 2 to 2000 pixels per side, not 1", Assert.Throws<InvalidInputException>(() => PeriodicCellMesh.Create(1)).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidInputException>(() => homogenizer.HomogenizeHole(0.5, -0.1));
    }

    /// <summary>⟨σ⟩ for each unit strain by 2×2 Gauss quadrature of Cₑ·B·dⱼ over every element (|J| = 1/4, weights 1).</summary>
    private static Matrix<double> AverageStresses(CellHomogenizer homogenizer, double[] tensors)
    {
        var mesh = homogenizer.Mesh;
        var n = mesh.UnknownCount;
        var chi = homogenizer.Fluctuations.ToArray();
        var sum = Matrix<double>.Build.Dense(3, 3);
        var b = new double[24];
        var g = 1 / Math.Sqrt(3);
        for (var e = 0; e < mesh.ElementCount; e++)
        {
            var t = tensors.AsSpan(6 * e, 6);
            var c = CellTestData.ToMatrix(new StiffnessTensor(t[0], t[1], t[2], t[3], t[4], t[5]));
            for (var j = 0; j < 3; j++)
            {
                var d = Vector<double>.Build.Dense(8, a =>
                {
                    var u = mesh.ElementUnknowns[(8 * e) + a];
                    return PeriodicCellMesh.UnitStrainDisplacement(j)[a] - (u >= 0 ? chi[(j * n) + u] : 0);
                });
                foreach (var (xi, eta) in new[] { (-g, -g), (g, -g), (g, g), (-g, g) })
                {
                    Q4Element.StrainDisplacement(xi, eta, b);
                    var strain = Matrix<double>.Build.DenseOfRowMajor(3, 8, b) * d;
                    sum.SetColumn(j, sum.Column(j) + (0.25 * (c * strain)));
                }
            }
        }

        return sum / mesh.ElementCount;
    }
}
