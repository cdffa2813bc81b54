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

    /// <summary>A usage error: exit code 2, one line <c>ntopo: …</c> containing <paramref name="message"/>, nothing on standard output.</summary>
    public static void UsageError(CliResult result, string what, string message)
    {
        Assert.True(result.ExitCode == ExitCodes.UsageError, $"{what}: exit {result.ExitCode}, {result.Error}");
        Assert.Single(result.ErrorLines);
        Assert.StartsWith("ntopo: ", result.Error, StringComparison.Ordinal);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    /// <summary><see cref="InputError"/> or <see cref="UsageError"/> by <paramref name="code"/>.</summary>
    public static void Failure(CliResult result, string what, int code, string message)
    {
        if (code == ExitCodes.UsageError)
        {
            UsageError(result, what, message);
        }
        else
        {
            Assert.Equal(ExitCodes.InputError, code);
            InputError(result, what, message);
        }
    }
}
