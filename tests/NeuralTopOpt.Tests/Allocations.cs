namespace NeuralTopOpt.Tests;

/// <summary>
/// Managed allocations of a hot path in its steady state. A single measurement can see a one-off
/// allocation of the runtime on the test's thread (tiered JIT promotion, a lazily built type): 40 bytes
/// once in CI. A path that allocates on every call allocates in every trial, so the minimum over a
/// few trials after warm-up is still zero only for a path that does not allocate.
/// </summary>
public static class Allocations
{
    /// <summary>
    /// The fewest bytes <paramref name="run"/> allocated on the current thread in one call, over
    /// <paramref name="trials"/> calls after <paramref name="warmups"/> calls.
    /// </summary>
    public static long SteadyState(Action run, int warmups = 3, int trials = 5)
    {
        ArgumentNullException.ThrowIfNull(run);
        for (var i = 0; i < warmups; i++)
        {
            run();
        }

        var fewest = long.MaxValue;
        for (var i = 0; i < trials; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            run();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return fewest;
    }
}
