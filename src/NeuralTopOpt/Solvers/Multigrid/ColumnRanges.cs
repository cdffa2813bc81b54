namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// Splits a loop over grid columns into contiguous ranges and runs them on up to
/// <see cref="Parallelism"/> threads. Every range writes only its own columns, so the results do not
/// depend on how the ranges are scheduled; small loops run inline (a parallel loop costs tens of
/// microseconds to start).
/// </summary>
internal sealed class ColumnRanges
{
    /// <summary>Below this many values of work a loop runs on the calling thread.</summary>
    private const long InlineWork = 1 << 15;

    /// <summary>Runs on at most <paramref name="parallelism"/> threads.</summary>
    public ColumnRanges(int parallelism)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        Parallelism = parallelism;
        Options = new ParallelOptions { MaxDegreeOfParallelism = parallelism };
    }

    /// <summary>Most threads a loop uses.</summary>
    public int Parallelism { get; }

    private ParallelOptions Options { get; }

    /// <summary>
    /// Calls <paramref name="body"/>(first, end) over ranges covering columns 0 … <paramref name="columns"/> − 1;
    /// <paramref name="workPerColumn"/> (values touched) decides whether threads pay.
    /// </summary>
    public void For(int columns, long workPerColumn, Action<int, int> body)
    {
        if (columns <= 0)
        {
            return;
        }

        if (Parallelism == 1 || columns < 2 || columns * workPerColumn < InlineWork)
        {
            body(0, columns);
            return;
        }

        var parts = Math.Min(columns, Parallelism * 4);
        Parallel.For(0, parts, Options, p =>
        {
            var first = (int)((long)columns * p / parts);
            var end = (int)((long)columns * (p + 1) / parts);
            body(first, end);
        });
    }
}
