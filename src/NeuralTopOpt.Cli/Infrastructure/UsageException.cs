namespace NeuralTopOpt.Cli.Infrastructure;

/// <summary>
/// The command line itself is wrong in a way the parser cannot see: options that exclude or need each
/// other, an unknown name among a fixed set, a list of the wrong shape. Reported like a parse error:
/// one line and exit code 2 (<see cref="ExitCodes.UsageError"/>).
/// </summary>
internal sealed class UsageException(string message) : NeuralTopOptException(message);
