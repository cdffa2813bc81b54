namespace NeuralTopOpt;

/// <summary>
/// Base type of every failure that NeuralTopOpt reports to its user: bad input, malformed files,
/// singular systems. The message is one line that says what is wrong and, where it helps, what to do;
/// front ends print it as is, without a stack trace.
/// </summary>
public class NeuralTopOptException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public NeuralTopOptException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a one-line message and the failure that caused it.</summary>
    public NeuralTopOptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// An argument, option or number is outside what the operation accepts (out of range, NaN,
/// wrong length, unknown name).
/// </summary>
public class InvalidInputException : NeuralTopOptException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public InvalidInputException(string message)
        : base(message)
    {
    }
}

/// <summary>
/// Choices that are each valid but do not go together (an optimizer and a constraint form, a cell family
/// and a material): raised by the setup records' <c>Validate</c>, so that a front end can report it as a
/// usage error (the command line asked for something contradictory) rather than as bad data.
/// </summary>
public class IncompatibleChoicesException : InvalidInputException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public IncompatibleChoicesException(string message)
        : base(message)
    {
    }
}

/// <summary>A file could not be read as the format it should have (model, dataset, problem, image).</summary>
public class MalformedFileException : NeuralTopOptException
{
    /// <summary>Creates the exception for <paramref name="path"/> with the <paramref name="problem"/> found.</summary>
    public MalformedFileException(string path, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>Creates the exception for <paramref name="path"/> with the problem and its cause.</summary>
    public MalformedFileException(string path, string problem, Exception innerException)
        : base($"{path}: {problem}", innerException)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The file that was being read.</summary>
    public string Path { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Problem { get; }
}
