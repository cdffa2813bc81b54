using System.Text.Json;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Derivatives;

namespace NeuralTopOpt.Tests.Cli;

public class NnBenchTests
{
    [Fact]
    public void Jacobian_suite_times_every_method_on_both_shapes_against_the_target()
    {
        var result = CliRunner.Run("bench", "jacobian", "--seconds", "0.01", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var cases = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        var names = cases.Select(c => c.GetProperty("case").GetString()).ToArray();
        foreach (var method in JacobianMethods.Names)
        {
            Assert.Contains($"{method} 1-64-1 x1800", names);
            Assert.Contains($"{method} 2-64-4 x1800", names);
        }

        Assert.All(cases, c => Assert.True(c.GetProperty("median_ms").GetDouble() > 0));
        Assert.All(cases.Where(c => c.GetProperty("case").GetString()!.Contains("2-64-4", StringComparison.Ordinal)), c => Assert.Equal(2.0, c.GetProperty("target_ms").GetDouble()));
    }
}
