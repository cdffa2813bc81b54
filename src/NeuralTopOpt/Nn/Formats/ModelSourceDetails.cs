namespace NeuralTopOpt.Nn.Formats;

/// <summary>What a format reader learned besides the network: the writing program and notes for <see cref="ModelSource"/>.</summary>
/// <param name="Producer">The program and version that wrote the file, when it says.</param>
/// <param name="Notes">What the import decided.</param>
internal sealed record ModelSourceDetails(string? Producer, IReadOnlyList<string> Notes)
{
    /// <summary>Input names the file carries (ntopo's own exports do), or null.</summary>
    public IReadOnlyList<string>? InputNames { get; init; }

    /// <summary>Output names the file carries, or null.</summary>
    public IReadOnlyList<string>? OutputNames { get; init; }
}
