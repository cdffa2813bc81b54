using System.Globalization;
using System.Text;

namespace NeuralTopOpt.IO;

/// <summary>Reading a whole text file with one-line errors in our words: missing, a folder, too large, not UTF-8.</summary>
public static class TextFile
{
    /// <summary>The text of <paramref name="path"/> (UTF-8), at most <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="MalformedFileException">Missing, a folder, larger than the limit, or not UTF-8 text.</exception>
    public static string Read(string path, long maxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        Check(path, maxBytes);
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(File.ReadAllBytes(path));
        }
        catch (DecoderFallbackException e)
        {
            throw new MalformedFileException(path, "not UTF-8 text", e);
        }
    }

    /// <summary>Refuses a missing path, a folder, or a file above <paramref name="maxBytes"/> bytes.</summary>
    /// <exception cref="MalformedFileException">As above.</exception>
    public static void Check(string path, long maxBytes)
    {
        if (Directory.Exists(path))
        {
            throw new MalformedFileException(path, "is a folder; expected a file");
        }

        if (!File.Exists(path))
        {
            throw new MalformedFileException(path, "file not found");
        }

        var length = new FileInfo(path).Length;
        if (length > maxBytes)
        {
            throw new MalformedFileException(path, string.Create(CultureInfo.InvariantCulture, $"{length:N0} bytes is more than the {maxBytes:N0} this kind of file may have; is it the right file?"));
        }
    }
}
