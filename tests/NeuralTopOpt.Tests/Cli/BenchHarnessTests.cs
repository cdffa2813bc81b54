using NeuralTopOpt.Cli.Bench;

namespace NeuralTopOpt.Tests.Cli;

[Collection(ProcessWideMeasurements.Name)]
public class BenchHarnessTests
{
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.25, 2.0)]
    [InlineData(0.5, 3.0)]
    [InlineData(1.0, 5.0)]
    [InlineData(0.125, 1.5)]
    public void Quantile_interpolates_linearly(double q, double expected) =>
        Assert.Equal(expected, BenchHarness.Quantile([1.0, 2.0, 3.0, 4.0, 5.0], q), 12);

    [Fact]
    public void Measurement_of_a_sleep_is_close_to_the_sleep()
    {
        var settings = new BenchSettings(TimeSpan.FromMilliseconds(100), MinSamples: 5, MaxSamples: 10);

        var m = BenchHarness.Measure("test", "sleep 2 ms", () => Thread.Sleep(2), settings, targetMs: 1000);

        Assert.InRange(m.MedianMs, 1.9, 50);
        Assert.InRange(m.Samples, 5, 10);
        Assert.True(m.MinMs <= m.P25Ms && m.P25Ms <= m.MedianMs && m.MedianMs <= m.P75Ms);
        Assert.True(m.MeetsTarget);
    }

    [Fact]
    public void Allocation_per_operation_is_counted()
    {
        var settings = new BenchSettings(TimeSpan.FromMilliseconds(20), MinSamples: 3, MaxSamples: 5);
        double[]? keep = null;

        var m = BenchHarness.Measure("test", "alloc", () => keep = new double[100_000], settings);

        Assert.NotNull(keep);
        Assert.InRange(m.AllocatedBytesPerOperation, 800_000, 900_000);
    }
}
