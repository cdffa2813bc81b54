using CsCheck;

namespace NeuralTopOpt.Tests.Properties;

/// <summary>How a mutation changed a valid text, so that a test knows when the result must be an error.</summary>
internal enum MutationKind
{
    /// <summary>Cut short before its last significant character: never valid JSON.</summary>
    Truncate,

    /// <summary>One character removed.</summary>
    Delete,

    /// <summary>One character inserted.</summary>
    Insert,

    /// <summary>One character replaced.</summary>
    Replace,

    /// <summary>A number replaced by a token that is not a finite number of the format (NaN, 1e999, "", null, …).</summary>
    Token,

    /// <summary>A key of an object repeated at the end of the same object: never valid for our files.</summary>
    DuplicateKey,
}

/// <summary>A mutated text and what was done to it.</summary>
internal sealed record Mutation(MutationKind Kind, string Text, string Detail)
{
    public override string ToString() => $"{Kind} ({Detail}): {(Text.Length > 300 ? Text[..300] + "…" : Text)}";
}

/// <summary>CsCheck generators of small mutations of a valid text (fuzzing the parsers).</summary>
internal static class Mutations
{
    private const string Characters = " \n\"{}[],:.-+eE0123456789aNnlrtu#/\\\u00e9\u0000";

    private static readonly string[] Tokens = ["NaN", "1e999", "-1e999", "\"\"", "null", "true", "[]", "{}", "1e-320", "-0", "0x10", "1,5", "\"1.5\"", "99999999999999999999"];

    /// <summary>Mutations of <paramref name="valid"/> of every kind.</summary>
    public static Gen<Mutation> Of(string valid) =>
        Gen.Select(Gen.Int[0, 5], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], (kind, a, b) => Apply(valid, (MutationKind)kind, a, b));

    private static Mutation Apply(string valid, MutationKind kind, int a, int b)
    {
        var position = a % Math.Max(1, valid.Length);
        switch (kind)
        {
            case MutationKind.Truncate:
                var end = valid.TrimEnd().Length - 1; // before the closing bracket
                var cut = a % Math.Max(1, end);
                return new(kind, valid[..cut], $"at {cut}");
            case MutationKind.Delete:
                return new(kind, valid.Remove(position, 1), $"at {position}");
            case MutationKind.Insert:
                return new(kind, valid.Insert(position, Characters[b % Characters.Length].ToString()), $"'{Characters[b % Characters.Length]}' at {position}");
            case MutationKind.Replace:
                return new(kind, valid.Remove(position, 1).Insert(position, Characters[b % Characters.Length].ToString()), $"'{Characters[b % Characters.Length]}' at {position}");
            case MutationKind.Token:
                var numbers = System.Text.RegularExpressions.Regex.Matches(valid, @"-?\d+(\.\d+)?([eE][-+]?\d+)?");
                if (numbers.Count == 0)
                {
                    return new(MutationKind.Delete, valid.Remove(position, 1), $"at {position}");
                }

                var number = numbers[a % numbers.Count];
                var token = Tokens[b % Tokens.Length];
                return new(kind, valid.Remove(number.Index, number.Length).Insert(number.Index, token), $"{number.Value} -> {token} at {number.Index}");
            default:
                var keys = System.Text.RegularExpressions.Regex.Matches(valid, "\"[A-Za-z_]+\"\\s*:\\s*(-?[0-9.eE+-]+|\"[^\"]*\")");
                if (keys.Count == 0)
                {
                    return new(MutationKind.Delete, valid.Remove(position, 1), $"at {position}");
                }

                var pair = keys[a % keys.Count];
                return new(MutationKind.DuplicateKey, valid.Insert(pair.Index, pair.Value + ", "), pair.Value);
        }
    }
}
