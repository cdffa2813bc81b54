namespace NeuralTopOpt.Nn;

/// <summary>
/// Where an imported network came from: the format and the file it was read from, that file's
/// SHA-256, the tool that wrote it and what the import had to decide. Recorded in the model file
/// (<c>source</c>) so that a converted network can be traced to its original.
/// </summary>
public sealed record ModelSource
{
    /// <summary>The format read: <c>tensorflow-savedmodel</c>, <c>onnx</c>, <c>keras</c> (Keras 3 zip) or <c>keras-h5</c>.</summary>
    public required string Format { get; init; }

    /// <summary>The file or directory name as imported (its last path component; no folders, so the record does not depend on where the file lay).</summary>
    public required string File { get; init; }

    /// <summary>Lower-case hexadecimal SHA-256 of the file, or of a directory's manifest (see <see cref="HashOf"/>).</summary>
    public required string Sha256 { get; init; }

    /// <summary>
    /// <c>file</c>: the SHA-256 of the file's bytes. <c>directory</c>: the SHA-256 of the manifest of
    /// every regular file under the directory, one line <c>HEX␣␣PATH\n</c> per file (its SHA-256 and
    /// its path relative to the directory with '/' separators), sorted by path in ordinal order, as
    /// <c>find . -type f | sed 's|^\./||' | LC_ALL=C sort | xargs sha256sum | sha256sum</c> prints.
    /// </summary>
    public string HashOf { get; init; } = "file";

    /// <summary>The program that wrote the file and its version, when the file says (e.g. <c>Keras 2.12.0</c>, <c>pytorch 2.3.1</c>).</summary>
    public string? Producer { get; init; }

    /// <summary>What the import decided, one sentence each (e.g. how a normalization layer was represented).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
