using System.Reflection;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Studies;

/// <summary>A model file a run uses: a network the study trained, or one of the paper's own.</summary>
/// <param name="Key">The network's key.</param>
/// <param name="ModelFile">The model file, relative to the study folder.</param>
/// <param name="ModelHash">SHA-256 of the model file (part of every run's fingerprint).</param>
public sealed record ModelRecord(string Key, string ModelFile, string ModelHash);

/// <summary>
/// The paper's own networks (<see cref="StudyPlan.CommittedNetworks"/>): data/networks, embedded in this
/// assembly, written to <c>models/</c> unchanged so that a run loads them as it loads a trained network, and
/// their provenance (the SavedModel they were imported from, with its SHA-256) stays in the file.
/// </summary>
internal static class CommittedNetworkStage
{
    /// <summary>The resource name of a committed network's file.</summary>
    public static string ResourceName(string file) => "networks/" + file;

    public static IReadOnlyList<ModelRecord> Run(StudyContext context) => [.. context.Plan.CommittedNetworks.Select(network =>
    {
        var bytes = Read(network.File);
        var file = Path.Combine("models", network.File);
        var path = context.Cache.PathOf(file);
        if (!File.Exists(path) || !File.ReadAllBytes(path).AsSpan().SequenceEqual(bytes))
        {
            AtomicFile.WriteAllBytes(path, bytes);
        }

        return new ModelRecord(network.Key, file, StudyCache.FileHash(path));
    })];

    /// <summary>The bytes of the committed network file <paramref name="file"/>.</summary>
    public static byte[] Read(string file)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName(file))
            ?? throw new InvalidOperationException($"the study's assembly lacks data/networks/{file}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
