namespace NeuralTopOpt.IO;

/// <summary>
/// Writes files atomically: the content goes to a temporary file in the same folder, is flushed to
/// disk, and then replaces the target in one rename. A reader never sees a half-written file, and an
/// interrupted write leaves the previous version in place.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Refuses, before a long job starts, a target that <see cref="Write"/> would refuse at its end: an
    /// empty path or an existing folder.
    /// </summary>
    /// <exception cref="InvalidInputException">As above.</exception>
    public static void CheckTarget(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidInputException("the output path is empty; give a file name");
        }

        if (Directory.Exists(path))
        {
            throw new InvalidInputException($"{path} is a folder; give a file name");
        }
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(text);
        });

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy, 0, copy.Length));
    }

    /// <summary>
    /// Lets <paramref name="write"/> fill a stream, then moves the result to <paramref name="path"/>.
    /// The folder is created when missing. If <paramref name="write"/> throws, the target is untouched.
    /// </summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        CheckTarget(path);
        var fullPath = Path.GetFullPath(path);

        var folder = Path.GetDirectoryName(fullPath) ?? ".";
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new NeuralTopOptException($"cannot write {path}: {FolderLock.Reason(e)}", e);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }
}
