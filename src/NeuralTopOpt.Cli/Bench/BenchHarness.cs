using System.Diagnostics;

namespace NeuralTopOpt.Cli.Bench;

/// <summary>How long and how hard to measure one benchmark case.</summary>
/// <param name="Budget">Time to spend sampling one case, after warm-up.</param>
/// <param name="MinSamples">Fewest samples behind a median, whatever the budget.</param>
/// <param name="MaxSamples">Most samples for one case.</param>
internal sealed record BenchSettings(TimeSpan Budget, int MinSamples = 7, int MaxSamples = 500)
{
    /// <summary>Defaults for <c>ntopo bench</c>: two seconds per case.</summary>
    public static BenchSettings Default { get; } = new(TimeSpan.FromSeconds(2));
}

/// <summary>The timing of one benchmark case: per-operation statistics over many samples.</summary>
/// <param name="Suite">Suite name (e.g. <c>jacobian</c>).</param>
/// <param name="Case">Case name (e.g. <c>nnj 2-64-4 x1800</c>).</param>
/// <param name="MedianMs">Median time of one operation, milliseconds.</param>
/// <param name="MinMs">Fastest sample, per operation.</param>
/// <param name="P25Ms">25th percentile, per operation.</param>
/// <param name="P75Ms">75th percentile, per operation.</param>
/// <param name="Samples">Number of timed samples.</param>
/// <param name="OperationsPerSample">Operations run back to back inside one sample (so a sample lasts at least about a millisecond).</param>
/// <param name="AllocatedBytesPerOperation">Managed bytes allocated by one operation, all threads.</param>
/// <param name="TargetMs">The target for the median, when there is one.</param>
internal sealed record BenchMeasurement(
    string Suite,
    string Case,
    double MedianMs,
    double MinMs,
    double P25Ms,
    double P75Ms,
    int Samples,
    int OperationsPerSample,
    long AllocatedBytesPerOperation,
    double? TargetMs)
{
    /// <summary>Other figures of the case (memory of a factor, problem size, ...), by name.</summary>
    public IReadOnlyDictionary<string, double> Figures { get; init; } = new Dictionary<string, double>();

    /// <summary>True when there is no target or the median meets it.</summary>
    public bool MeetsTarget => TargetMs is not { } target || MedianMs <= target;
}

/// <summary>
/// A careful in-process timing harness: warm-up until the JIT has settled, batches of operations
/// so each sample lasts at least a millisecond, many samples, median and quartiles, and the managed
/// allocation of one operation. The BenchmarkDotNet project measures the same operations in
/// isolated processes; this harness is what <c>ntopo bench</c> prints.
/// </summary>
internal static class BenchHarness
{
    private static readonly TimeSpan MinWarmup = TimeSpan.FromMilliseconds(300);
    private const double MinSampleMs = 1.0;

    /// <summary>Times <paramref name="operation"/>.</summary>
    public static BenchMeasurement Measure(
        string suite, string name, Action operation, BenchSettings settings, double? targetMs = null)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(settings);

        // Warm-up: at least 3 runs and 300 ms (tiered JIT promotes hot methods after ~30 calls).
        var clock = Stopwatch.StartNew();
        var warmupRuns = 0;
        while (warmupRuns < 3 || (clock.Elapsed < MinWarmup && warmupRuns < 50))
        {
            operation();
            warmupRuns++;
        }

        var estimateMs = clock.Elapsed.TotalMilliseconds / warmupRuns;
        var perSample = Math.Max(1, (int)Math.Ceiling(MinSampleMs / Math.Max(estimateMs, 1e-6)));

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        operation();
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        var samples = new List<double>();
        var budget = Stopwatch.StartNew();
        while (samples.Count < settings.MaxSamples
               && (samples.Count < settings.MinSamples || budget.Elapsed < settings.Budget))
        {
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < perSample; i++)
            {
                operation();
            }

            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds / perSample);
        }

        samples.Sort();
        return new BenchMeasurement(
            suite,
            name,
            Quantile(samples, 0.5),
            samples[0],
            Quantile(samples, 0.25),
            Quantile(samples, 0.75),
            samples.Count,
            perSample,
            allocated,
            targetMs);
    }

    /// <summary>Linear-interpolated quantile of sorted values.</summary>
    internal static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var position = q * (sorted.Count - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + ((position - lower) * (sorted[upper] - sorted[lower]));
    }
}
