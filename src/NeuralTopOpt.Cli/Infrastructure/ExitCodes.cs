namespace NeuralTopOpt.Cli.Infrastructure;

/// <summary>Process exit codes of ntopo.</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>Bad input: a file, an option value or a number the command cannot use.</summary>
    public const int InputError = 1;

    /// <summary>The command line itself is wrong: unknown command or option, missing or unparsable value.</summary>
    public const int UsageError = 2;

    /// <summary>A defect in ntopo (an exception it did not expect).</summary>
    public const int InternalError = 70;

    /// <summary>Interrupted (Ctrl+C); finished work has been kept.</summary>
    public const int Interrupted = 130;
}
