using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Tests.Fem;

public class GridMeshTests
{
    [Fact]
    public void Element_dofs_follow_the_88_line_code()
    {
        // MATLAB, nelx = 3, nely = 2: edofMat(1,:) = [3 4 9 10 7 8 1 2] (1-based), and so on down the columns.
        var mesh = new GridMesh(3, 2);

        Assert.Equal([2, 3, 8, 9, 6, 7, 0, 1], mesh.DofsOf(0).ToArray());
        Assert.Equal([4, 5, 10, 11, 8, 9, 2, 3], mesh.DofsOf(1).ToArray());
        Assert.Equal([8, 9, 14, 15, 12, 13, 6, 7], mesh.DofsOf(2).ToArray());
        Assert.Equal(24, mesh.DofCount);
    }

    [Fact]
    public void Node_coordinates_put_y_up_from_the_bottom_edge()
    {
        var mesh = new GridMesh(60, 30);

        Assert.Equal(0, mesh.NodeAt(0, 30));
        Assert.Equal(30, mesh.NodeAt(0, 0));
        Assert.Equal(mesh.NodeCount - 1, mesh.NodeAt(60, 0));
        Assert.Equal(31 + 5, mesh.Node(1, 5));
        Assert.Throws<ArgumentOutOfRangeException>(() => mesh.NodeAt(61, 0));
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(5, -1)]
    [InlineData(GridMesh.MaxElementsPerSide + 1, 2)]
    [InlineData(GridMesh.MaxElementsPerSide, GridMesh.MaxElementsPerSide)]
    public void Bad_sizes_are_rejected(int nelx, int nely) =>
        Assert.Throws<InvalidInputException>(() => new GridMesh(nelx, nely));
}
