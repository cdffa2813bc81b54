using System.Globalization;

namespace NeuralTopOpt.Datasets;

/// <summary>
/// A deterministic slice of a dataset's samples, so that a batch scheduler (a Slurm job array,
/// Kubernetes Jobs) can spread one run over machines: shard i of n (1 ≤ i ≤ n) holds the samples
/// ⌊(i − 1)·N/n⌋ … ⌊i·N/n⌋ − 1, contiguous, in order; the n shards cover 0 … N − 1 exactly once.
/// </summary>
/// <param name="Index">i, 1-based.</param>
/// <param name="Count">n.</param>
public readonly record struct Shard(int Index, int Count)
{
    /// <summary>The whole run, 1/1.</summary>
    public static Shard Whole => new(1, 1);

    /// <summary>True for 1/1.</summary>
    public bool IsWhole => Count == 1;

    /// <summary>Parses <c>i/n</c>.</summary>
    /// <exception cref="InvalidInputException">Not of the form i/n with 1 ≤ i ≤ n.</exception>
    public static Shard Parse(string text)
    {
        var parts = (text ?? "").Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index >= 1 && index <= count)
        {
            return new Shard(index, count);
        }

        throw new InvalidInputException($"shard '{text}' is not i/n with 1 <= i <= n (e.g. 3/8 for the third of eight)");
    }

    /// <summary>The sample range [Start, End) of this shard among <paramref name="samples"/> samples.</summary>
    /// <exception cref="InvalidInputException">More shards than samples.</exception>
    public (int Start, int End) Range(int samples)
    {
        if (Count > samples)
        {
            throw new InvalidInputException($"{Count} shards for {samples} samples; use at most one shard per sample");
        }

        return ((int)((long)(Index - 1) * samples / Count), (int)((long)Index * samples / Count));
    }

    /// <summary><c>i/n</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");
}
