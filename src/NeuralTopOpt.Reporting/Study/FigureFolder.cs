using NeuralTopOpt.IO;

namespace NeuralTopOpt.Reporting.Study;

/// <summary>The report's <c>figures/</c> folder: every PNG embedded in the page is also written there, atomically.</summary>
internal sealed class FigureFolder(string folder)
{
    private readonly List<string> _names = [];

    /// <summary>The file names written so far, in order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Writes <paramref name="png"/> as <paramref name="name"/> and returns it (for embedding).</summary>
    public byte[] Save(string name, byte[] png)
    {
        AtomicFile.WriteAllBytes(Path.Combine(folder, name), png);
        _names.Add(name);
        return png;
    }
}
