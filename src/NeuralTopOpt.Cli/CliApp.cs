using System.CommandLine;
using NeuralTopOpt.Cli.Bench;
using NeuralTopOpt.Cli.Commands;
using NeuralTopOpt.Cli.Infrastructure;

namespace NeuralTopOpt.Cli;

/// <summary>
/// Builds the <c>ntopo</c> command tree and runs it. Every failure becomes one line on standard
/// error and an exit code from <see cref="ExitCodes"/>; a stack trace is printed only when the
/// environment variable <c>NTOPO_DEBUG</c> is set.
/// </summary>
internal static class CliApp
{
    public static int Run(string[] args, CliConsole console)
    {
        var root = BuildRoot(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var messages = parse.Errors.Select(e => OneLine(e.Message)).Distinct();
            console.Error.WriteLine($"ntopo: {string.Join("; ", messages)} (see 'ntopo --help')");
            return ExitCodes.UsageError;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (Exception exception)
        {
            return Report(exception, console.Error);
        }
    }

    /// <summary>The root command with every command group of ntopo.</summary>
    public static RootCommand BuildRoot(CliConsole console)
    {
        var root = new RootCommand(
            "ntopo: topology optimization with neural-network material models, and the derivatives those models need.");
        root.Subcommands.Add(ReproduceCommand.Create(console));
        root.Subcommands.Add(OptimizeCommand.Create(console));
        root.Subcommands.Add(CheckGradientCommand.Create(console));
        root.Subcommands.Add(EvaluateCommand.Create(console));
        root.Subcommands.Add(BenchCommand.Create(console, BenchSuites.All));
        root.Subcommands.Add(ExampleCommand.Create(console));
        root.Subcommands.Add(TrainCommand.Create(console));
        root.Subcommands.Add(JacobianCommand.Create(console));
        root.Subcommands.Add(ModelCommand.Create(console));
        root.Subcommands.Add(TuneCommand.Create(console));
        root.Subcommands.Add(DatasetCommand.Create(console));
        root.Subcommands.Add(HomogenizeCommand.Create(console));
        root.Subcommands.Add(CellsCommand.Create(console));
        root.Subcommands.Add(VerifyCommand.Create(console));
        OptionValues.Harden(root);
        return root;
    }

    /// <summary>Prints <paramref name="exception"/> as one line and returns the matching exit code.</summary>
    public static int Report(Exception exception, TextWriter error)
    {
        var inner = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : exception;
        var (code, text) = inner switch
        {
            OperationCanceledException => (ExitCodes.Interrupted, "interrupted; finished work has been kept"),
            UsageException e => (ExitCodes.UsageError, $"{e.Message} (see --help)"),
            NeuralTopOptException e => (ExitCodes.InputError, e.Message),
            FileNotFoundException e => (ExitCodes.InputError, e.FileName is null ? "a file was not found" : $"file not found: {e.FileName}"),
            DirectoryNotFoundException e => (ExitCodes.InputError, $"no such folder{Quoted(e)}"),
            UnauthorizedAccessException e => (ExitCodes.InputError, $"permission denied{Quoted(e)}"),
            IOException e => (ExitCodes.InputError, $"a file could not be read or written{Quoted(e)}"),
            _ => (ExitCodes.InternalError, $"internal error ({inner.GetType().Name}): {inner.Message}"),
        };
        error.WriteLine($"ntopo: error: {OneLine(text)}");
        if (Environment.GetEnvironmentVariable("NTOPO_DEBUG") is { Length: > 0 })
        {
            error.WriteLine(inner.ToString());
        }

        return code;
    }

    /// <summary>": PATH" when the runtime's message quotes a path, so that our message can name it without repeating the runtime's words.</summary>
    private static string Quoted(Exception e) =>
        System.Text.RegularExpressions.Regex.Match(e.Message, "'([^']+)'") is { Success: true } match ? $": {match.Groups[1].Value}" : "";

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
