namespace NeuralTopOpt.IO;

/// <summary>
/// An output folder's guard: the folder is created if missing, checked for writing, and held with an
/// exclusive lock on <c>FOLDER/.lock</c> while a run writes there, so that a second run on the same
/// folder fails at once instead of mixing its files with the first one's. The lock is the operating
/// system's (released when the process ends, however it ends); the file is deleted on release.
/// </summary>
public static class FolderLock
{
    /// <summary>The lock file's name inside the folder.</summary>
    public const string FileName = ".lock";

    /// <summary>
    /// Creates and locks <paramref name="folder"/>; dispose the result to release it. <paramref name="kind"/>
    /// names the folder in messages (<c>study folder</c>, <c>output folder</c>) and <paramref name="user"/>
    /// what holds it (<c>study</c>, <c>run</c>).
    /// </summary>
    /// <exception cref="InvalidInputException">The path is empty or a file, cannot be created or written, or is locked by another run.</exception>
    public static IDisposable Acquire(string folder, string kind = "output folder", string user = "run")
    {
        if (string.IsNullOrWhiteSpace(folder))
        {
            throw new InvalidInputException($"the {kind} path is empty; give a folder");
        }

        if (File.Exists(folder))
        {
            throw new InvalidInputException($"{folder} is a file; the {user} needs a folder");
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInputException($"cannot create the {kind} {folder}: {Reason(e)}");
        }

        var path = Path.Combine(folder, FileName);
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InvalidInputException($"cannot write to the {kind} {folder}: {Reason(e)}");
        }
        catch (IOException)
        {
            throw new InvalidInputException($"the {kind} {folder} is in use by another {user}; wait for it to finish or choose another folder");
        }
    }

    /// <summary>A short reason in our words for a failed file operation.</summary>
    internal static string Reason(Exception e) => e switch
    {
        UnauthorizedAccessException => "permission denied",
        DirectoryNotFoundException => "a folder on the path does not exist",
        PathTooLongException => "the path is too long",
        IOException when e.HResult == 28 || e.Message.Contains("space", StringComparison.OrdinalIgnoreCase) => "no space left on the device",
        IOException when e.Message.Contains("directory", StringComparison.OrdinalIgnoreCase) => "a part of the path is a file, not a folder",
        _ => "the file system refused it",
    };
}
