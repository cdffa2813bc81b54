using NeuralTopOpt.Fem;
using NeuralTopOpt.Solvers.Multigrid;

namespace NeuralTopOpt.Tests.Solvers.Multigrid;

public class CoarseOperatorTests
{
    /// <summary>Dense Pᵀ·A·P from the level's own (masked) operator and transfer.</summary>
    private static double[,] GalerkinProduct(MultigridLevel fine)
    {
        var transfer = fine.ToCoarser!;
        var coarse = transfer.Coarse;
        var p = MultigridTestData.Dense(coarse, fine.Layout, transfer.ProlongAdd);
        var a = MultigridTestData.Dense(fine.Layout, fine.Layout, (x, y) =>
        {
            foreach (var f in fine.FixedPositions)
            {
                x[f] = 0;
            }

            fine.Operator.Apply(x, y);
        });
        var n = p.GetLength(1);
        var m = p.GetLength(0);
        var ap = new double[m, n];
        for (var i = 0; i < m; i++)
        {
            for (var k = 0; k < m; k++)
            {
                if (a[i, k] == 0)
                {
                    continue;
                }

                for (var j = 0; j < n; j++)
                {
                    ap[i, j] += a[i, k] * p[k, j];
                }
            }
        }

        var result = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < m; k++)
            {
                if (p[k, i] == 0)
                {
                    continue;
                }

                for (var j = 0; j < n; j++)
                {
                    result[i, j] += p[k, i] * ap[k, j];
                }
            }
        }

        return result;
    }

    private static MultigridPreconditioner Hierarchy(int nx, int ny, int terms, int[] fixedDofs, CoarseOperatorKind kind, double[] coefficients, FineOperatorKind fine = FineOperatorKind.MatrixFree)
    {
        var options = new MultigridOptions { CoarsestMaxUnknowns = 2, CoarseOperator = kind, FineOperator = fine, MaxDegreeOfParallelism = 2 };
        var hierarchy = new MultigridPreconditioner(nx, ny, new TermBasis(Q4Element.UnitSquare, terms), fixedDofs, options);
        hierarchy.Update(coefficients);
        return hierarchy;
    }

    [Theory]
    [InlineData(8, 6, 4)]
    [InlineData(9, 7, 4)]
    [InlineData(7, 10, 6)]
    [InlineData(12, 1, 4)]
    [InlineData(134, 6, 4)]
    [InlineData(131, 5, 6)]
    public void Galerkin_levels_equal_the_triple_product_of_the_finer_operator(int nx, int ny, int terms)
    {
        // Level 1 is computed in windows of 32 element columns; nx > 128 gives several, on two threads.
        var mesh = new GridMesh(nx, ny);
        int[] supports = [0, 1, 2 * mesh.Node(0, ny), (2 * mesh.Node(nx, ny)) + 1, 2 * mesh.Node(nx / 2, 1), (2 * mesh.Node(3, ny / 2)) + 1];
        var coefficients = MultigridTestData.RandomCoefficients(mesh.ElementCount, terms, seed: 5, contrast: 1e-6);
        var hierarchy = Hierarchy(nx, ny, terms, supports, CoarseOperatorKind.Galerkin, coefficients);

        Assert.True(hierarchy.Levels.Count >= 3);
        for (var l = 0; l + 1 < Math.Min(hierarchy.Levels.Count, 3); l++)
        {
            var coarse = hierarchy.Levels[l + 1];
            var expected = GalerkinProduct(hierarchy.Levels[l]);
            var actual = MultigridTestData.Dense(coarse.Layout, coarse.Layout, coarse.Operator.Apply);
            Assert.True(MultigridTestData.RelativeDifference(actual, expected) < 1e-13, $"level {l + 1}: {MultigridTestData.RelativeDifference(actual, expected)}");
        }
    }

    [Theory]
    [InlineData(8, 6)]
    [InlineData(11, 5)]
    public void Galerkin_equals_rediscretization_for_uniform_material(int nx, int ny)
    {
        // With constant coefficients the coarse FE space is a subspace of the fine one and Q4 integrates
        // exactly, so Pᵀ·K_h·P is the stiffness of the coarse elements themselves (rectangles at odd ends too).
        var mesh = new GridMesh(nx, ny);
        int[] supports = [0, 1, (2 * mesh.Node(nx, ny)) + 1];
        var tensor = new StiffnessTensor(1.3, 0.55, 1.1, 0.4, 0.05, -0.03);
        var coefficients = Enumerable.Range(0, mesh.ElementCount).SelectMany(_ => new[] { tensor.C11, tensor.C12, tensor.C22, tensor.C33, tensor.C13, tensor.C23 }).ToArray();
        var galerkin = Hierarchy(nx, ny, 6, supports, CoarseOperatorKind.Galerkin, coefficients);
        var rediscretized = Hierarchy(nx, ny, 6, supports, CoarseOperatorKind.Rediscretized, coefficients, FineOperatorKind.Assembled);

        for (var l = 1; l < galerkin.Levels.Count; l++)
        {
            var layout = galerkin.Levels[l].Layout;
            var a = MultigridTestData.Dense(layout, layout, galerkin.Levels[l].Operator.Apply);
            var b = MultigridTestData.Dense(layout, layout, rediscretized.Levels[l].Operator.Apply);
            Assert.True(MultigridTestData.RelativeDifference(a, b) < 1e-13, $"level {l}");
        }
    }

    [Fact]
    public void Rediscretization_averages_the_coefficients_by_area()
    {
        // 3 × 2 elements: the coarse x-axis has a 2-wide and a 1-wide element.
        var mesh = new GridMesh(3, 2);
        var coefficients = new double[mesh.ElementCount];
        for (var e = 0; e < coefficients.Length; e++)
        {
            coefficients[e] = e + 1;
        }

        var fine = new GridLayout(GridAxis.Uniform(3), GridAxis.Uniform(2));
        var coarse = new GridLayout(fine.X.Coarsen(), fine.Y.Coarsen());
        var fineFields = new double[fine.ElementFieldLength];
        for (var ex = 0; ex < 3; ex++)
        {
            for (var ey = 0; ey < 2; ey++)
            {
                fineFields[fine.Element(ex, ey)] = coefficients[mesh.Element(ex, ey)];
            }
        }

        var coarseFields = new double[coarse.ElementFieldLength];
        Rediscretization.AverageCoefficients(fine, coarse, 1, fineFields, coarseFields, new ColumnRanges(1));

        Assert.Equal((1 + 2 + 3 + 4) / 4.0, coarseFields[coarse.Element(0, 0)], 14);
        Assert.Equal((5 + 6) / 2.0, coarseFields[coarse.Element(1, 0)], 14);
        Assert.Equal(0, coarseFields.Sum() - 2.5 - 5.5, 14);
    }
}
