using System.Globalization;
using System.Security.Cryptography;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace NeuralTopOpt.IO;

/// <summary>
/// A folder that receives the files of one run, and only of one: it is locked while the run lasts
/// (<see cref="FolderLock"/>: a concurrent run on it fails at once), the run's files are recorded as
/// they are named (<see cref="File"/>), the files of an earlier run there are removed before the new
/// ones are written (<see cref="RemoveStale"/>: those its manifest lists and any other file with the
/// name of an output of this kind), and <c>manifest.json</c>, written last, lists every file of the
/// run with its size and SHA-256. Files of other programs are left alone.
/// </summary>
public sealed partial class OutputFolder : IDisposable
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestName = "manifest.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly IDisposable _lock;
    private readonly List<string> _files = [];

    private OutputFolder(string path, IDisposable held)
    {
        Path = path;
        _lock = held;
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The files named so far (relative to <see cref="Path"/>), in order.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Creates and locks <paramref name="path"/> for one run.</summary>
    /// <exception cref="InvalidInputException">Empty, a file, not writable, or in use by another run.</exception>
    public static OutputFolder Open(string path) => new(path, FolderLock.Acquire(path));

    /// <summary>The path of the run's file <paramref name="name"/> (relative, '/' separated), recorded for the manifest.</summary>
    public string File(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!_files.Contains(name, StringComparer.Ordinal))
        {
            _files.Add(name);
        }

        return System.IO.Path.Combine(Path, name);
    }

    /// <summary>
    /// Removes what an earlier run left: the files its <c>manifest.json</c> lists, and the files directly
    /// in the folder whose names match one of <paramref name="outputNames"/> (regular expressions over
    /// whole names, e.g. <c>design(-\d+)?\.(csv|png)</c>), which an earlier run without a manifest wrote.
    /// Files this run has named are kept. Returns the names removed.
    /// </summary>
    public IReadOnlyList<string> RemoveStale(IEnumerable<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(outputNames);
        var stale = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var listed in ManifestFiles())
        {
            stale.Add(listed);
        }

        var patterns = outputNames.Select(p => new Regex($"^(?:{p})$", RegexOptions.CultureInvariant)).ToArray();
        foreach (var file in Directory.EnumerateFiles(Path))
        {
            var name = System.IO.Path.GetFileName(file);
            if (patterns.Any(p => p.IsMatch(name)))
            {
                stale.Add(name);
            }
        }

        stale.Add(ManifestName);
        var removed = new List<string>();
        foreach (var name in stale.Where(n => !_files.Contains(n, StringComparer.Ordinal)))
        {
            var full = System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, name));
            if (!full.StartsWith(System.IO.Path.GetFullPath(Path), StringComparison.Ordinal) || !System.IO.File.Exists(full))
            {
                continue; // a manifest entry outside the folder or already gone
            }

            System.IO.File.Delete(full);
            removed.Add(name);
        }

        return removed;
    }

    /// <summary>Writes <c>manifest.json</c>: the command, the time, and each file named with its bytes and SHA-256.</summary>
    public void WriteManifest(string command)
    {
        var files = _files.Where(n => System.IO.File.Exists(System.IO.Path.Combine(Path, n))).Select(n =>
        {
            var full = System.IO.Path.Combine(Path, n);
            using var stream = System.IO.File.OpenRead(full);
            return new Dictionary<string, object> { ["name"] = n, ["bytes"] = stream.Length, ["sha256"] = Convert.ToHexString(SHA256.HashData(stream)) };
        }).ToList();
        var manifest = new Dictionary<string, object>
        {
            ["command"] = command,
            ["written"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["files"] = files,
        };
        AtomicFile.WriteAllText(System.IO.Path.Combine(Path, ManifestName), JsonSerializer.Serialize(manifest, Indented) + "\n");
    }

    /// <summary>Releases the lock.</summary>
    public void Dispose() => _lock.Dispose();

    /// <summary>The names an earlier manifest lists (none when it is missing or unreadable).</summary>
    private string[] ManifestFiles()
    {
        var path = System.IO.Path.Combine(Path, ManifestName);
        if (!System.IO.File.Exists(path))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(System.IO.File.ReadAllText(path));
            return document.RootElement.GetProperty("files").EnumerateArray()
                .Select(f => f.GetProperty("name").GetString())
                .Where(n => !string.IsNullOrEmpty(n))
                .Select(n => n!)
                .ToArray();
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return []; // not ours, or damaged: the name patterns still find our files
        }
    }
}
