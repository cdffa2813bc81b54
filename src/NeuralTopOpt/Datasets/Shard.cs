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

    /// <summary>The environment variable of a Kubernetes Indexed Job: the pod's index, 0-based.</summary>
    public const string KubernetesIndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>The environment variable of a Slurm job array: the task's array index.</summary>
    public const string SlurmIndexVariable = "SLURM_ARRAY_TASK_ID";

    /// <summary>
    /// Parses <c>i/n</c>, or <c>auto/n</c>, where the batch system gives i: a Kubernetes Indexed Job
    /// (<c>JOB_COMPLETION_INDEX</c>, 0-based: i = index + 1) or a Slurm job array
    /// (<c>SLURM_ARRAY_TASK_ID</c> counted from <c>SLURM_ARRAY_TASK_MIN</c>: i = id − min + 1, so
    /// <c>--array=0-7</c> and <c>--array=1-8</c> both give shards 1 … 8). Where Slurm states the
    /// array's size (<c>SLURM_ARRAY_TASK_COUNT</c>), it must be n.
    /// </summary>
    /// <param name="text">The shard option.</param>
    /// <param name="environment">Reads an environment variable (null when unset).</param>
    /// <exception cref="InvalidInputException">Not i/n or auto/n; auto without exactly one batch system's index; an index outside 1 … n.</exception>
    public static Shard Parse(string text, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var parts = (text ?? "").Split('/', StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || parts[0] != "auto")
        {
            return Parse(text!);
        }

        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count < 1)
        {
            throw new InvalidInputException($"shard '{text}' is not auto/n with n >= 1 (e.g. auto/8 for one of eight)");
        }

        var kubernetes = environment(KubernetesIndexVariable);
        var slurm = environment(SlurmIndexVariable);
        var index = (string.IsNullOrEmpty(kubernetes), string.IsNullOrEmpty(slurm)) switch
        {
            (false, true) => ReadIndex(KubernetesIndexVariable, kubernetes!) + 1,
            (true, false) => ReadIndex(SlurmIndexVariable, slurm!) - ReadIndex("SLURM_ARRAY_TASK_MIN", environment("SLURM_ARRAY_TASK_MIN")) + 1,
            (false, false) => throw new InvalidInputException(
                $"shard '{text}': both {KubernetesIndexVariable} and {SlurmIndexVariable} are set; give the shard as i/n"),
            _ => throw new InvalidInputException(
                $"shard '{text}' needs {SlurmIndexVariable} (a Slurm job array) or {KubernetesIndexVariable} (a Kubernetes Indexed Job); neither is set"),
        };
        if (environment("SLURM_ARRAY_TASK_COUNT") is { Length: > 0 } size && string.IsNullOrEmpty(kubernetes) && ReadIndex("SLURM_ARRAY_TASK_COUNT", size) != count)
        {
            throw new InvalidInputException($"shard '{text}': the Slurm array has SLURM_ARRAY_TASK_COUNT={size} tasks, not {count}");
        }

        if (index < 1 || index > count)
        {
            throw new InvalidInputException($"shard '{text}': the batch system's index makes shard {index}, outside 1..{count}");
        }

        return new Shard(index, count);
    }

    private static int ReadIndex(string variable, string? value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : throw new InvalidInputException($"{variable}='{value}' is not a non-negative integer");

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
