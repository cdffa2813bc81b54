using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Tests.Homogenization;

/// <summary>
/// Removing material can only soften a cell: εᵀC^H ε = min over periodic χ of the cell energy, which is
/// monotone in the pixel stiffnesses, so a larger hole gives C^H smaller in the Loewner order
/// (C^H(smaller hole) − C^H(larger hole) positive semi-definite) and in every diagonal entry.
/// </summary>
public class MonotonicityTests
{
    private const int Resolution = 40;
    private static readonly double[] Steps = Enumerable.Range(0, 21).Select(k => k / 20.0).ToArray();

    public static TheoryData<double> Others => new() { 0.25, 0.6, 0.95 };

    [Theory]
    [MemberData(nameof(Others))]
    public void Stiffness_falls_as_the_hole_widens(double height) =>
        AssertMonotone(Steps.Select(w => (w, height)).ToArray());

    [Theory]
    [MemberData(nameof(Others))]
    public void Stiffness_falls_as_the_hole_heightens(double width) =>
        AssertMonotone(Steps.Select(h => (width, h)).ToArray());

    private static void AssertMonotone((double Width, double Height)[] holes)
    {
        var homogenizer = new CellHomogenizer(Resolution);
        var tensors = holes.Select(h => homogenizer.HomogenizeHole(h.Width, h.Height)).ToArray();
        for (var k = 1; k < tensors.Length; k++)
        {
            var (larger, smaller) = (tensors[k], tensors[k - 1]);
            var difference = CellTestData.ToMatrix(smaller) - CellTestData.ToMatrix(larger);
            Assert.True(CellTestData.MinEigenvalue(difference) > -1e-13, $"hole {holes[k]}: C^H grew in the Loewner order");
            for (var i = 0; i < 3; i++)
            {
                Assert.True(larger[i, i] <= smaller[i, i] + 1e-13, $"hole {holes[k]}: C{i + 1}{i + 1} grew");
            }
        }

        // Over the whole range the cell loses most of its stiffness in every diagonal entry.
        for (var i = 0; i < 3; i++)
        {
            Assert.True(tensors[^1][i, i] < 0.8 * tensors[0][i, i], $"C{i + 1}{i + 1} hardly changed from {holes[0]} to {holes[^1]}");
        }
    }
}
