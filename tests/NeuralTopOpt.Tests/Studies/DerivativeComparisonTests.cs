using NeuralTopOpt.Studies;

namespace NeuralTopOpt.Tests.Studies;

public class DerivativeComparisonTests
{
    [Fact]
    public void Errors_are_measured_against_the_exact_values_overall_per_entry_and_per_point()
    {
        // Two points of two entries: exact (3, 4), (0, 0); the method is off by (0, 1), (2, 0).
        var comparison = new DerivativeComparison("net", 2, [3, 4, 0, 0], new Dictionary<string, double[]> { ["m"] = [3, 5, 2, 0] });

        Assert.Equal(Math.Sqrt(5 / 4.0), comparison.Rmse("m"), 14);
        Assert.Equal(Math.Sqrt(25 / 4.0), comparison.ExactRms, 14);
        Assert.Equal(Math.Sqrt(5 / 4.0) / Math.Sqrt(25 / 4.0), comparison.RelativeRmse("m"), 14);
        Assert.Equal(2, comparison.MaxError("m"));
        Assert.Equal(Math.Sqrt(4 / 2.0), comparison.EntryRmse("m", 0), 14);
        Assert.Equal(Math.Sqrt(1 / 2.0), comparison.EntryRmse("m", 1), 14);
        Assert.Equal(Math.Sqrt(16 / 2.0), comparison.EntryRms(1), 14);
        Assert.Equal(new[] { 1 / 5.0, 2.0 }, comparison.RelativeErrorByPoint("m"));
    }
}
