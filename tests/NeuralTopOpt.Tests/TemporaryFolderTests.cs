namespace NeuralTopOpt.Tests;

/// <summary>
/// A test class with a folder of its own under the temporary directory (xunit creates and disposes one
/// instance per test), deleted with its contents afterwards. <paramref name="create"/> false leaves the
/// folder to the code under test (to check that it writes nothing before it has validated its input).
/// </summary>
public abstract class TemporaryFolderTests(string prefix, bool create = true) : IDisposable
{
    /// <summary>The folder (absolute).</summary>
    protected string Folder { get; } = create
        ? Directory.CreateTempSubdirectory(prefix).FullName
        : Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Deletes the folder when <paramref name="disposing"/>.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing && Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }
}
