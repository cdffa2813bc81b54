using System.Text.Json.Nodes;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Tests.Cli;

namespace NeuralTopOpt.Tests.Models;

/// <summary>The commands of Models/README.md give the committed models exactly (but for the training time).</summary>
[Trait("Category", "Slow")]
public sealed class TestModelRegenerationTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"ntopo-models-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void The_documented_commands_regenerate_the_committed_models_bit_for_bit()
    {
        Directory.CreateDirectory(_folder);
        var data = Path.Combine(_folder, "simp-1e4.csv");
        var (dbto, hbto) = (Path.Combine(_folder, "dbto.json"), Path.Combine(_folder, "hbto.json"));
        var reference = Path.Combine(Architecture.LayeringTests.RepositoryRoot(), "data", "reference", "hole-cell-homogenized-100x100.csv");

        Assert.Equal(ExitCodes.Success, CliRunner.Run("example", "simp-data", "--samples", "10000", "--seed", "1", "--out", data).ExitCode);
        Assert.Equal(ExitCodes.Success, CliRunner.Run("train", "--data", data, "--inputs", "theta", "--outputs", "E", "--seed", "1", "--out", dbto).ExitCode);
        Assert.Equal(ExitCodes.Success, CliRunner.Run("train", "--data", reference, "--inputs", "width,height", "--outputs", "C11,C12,C22,C33", "--seed", "1", "--out", hbto).ExitCode);

        Assert.Equal(WithoutTime(TestModels.DbtoPath), WithoutTime(dbto));
        Assert.Equal(WithoutTime(TestModels.HbtoPath), WithoutTime(hbto));
    }

    private static string WithoutTime(string path)
    {
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["training"]!.AsObject().Remove("seconds");
        json["training"]!.AsObject().Remove("data");
        return json.ToJsonString();
    }
}
