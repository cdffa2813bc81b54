using System.Text.Json;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Tests.Models;

namespace NeuralTopOpt.Tests.Cli;

public class CheckGradientCommandTests
{
    [Theory]
    [InlineData("dbto")]
    [InlineData("dbto", "--material", "nn", "--model", "{dbto}", "--derivative", "cfd")]
    [InlineData("hbto", "--model", "{hbto}", "--derivative", "dual")]
    [InlineData("dbto", "--solver", "mgcg", "--nelx", "20", "--nely", "10")]
    public void The_sensitivities_pass_with_second_order(params string[] arguments)
    {
        var args = arguments.Select(a => a.Replace("{dbto}", TestModels.DbtoPath, StringComparison.Ordinal).Replace("{hbto}", TestModels.HbtoPath, StringComparison.Ordinal));

        var result = CliRunner.Run(["check-gradient", .. args, "--json"]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(2, json.RootElement.GetProperty("observed_order").GetDouble(), 0.05);
        Assert.True(json.RootElement.GetProperty("passes").GetBoolean());
        Assert.Equal(11, json.RootElement.GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public void The_table_form_ends_with_the_verdict()
    {
        var result = CliRunner.Run("check-gradient", "dbto", "--nelx", "8", "--nely", "4", "--seed", "5");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var verdict = result.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        var order = double.Parse(verdict.Split("observed order ")[1].Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2, order, 0.05);
    }

    [Theory]
    [InlineData("hbto --material simp", 2, "the hole cell needs --material nn")]
    [InlineData("dbto --material nn", 2, "needs --model FILE")]
    [InlineData("dbto --model {hbto} --material nn", 1, "the density cell needs a network 1 -> 1")]
    public void Bad_input_gives_one_line(string arguments, int code, string message)
    {
        var result = CliRunner.Run(["check-gradient", .. arguments.Replace("{hbto}", TestModels.HbtoPath, StringComparison.Ordinal).Split(' ')]);

        Assert.Equal(code, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }
}
