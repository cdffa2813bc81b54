using NeuralTopOpt.Solvers.Multigrid;

namespace NeuralTopOpt.Tests.Solvers.Multigrid;

public class GridTransferTests
{
    [Theory]
    [InlineData(300, 150)]
    [InlineData(125, 63)]
    [InlineData(75, 38)]
    [InlineData(2, 1)]
    [InlineData(3, 2)]
    public void Coarsening_keeps_every_other_node_and_the_last(int elements, int coarseElements)
    {
        var fine = GridAxis.Uniform(elements);
        var coarse = fine.Coarsen();

        Assert.Equal(coarseElements, coarse.ElementCount);
        Assert.Equal(0, coarse.FineNode[0]);
        Assert.Equal(elements, coarse.FineNode[^1]);
        for (var j = 0; j + 1 < coarse.NodeCount; j++)
        {
            Assert.InRange(coarse.ChildCount(j), 1, 2);
            Assert.Equal(coarse.FineNode[j], coarse.Coordinates[j]);
        }
    }

    [Fact]
    public void Odd_sizes_coarsen_down_to_one_element()
    {
        var axis = GridAxis.Uniform(2000);
        var sizes = new List<int>();
        while (axis.CanCoarsen)
        {
            axis = axis.Coarsen();
            sizes.Add(axis.ElementCount);
        }

        Assert.Equal([1000, 500, 250, 125, 63, 32, 16, 8, 4, 2, 1], sizes);
    }

    [Theory]
    [InlineData(8, 6)]
    [InlineData(7, 5)]
    [InlineData(5, 1)]
    [InlineData(41, 67)]
    public void Prolongation_reproduces_bilinear_fields_exactly(int elementsX, int elementsY)
    {
        // Twice coarsened along x, so the middle level has non-uniform spacing when the size is odd.
        var fine = new GridLayout(GridAxis.Uniform(elementsX), GridAxis.Uniform(elementsY));
        var middle = new GridLayout(fine.X.Coarsen(), fine.Y.CanCoarsen ? fine.Y.Coarsen() : fine.Y.Keep());
        var coarse = new GridLayout(middle.X.Coarsen(), middle.Y.CanCoarsen ? middle.Y.Coarsen() : middle.Y.Keep());
        var columns = new ColumnRanges(1);
        var t1 = new GridTransfer(middle, coarse, [], [], columns);
        var t0 = new GridTransfer(fine, middle, [], [], columns);
        static double U(double x, double y) => 0.3 + (1.5 * x) - (0.7 * y) + (0.25 * x * y);
        static double V(double x, double y) => -1 + (0.2 * x) + (2 * y) - (0.5 * x * y);
        var c = new double[coarse.Length];
        for (var i = 0; i < coarse.NodesX; i++)
        {
            for (var j = 0; j < coarse.NodesY; j++)
            {
                c[coarse.Dof(i, j, 0)] = U(coarse.X.Coordinates[i], coarse.Y.Coordinates[j]);
                c[coarse.Dof(i, j, 1)] = V(coarse.X.Coordinates[i], coarse.Y.Coordinates[j]);
            }
        }

        var m = new double[middle.Length];
        var f = new double[fine.Length];
        t1.ProlongAdd(c, m);
        t0.ProlongAdd(m, f);

        for (var i = 0; i < fine.NodesX; i++)
        {
            for (var j = 0; j < fine.NodesY; j++)
            {
                Assert.Equal(U(i, j), f[fine.Dof(i, j, 0)], 12);
                Assert.Equal(V(i, j), f[fine.Dof(i, j, 1)], 12);
            }
        }
    }

    [Theory]
    [InlineData(10, 6)]
    [InlineData(9, 7)]
    [InlineData(30, 34)]
    [InlineData(21, 41)]
    public void Restriction_is_the_transpose_of_prolongation_with_masks(int elementsX, int elementsY)
    {
        var fine = new GridLayout(GridAxis.Uniform(elementsX), GridAxis.Uniform(elementsY));
        var coarse = new GridLayout(fine.X.Coarsen(), fine.Y.Coarsen());
        int[] fineFixed = [fine.Dof(0, 0, 0), fine.Dof(0, 1, 0), fine.Dof(3, 2, 1)];
        int[] coarseFixed = [coarse.Dof(0, 0, 0)];
        var transfer = new GridTransfer(fine, coarse, fineFixed, coarseFixed, new ColumnRanges(2));
        var p = MultigridTestData.Dense(coarse, fine, transfer.ProlongAdd);
        var r = MultigridTestData.Dense(fine, coarse, transfer.Restrict);

        for (var i = 0; i < p.GetLength(0); i++)
        {
            for (var j = 0; j < p.GetLength(1); j++)
            {
                Assert.Equal(p[i, j], r[j, i], 14);
            }
        }

        // Masked rows and columns are zero; an unmasked coincident node takes weight 1.
        var fineMesh = MultigridTestData.MeshPositions(fine);
        var coarseMesh = MultigridTestData.MeshPositions(coarse);
        var fixedRow = Array.IndexOf(fineMesh, fine.Dof(3, 2, 1));
        var fixedColumn = Array.IndexOf(coarseMesh, coarse.Dof(0, 0, 0));
        for (var j = 0; j < p.GetLength(1); j++)
        {
            Assert.Equal(0, p[fixedRow, j]);
        }

        for (var i = 0; i < p.GetLength(0); i++)
        {
            Assert.Equal(0, p[i, fixedColumn]);
        }

        Assert.Equal(1, p[Array.IndexOf(fineMesh, fine.Dof(2, 2, 1)), Array.IndexOf(coarseMesh, coarse.Dof(1, 1, 1))]);
        Assert.Equal(0.25, p[Array.IndexOf(fineMesh, fine.Dof(3, 3, 0)), Array.IndexOf(coarseMesh, coarse.Dof(1, 1, 0))]);
    }

    [Fact]
    public void Layout_round_trips_mesh_vectors_and_keeps_ghosts_zero()
    {
        var layout = new GridLayout(GridAxis.Uniform(5), GridAxis.Uniform(3));
        var mesh = Enumerable.Range(1, layout.DofCount).Select(i => (double)i).ToArray();
        var padded = new double[layout.Length];
        layout.FromMesh(mesh, padded);
        var back = new double[mesh.Length];
        layout.ToMesh(padded, back);

        Assert.Equal(mesh, back);
        Assert.Equal(mesh.Sum(), padded.Sum());
        Assert.Equal(mesh[(2 * ((2 * 4) + 1)) + 1], padded[layout.Dof(2, 1, 1)]);
    }
}
