using NeuralTopOpt.Fem;
using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Tests.Homogenization;

public class PeriodicCellMeshTests
{
    [Fact]
    public void Opposite_boundary_nodes_share_unknowns_and_one_node_is_fixed()
    {
        const int R = 5;
        var mesh = PeriodicCellMesh.Create(R);
        var table = mesh.ElementUnknowns;

        Assert.Equal((2 * R * R) - 2, mesh.UnknownCount);

        // Every unknown belongs to a node shared by exactly four elements (no boundary in a periodic cell).
        var uses = new int[mesh.UnknownCount];
        foreach (var u in table)
        {
            if (u >= 0)
            {
                uses[u]++;
            }
        }

        Assert.All(uses, n => Assert.Equal(4, n));
        Assert.Equal(8, table.ToArray().Count(u => u < 0));

        // The right edge of the last column is the left edge of the first: element (R−1, j)'s bottom-right
        // and top-right nodes are element (0, j)'s bottom-left and top-left ones.
        for (var j = 0; j < R; j++)
        {
            var last = table.Slice(8 * (((R - 1) * R) + j), 8);
            var first = table.Slice(8 * j, 8);
            Assert.Equal(first.Slice(0, 2).ToArray(), last.Slice(2, 2).ToArray());
            Assert.Equal(first.Slice(6, 2).ToArray(), last.Slice(4, 2).ToArray());
        }
    }

    [Fact]
    public void Assembly_into_caller_owned_values_matches_the_assemblers_own_matrix()
    {
        var mesh = PeriodicCellMesh.Create(6);
        var random = new Random(2);
        var tensors = Enumerable.Range(0, 4 * mesh.ElementCount).Select(_ => random.NextDouble()).ToArray();
        var own = new double[mesh.Assembler.Matrix.Values.Length];

        mesh.Assembler.Assemble(tensors, Q4Element.UnitSquare, own);
        mesh.Assembler.Assemble(tensors, Q4Element.UnitSquare);

        Assert.Equal(mesh.Assembler.Matrix.Values, own);
        Assert.Throws<ArgumentException>(() => mesh.Assembler.Assemble(tensors, Q4Element.UnitSquare, new double[own.Length - 1]));
        Assert.Throws<ArgumentException>(() => mesh.Assembler.AssemblePacked(new double[36 * mesh.ElementCount], new double[3]));
    }
}
