using NeuralTopOpt.Cli.Infrastructure;

namespace NeuralTopOpt.Cli;

/// <summary>Entry point of <c>ntopo</c>.</summary>
public static class Program
{
    /// <summary>Runs ntopo with the process console.</summary>
    public static int Main(string[] args) => CliApp.Run(args, CliConsole.CreateSystem());
}
