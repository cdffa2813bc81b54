using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Tests.Fem;

public class StiffnessAssemblerTests
{
    [Fact]
    public void Assembly_equals_a_dense_sum_of_element_matrices_with_eliminated_dofs()
    {
        var mesh = new GridMesh(5, 3);
        var eliminated = new HashSet<int> { 0, 1, 7, 30 };
        var (table, unknowns) = Renumber(mesh.ElementDofs.ToArray(), d => eliminated.Contains(d) ? -1 : d);
        var c = FemTestData.RandomSimp(mesh.ElementCount, 3);

        var assembler = new StiffnessAssembler(unknowns, table);
        assembler.Assemble(c, Q4Element.UnitSquare);

        var expected = DenseSum(mesh.ElementCount, table, unknowns, c);
        AssertMatches(expected, assembler);
    }

    [Fact]
    public void Shared_unknowns_of_one_element_add_both_off_diagonal_halves()
    {
        // Periodic-style aliasing: DOFs of the right column map to those of the left one in a 1-element-wide strip.
        var mesh = new GridMesh(1, 3);
        var (table, unknowns) = Renumber(mesh.ElementDofs.ToArray(), d => d >= 2 * mesh.NodesY ? d - (2 * mesh.NodesY) : d);
        var c = FemTestData.RandomSimp(mesh.ElementCount, 5);

        var assembler = new StiffnessAssembler(unknowns, table);
        assembler.Assemble(c, Q4Element.UnitSquare);

        AssertMatches(DenseSum(mesh.ElementCount, table, unknowns, c), assembler);
    }

    [Fact]
    public void Packed_assembly_agrees_with_tensor_assembly()
    {
        var mesh = new GridMesh(4, 4);
        var c = FemTestData.RandomSimp(mesh.ElementCount, 7);
        var assembler = new StiffnessAssembler(mesh.DofCount, mesh.ElementDofs);
        assembler.Assemble(c, Q4Element.UnitSquare);
        var fromTensors = (double[])assembler.Matrix.Values.Clone();
        var packed = new double[36 * mesh.ElementCount];
        var ke = new double[64];
        for (var e = 0; e < mesh.ElementCount; e++)
        {
            Q4Element.UnitSquare.Stiffness(new StiffnessTensor(c[4 * e], c[(4 * e) + 1], c[(4 * e) + 2], c[(4 * e) + 3]), ke);
            for (var a = 0; a < 8; a++)
            {
                for (var b = 0; b <= a; b++)
                {
                    packed[(36 * e) + Q4Element.PackedIndex(a, b)] = ke[(a * 8) + b];
                }
            }
        }

        assembler.AssemblePacked(packed);

        for (var i = 0; i < fromTensors.Length; i++)
        {
            Assert.Equal(fromTensors[i], assembler.Matrix.Values[i], 1e-15);
        }
    }

    [Fact]
    public void Wrong_input_sizes_are_rejected()
    {
        var mesh = new GridMesh(2, 2);
        var assembler = new StiffnessAssembler(mesh.DofCount, mesh.ElementDofs);

        Assert.Throws<ArgumentException>(() => assembler.Assemble(new double[3], Q4Element.UnitSquare));
        Assert.Throws<ArgumentException>(() => new StiffnessAssembler(3, mesh.ElementDofs));
        Assert.Throws<ArgumentException>(() => new StiffnessAssembler(mesh.DofCount, new int[7]));
    }

    private static (int[] Table, int Unknowns) Renumber(int[] dofs, Func<int, int> map)
    {
        var mapped = dofs.Select(map).ToArray();
        var distinct = mapped.Where(u => u >= 0).Distinct().Order().ToList();
        return (mapped.Select(u => u < 0 ? -1 : distinct.IndexOf(u)).ToArray(), distinct.Count);
    }

    private static double[,] DenseSum(int elements, int[] table, int unknowns, double[] c)
    {
        var k = new double[unknowns, unknowns];
        var ke = new double[64];
        for (var e = 0; e < elements; e++)
        {
            Q4Element.UnitSquare.Stiffness(new StiffnessTensor(c[4 * e], c[(4 * e) + 1], c[(4 * e) + 2], c[(4 * e) + 3]), ke);
            for (var a = 0; a < 8; a++)
            {
                for (var b = 0; b < 8; b++)
                {
                    var (i, j) = (table[(8 * e) + a], table[(8 * e) + b]);
                    if (i >= 0 && j >= 0)
                    {
                        k[i, j] += ke[(a * 8) + b];
                    }
                }
            }
        }

        return k;
    }

    private static void AssertMatches(double[,] expected, StiffnessAssembler assembler)
    {
        var m = assembler.Matrix;
        var seen = new double[m.ColumnCount, m.ColumnCount];
        for (var j = 0; j < m.ColumnCount; j++)
        {
            for (var p = m.ColumnPointers[j]; p < m.ColumnPointers[j + 1]; p++)
            {
                Assert.True(m.RowIndices[p] >= j);
                seen[m.RowIndices[p], j] = m.Values[p];
            }
        }

        for (var i = 0; i < m.ColumnCount; i++)
        {
            for (var j = 0; j <= i; j++)
            {
                Assert.Equal(expected[i, j], seen[i, j], 1e-14);
                Assert.Equal(expected[i, j], expected[j, i], 1e-14);
            }
        }
    }
}
