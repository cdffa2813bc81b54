using NeuralTopOpt.Studies;

namespace NeuralTopOpt.Tests.Studies;

public class MethodMatrixTests
{
    [Fact]
    public void Entries_are_the_mean_squared_differences_symmetric_with_a_zero_diagonal()
    {
        double[][] vectors = [[0, 0, 0, 0], [1, 1, 1, 1], [1, 2, 3, 4]];

        var matrix = MethodMatrix.MeanSquaredDifferences(["a", "b", "c"], ["A", "B", "C"], vectors);

        Assert.Equal(1.0, matrix["a", "b"]);
        Assert.Equal((1 + 4 + 9 + 16) / 4.0, matrix["a", "c"]);
        Assert.Equal((0 + 1 + 4 + 9) / 4.0, matrix[2, 1]);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0.0, matrix[i, i]);
            for (var j = 0; j < 3; j++)
            {
                Assert.Equal(matrix[i, j], matrix[j, i]);
            }
        }

        Assert.Throws<KeyNotFoundException>(() => matrix["a", "z"]);
    }

    [Fact]
    public void Vectors_of_different_lengths_are_refused() =>
        Assert.Throws<ArgumentException>(() => MethodMatrix.MeanSquaredDifferences(["a", "b"], ["A", "B"], [[1.0], [1.0, 2.0]]));
}
