using Spectre.Console;

namespace NeuralTopOpt.Cli.Infrastructure;

/// <summary>
/// Where a command writes. <see cref="Out"/> carries results only (tables, JSON), so that
/// <c>ntopo … --json | jq</c> works; progress and status go to standard error through
/// <see cref="Status"/>, and only when a person is watching (<see cref="Interactive"/>).
/// </summary>
internal sealed class CliConsole
{
    public CliConsole(TextWriter output, TextWriter error, bool interactive)
    {
        Out = output;
        Error = error;
        Interactive = interactive;
        Ansi = CreateAnsi(output, interactive);
        Status = CreateAnsi(error, interactive);
    }

    /// <summary>Results: tables and JSON.</summary>
    public TextWriter Out { get; }

    /// <summary>Error messages (one line each).</summary>
    public TextWriter Error { get; }

    /// <summary>True when standard error is a terminal: live progress is shown.</summary>
    public bool Interactive { get; }

    /// <summary>Rich output (tables) on <see cref="Out"/>.</summary>
    public IAnsiConsole Ansi { get; }

    /// <summary>Progress bars and status lines on <see cref="Error"/>.</summary>
    public IAnsiConsole Status { get; }

    /// <summary>The process console; interactive when standard error is a terminal.</summary>
    public static CliConsole CreateSystem() =>
        new(Console.Out, Console.Error, !Console.IsErrorRedirected);

    /// <summary>Width of rich output when it goes to a file or a pipe (a terminal reports its own).</summary>
    public const int RedirectedWidth = 160;

    private static IAnsiConsole CreateAnsi(TextWriter writer, bool interactive)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
        });
        if (!interactive)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return console;
    }
}
