using System.Globalization;
using NeuralTopOpt.Cli.Infrastructure;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// Parsing of list-valued options (<c>--at 0.3,0.7</c>, <c>--hidden 64,64</c>) with one-line errors: a
/// malformed list is a usage error (exit code 2). Numbers are read as <see cref="OptionValues"/> reads
/// them (invariant culture, whole token, finite); the comma separates the items.
/// </summary>
internal static class CommandLineValues
{
    /// <summary>Comma-separated finite numbers.</summary>
    public static double[] Numbers(string text, string option)
    {
        var parts = Split(text, option);
        var values = new double[parts.Length];
        for (var k = 0; k < parts.Length; k++)
        {
            if (!OptionValues.TryParseNumber(parts[k], out values[k], out var problem))
            {
                throw new UsageException($"{option}: {problem}");
            }
        }

        return values;
    }

    /// <summary>Comma-separated positive integers.</summary>
    public static int[] PositiveIntegers(string text, string option)
    {
        var parts = Split(text, option);
        var values = new int[parts.Length];
        for (var k = 0; k < parts.Length; k++)
        {
            if (!int.TryParse(parts[k], NumberStyles.None, CultureInfo.InvariantCulture, out values[k]) || values[k] < 1)
            {
                throw new UsageException($"{option}: '{parts[k]}' is not a positive whole number");
            }
        }

        return values;
    }

    /// <summary>An integer range <c>min..max</c> (or a single value).</summary>
    public static (int Min, int Max) Range(string text, string option)
    {
        var bounds = text.Split("..", StringSplitOptions.TrimEntries);
        var values = bounds.Length is 1 or 2 ? PositiveIntegers(string.Join(',', bounds), option) : [];
        if (values.Length == 0 || values[0] > values[^1])
        {
            throw new UsageException($"{option}: '{text}' is not a range min..max of positive whole numbers");
        }

        return (values[0], values[^1]);
    }

    /// <summary>Comma-separated names (column names or indices).</summary>
    public static string[] Names(string text, string option) => Split(text, option);

    /// <summary>A value that must be positive (for options parsed by System.CommandLine).</summary>
    public static int Positive(int value, string option) =>
        value >= 1 ? value : throw new UsageException($"{option} must be at least 1, not {value}");

    private static string[] Split(string text, string option)
    {
        var parts = (text ?? "").Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 0 || parts.Any(p => p.Length == 0))
        {
            throw new UsageException($"{option}: '{text}' is not a comma-separated list");
        }

        return parts;
    }
}
