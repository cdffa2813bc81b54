using NeuralTopOpt.Cli;
using NeuralTopOpt.Cli.Infrastructure;

namespace NeuralTopOpt.Tests.Cli;

/// <summary>Runs ntopo in-process with captured, non-interactive output.</summary>
internal static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = CliApp.Run(args, new CliConsole(output, error, interactive: false));
        return new CliResult(code, output.ToString(), error.ToString());
    }
}

internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>The non-empty lines written to standard error.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
