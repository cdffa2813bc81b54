using NeuralTopOpt.Cli;
using NeuralTopOpt.Cli.Infrastructure;

namespace NeuralTopOpt.Tests.Cli;

public class CliAppTests
{
    [Fact]
    public void Unknown_command_is_a_usage_error_on_one_line()
    {
        var result = CliRunner.Run("no-such-command");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Single(result.ErrorLines);
        Assert.Contains("no-such-command", result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Out);
    }

    [Fact]
    public void Help_succeeds_and_names_the_tool()
    {
        var result = CliRunner.Run("--help");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("ntopo", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(typeof(InvalidInputException), ExitCodes.InputError)]
    [InlineData(typeof(FileNotFoundException), ExitCodes.InputError)]
    [InlineData(typeof(OperationCanceledException), ExitCodes.Interrupted)]
    [InlineData(typeof(NullReferenceException), ExitCodes.InternalError)]
    public void Failures_become_one_line_and_an_exit_code(Type type, int expected)
    {
        var exception = (Exception)Activator.CreateInstance(type, "first line\nsecond line")!;
        var error = new StringWriter();

        var code = CliApp.Report(exception, error);

        Assert.Equal(expected, code);
        var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.StartsWith("ntopo: error: ", lines[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_file_message_names_the_file_and_the_problem()
    {
        var error = new StringWriter();

        var code = CliApp.Report(new MalformedFileException("model.json", "missing 'layers'"), error);

        Assert.Equal(ExitCodes.InputError, code);
        Assert.Equal("ntopo: error: model.json: missing 'layers'", error.ToString().Trim());
    }
}
