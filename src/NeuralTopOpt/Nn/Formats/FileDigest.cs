using System.Security.Cryptography;
using System.Text;

namespace NeuralTopOpt.Nn.Formats;

/// <summary>SHA-256 digests of imported files and directories, as <see cref="ModelSource.Sha256"/> records them.</summary>
public static class FileDigest
{
    /// <summary>Lower-case hexadecimal SHA-256 of the file's bytes.</summary>
    public static string OfFile(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Lower-case hexadecimal SHA-256 of the directory's manifest: one line <c>HEX␣␣PATH\n</c> per
    /// regular file under it (its SHA-256 and its path relative to the directory, '/'-separated),
    /// sorted by path in ordinal order; what
    /// <c>find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum</c> prints.
    /// </summary>
    public static string OfDirectory(string path)
    {
        var root = Path.GetFullPath(path);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Full: f, Relative: Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal);
        var manifest = new StringBuilder();
        foreach (var (full, relative) in files)
        {
            manifest.Append(OfFile(full)).Append("  ").Append(relative).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest.ToString())));
    }
}
