using NeuralTopOpt.Cli.Infrastructure;

namespace NeuralTopOpt.Tests.Cli;

/// <summary>Assertions on how a command failed.</summary>
internal static class CliAssert
{
    /// <summary>Bad input: exit code 1, one line <c>ntopo: error: …</c> containing <paramref name="message"/>, nothing on standard output.</summary>
    public static void InputError(CliResult result, string what, string message)
    {
        Assert.True(result.ExitCode == ExitCodes.InputError, $"{what}: exit {result.ExitCode}, {result.Error}");
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("ntopo: error: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }
}
