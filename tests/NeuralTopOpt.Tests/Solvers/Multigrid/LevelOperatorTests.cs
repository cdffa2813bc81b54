using NeuralTopOpt.Fem;
using NeuralTopOpt.Solvers.Multigrid;

namespace NeuralTopOpt.Tests.Solvers.Multigrid;

public class LevelOperatorTests
{
    [Theory]
    [InlineData(6, 5, 4)]
    [InlineData(7, 3, 6)]
    [InlineData(1, 9, 4)]
    [InlineData(11, 1, 6)]
    public void Matrix_free_and_stencil_products_equal_the_assembled_stiffness(int nx, int ny, int terms)
    {
        var mesh = new GridMesh(nx, ny);
        var basis = new TermBasis(Q4Element.UnitSquare, terms);
        var coefficients = MultigridTestData.RandomCoefficients(mesh.ElementCount, terms, seed: nx + ny);
        var reference = MultigridTestData.AssembledStiffness(mesh, MultigridTestData.PackedElementMatrices(Q4Element.UnitSquare, coefficients, terms));
        var layout = new GridLayout(GridAxis.Uniform(nx), GridAxis.Uniform(ny));
        var columns = new ColumnRanges(2);
        var matrixFree = new ElementCoefficientOperator(layout, basis, [], columns);
        matrixFree.SetCoefficients(coefficients);
        var stencil = new StencilOperator(layout, columns);
        StencilAssembly.FromCoefficients(matrixFree.Coefficients, basis, stencil, columns);

        Assert.True(MultigridTestData.RelativeDifference(MultigridTestData.Dense(layout, layout, matrixFree.Apply), reference) < 1e-14);
        Assert.True(MultigridTestData.RelativeDifference(MultigridTestData.Dense(layout, layout, stencil.Apply), reference) < 1e-14);

        // Diagonals, and the epilogues: residual b − A·u and a Jacobi sweep u + w(b − A·u).
        var d1 = new double[layout.Length];
        var d2 = new double[layout.Length];
        matrixFree.Diagonal(d1);
        stencil.Diagonal(d2);
        var positions = MultigridTestData.MeshPositions(layout);
        for (var i = 0; i < positions.Length; i++)
        {
            Assert.Equal(reference[i, i], d1[positions[i]], 12);
            Assert.Equal(reference[i, i], d2[positions[i]], 12);
        }

        var random = new Random(3);
        var u = new double[layout.Length];
        var b = new double[layout.Length];
        var w = new double[layout.Length];
        foreach (var p in positions)
        {
            u[p] = random.NextDouble();
            b[p] = random.NextDouble();
            w[p] = random.NextDouble();
        }

        var au = new double[layout.Length];
        var r = new double[layout.Length];
        var next = new double[layout.Length];
        stencil.Apply(u, au);
        matrixFree.Residual(b, u, r);
        stencil.JacobiSweep(b, u, w, 0.7, next);
        for (var i = 0; i < layout.Length; i++)
        {
            Assert.Equal(b[i] - au[i], r[i], 12);
            Assert.Equal(u[i] + (0.7 * w[i] * (b[i] - au[i])), next[i], 12);
        }
    }

    [Fact]
    public void Fixed_dofs_get_zero_rows_and_columns_in_both_operators()
    {
        var mesh = new GridMesh(5, 4);
        var basis = new TermBasis(Q4Element.UnitSquare, 4);
        var coefficients = MultigridTestData.RandomCoefficients(mesh.ElementCount, 4, seed: 9);
        var layout = new GridLayout(GridAxis.Uniform(5), GridAxis.Uniform(4));
        int[] fixedMesh = [0, 1, 7, 2 * mesh.Node(3, 2), (2 * mesh.Node(5, 4)) + 1];
        var positions = fixedMesh.Select(layout.FromMeshDof).ToArray();
        var columns = new ColumnRanges(1);
        var matrixFree = new ElementCoefficientOperator(layout, basis, positions, columns);
        matrixFree.SetCoefficients(coefficients);
        var stencil = new StencilOperator(layout, columns);
        StencilAssembly.FromCoefficients(matrixFree.Coefficients, basis, stencil, columns);
        foreach (var dof in fixedMesh)
        {
            var node = dof / 2;
            stencil.MaskDof(node / layout.NodesY, node % layout.NodesY, dof % 2);
        }

        var reference = MultigridTestData.AssembledStiffness(mesh, MultigridTestData.PackedElementMatrices(Q4Element.UnitSquare, coefficients, 4));
        foreach (var dof in fixedMesh)
        {
            for (var k = 0; k < mesh.DofCount; k++)
            {
                reference[dof, k] = 0;
                reference[k, dof] = 0;
            }
        }

        // On vectors that are zero on the fixed DOFs (the solver keeps them so), both give M·K·M.
        var mask = new HashSet<int>(positions);
        void Masked(LevelOperator op, double[] x, double[] y)
        {
            foreach (var p in mask)
            {
                x[p] = 0;
            }

            op.Apply(x, y);
        }

        var fromMatrixFree = MultigridTestData.Dense(layout, layout, (x, y) => Masked(matrixFree, x, y));
        var fromStencil = MultigridTestData.Dense(layout, layout, stencil.Apply);
        Assert.True(MultigridTestData.RelativeDifference(fromMatrixFree, reference) < 1e-14);
        Assert.True(MultigridTestData.RelativeDifference(fromStencil, reference) < 1e-14);
    }
}
