using System.Globalization;
using CsCheck;
using NeuralTopOpt.Cli;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Tests.Properties;

namespace NeuralTopOpt.Tests.Cli;

/// <summary>
/// Random tokens (seeded) for a number option and a whole-number option of the real command tree: a
/// token is accepted exactly when it is a whole finite number in the invariant culture without a comma,
/// and then it means that number; otherwise the command line is a usage error that names the option.
/// </summary>
public class OptionValuesFuzzTests
{
    private static readonly Gen<string> Tokens = Gen.String[Gen.Char["0123456789.,eE+- _\u00a0\u0660NaInfty\u221e"], 0, 8];

    [Fact]
    public void Number_options_accept_exactly_the_invariant_finite_numbers()
    {
        var root = CliApp.BuildRoot(new CliConsole(TextWriter.Null, TextWriter.Null, interactive: false));
        var (accepted, refused) = (0, 0);

        SeededProperty.Check(Tokens, seed: 61, cases: 2000, token =>
        {
            var parse = root.Parse(["optimize", "dbto", "--rmin", token, "--nelx", token, "--out", "x"]);
            var number = double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && !token.Contains(',', StringComparison.Ordinal);
            var whole = int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count);
            var errors = parse.Errors.Select(e => e.Message).ToArray();

            Assert.Equal(!number, errors.Any(e => e.StartsWith("--rmin: ", StringComparison.Ordinal)));
            Assert.Equal(!whole, errors.Any(e => e.StartsWith("--nelx: ", StringComparison.Ordinal)));
            if (number && whole)
            {
                Assert.Empty(errors);
                Assert.Equal(value, parse.GetValue<double>("--rmin"));
                Assert.Equal(count, parse.GetValue<int>("--nelx"));
                accepted++;
            }
            else
            {
                refused++;
            }
        }, t => $"'{t}'");

        Assert.True(accepted > 100 && refused > 1000, $"{accepted} accepted, {refused} refused");
    }
}
