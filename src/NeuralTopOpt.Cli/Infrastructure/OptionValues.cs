using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace NeuralTopOpt.Cli.Infrastructure;

/// <summary>
/// How every option value of ntopo is read, set once on the whole command tree
/// (<see cref="Harden"/>): numbers in the invariant culture and only when the whole token is a finite
/// number (System.CommandLine's own parser follows the user's culture and reads <c>1,5</c> as 15 with
/// a thousands separator), whole numbers without fraction or exponent, and no empty text values
/// (<c>--out ""</c>). A value that fails is a usage error (exit code 2) that says why.
/// </summary>
internal static class OptionValues
{
    /// <summary>Installs the number parsers and the empty-text check on every option and argument under <paramref name="command"/>.</summary>
    public static void Harden(Command command)
    {
        foreach (var option in command.Options)
        {
            switch (option)
            {
                case Option<double> number:
                    number.CustomParser = r => ParseDouble(r, number.Name);
                    break;
                case Option<double?> number:
                    number.CustomParser = r => ParseDouble(r, number.Name);
                    break;
                case Option<int> whole:
                    whole.CustomParser = r => ParseInt(r, whole.Name);
                    break;
                case Option<int?> whole:
                    whole.CustomParser = r => ParseInt(r, whole.Name);
                    break;
                case Option<string> or Option<string?> or Option<string[]>:
                    option.Validators.Add(r => RefuseEmpty(r.Tokens, option.Name, r));
                    break;
            }
        }

        foreach (var argument in command.Arguments)
        {
            if (argument is Argument<string> or Argument<string[]>)
            {
                argument.Validators.Add(r => RefuseEmpty(r.Tokens, argument.Name, r));
            }
        }

        foreach (var subcommand in command.Subcommands)
        {
            Harden(subcommand);
        }
    }

    /// <summary>A finite number in the invariant culture, or why the text is not one.</summary>
    public static bool TryParseNumber(string text, out double value, out string problem)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "the value is empty";
            return false;
        }

        if (text.Contains(',', StringComparison.Ordinal))
        {
            problem = $"'{text}' is not a number: write decimals with a point, e.g. {text.Trim().Replace(',', '.')} (a comma is neither a decimal separator nor a thousands separator here)";
            return false;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            problem = $"'{text}' is not a number";
            return false;
        }

        if (!double.IsFinite(value))
        {
            problem = $"'{text}' is not a finite number";
            return false;
        }

        problem = "";
        return true;
    }

    /// <summary>A whole number in the invariant culture (int range), or why the text is not one.</summary>
    public static bool TryParseWhole(string text, out int value, out string problem)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "the value is empty";
            return false;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            problem = "";
            return true;
        }

        var token = text.Trim();
        problem = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) || (token.Length > 9 && token.All(char.IsAsciiDigit))
            ? $"'{text}' is too large (at most {int.MaxValue.ToString("N0", CultureInfo.InvariantCulture)})"
            : token.Contains(',', StringComparison.Ordinal)
                ? $"'{text}' is not a whole number (no commas: write 10000, not 10,000)"
                : $"'{text}' is not a whole number";
        return false;
    }

    private static double ParseDouble(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0)
        {
            return 0;
        }

        if (!TryParseNumber(result.Tokens[0].Value, out var value, out var problem))
        {
            result.AddError($"{name}: {problem}");
        }

        return value;
    }

    private static int ParseInt(ArgumentResult result, string name)
    {
        if (result.Tokens.Count == 0)
        {
            return 0;
        }

        if (!TryParseWhole(result.Tokens[0].Value, out var value, out var problem))
        {
            result.AddError($"{name}: {problem}");
        }

        return value;
    }

    private static void RefuseEmpty(IReadOnlyList<Token> tokens, string name, SymbolResult result)
    {
        if (tokens.Any(t => string.IsNullOrWhiteSpace(t.Value)))
        {
            result.AddError($"{name}: the value is empty");
        }
    }
}
