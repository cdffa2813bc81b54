using NeuralTopOpt.Sparse.Factorization;
using NeuralTopOpt.Sparse.Ordering;
using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Tests.Sparse;

public class GraphNestedDissectionTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(7, 1)]
    [InlineData(300, 1)]
    [InlineData(500, 3)]
    public void Order_is_a_permutation_also_for_disconnected_patterns(int n, int perColumn)
    {
        var a = TestMatrices.RandomSpd(n, perColumn, seed: n);

        var order = GraphNestedDissection.Order(a);

        Assert.Equal(Enumerable.Range(0, n), order.Order());
    }

    [Fact]
    public void Grid_fill_is_close_to_geometric_dissection_and_far_below_the_natural_order()
    {
        var a = TestMatrices.Grid9(60, 60, 0.1);

        var graph = SymbolicAnalysis.Analyze(a, GraphNestedDissection.Order(a));
        var geometric = SymbolicAnalysis.Analyze(a, GridNestedDissection.Order(60, 60));
        var natural = SymbolicAnalysis.Analyze(a, Permutation.Identity(3600));

        Assert.True(graph.FactorOperations < 1.5 * geometric.FactorOperations, $"{graph.FactorOperations:E3} vs {geometric.FactorOperations:E3}");
        Assert.True(graph.FactorOperations < 0.35 * natural.FactorOperations, $"{graph.FactorOperations:E3} vs {natural.FactorOperations:E3}");
    }

    [Fact]
    public void Factor_with_the_graph_ordering_solves_to_a_small_residual()
    {
        var a = TestMatrices.RandomSpd(400, 4, seed: 3);
        var cholesky = SparseCholesky.Create(a, GraphNestedDissection.Order(a));
        cholesky.Factorize(a.Values);
        var b = TestMatrices.RandomVector(400, 8);
        var x = new double[400];

        cholesky.Solve(b, x);

        Assert.True(TestMatrices.RelativeResidual(a, x, b) < 1e-13);
    }

    [Fact]
    public void Non_square_pattern_is_rejected() =>
        Assert.Throws<ArgumentException>(() => GraphNestedDissection.Order(new CompressedColumnMatrix(3, 2, [0, 0, 0], [], [])));
}
