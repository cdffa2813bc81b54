using System.Globalization;
using System.Text.Json;

namespace NeuralTopOpt.IO;

/// <summary>
/// Parsing of the JSON files ntopo reads (problem files, model files), stricter than
/// <see cref="JsonDocument"/>: a key given twice in one object is an error naming its place
/// (<c>loadCases[0].loads[0]: 'fy' is given twice</c>) instead of the last one winning silently, and
/// malformed text gives a <see cref="MalformedFileException"/> in our words with its line and byte,
/// never the reader's internals.
/// </summary>
public static class StrictJson
{
    /// <summary>
    /// Parses <paramref name="text"/>; <paramref name="source"/> names it in messages and
    /// <paramref name="root"/> the top-level value in paths (e.g. <c>problem</c>). Dispose the document.
    /// </summary>
    /// <exception cref="MalformedFileException">Empty, not JSON, or a key repeated in one object.</exception>
    public static JsonDocument Parse(string text, string source, JsonDocumentOptions options = default, string root = "")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new MalformedFileException(source, "the file is empty; expected a JSON object");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, options);
        }
        catch (JsonException e)
        {
            var line = (e.LineNumber ?? 0) + 1;
            var position = (e.BytePositionInLine ?? 0) + 1;
            throw new MalformedFileException(source, string.Create(CultureInfo.InvariantCulture, $"not valid JSON at line {line}, byte {position} (a missing comma, quote or bracket, or text cut short?)"), e);
        }

        if (FindDuplicate(document.RootElement, root) is { } duplicate)
        {
            document.Dispose();
            throw new MalformedFileException(source, duplicate);
        }

        return document;
    }

    /// <summary>The first key repeated within one object, as a message, or null.</summary>
    private static string? FindDuplicate(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!names.Add(property.Name))
                {
                    return $"{(path.Length == 0 ? "the top level" : path)}: '{property.Name}' is given twice (a key may appear once per object)";
                }

                if (FindDuplicate(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}") is { } inner)
                {
                    return inner;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (FindDuplicate(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{index++}]")) is { } inner)
                {
                    return inner;
                }
            }
        }

        return null;
    }
}
