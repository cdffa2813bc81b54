using System.Text.Json;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Examples;
using NeuralTopOpt.Tests.Cli;
using NeuralTopOpt.Tests.Properties;

namespace NeuralTopOpt.Tests.Nn;

/// <summary>
/// Model files mutated at random (seeded): through <c>ntopo jacobian</c> they give a finite result or one
/// line with exit code 1, never exit code 70 or a hang; text cut short and a key given twice are always errors.
/// </summary>
public sealed class ModelFileFuzzTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-fuzz-model-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Mutated_model_files_are_refused_or_give_finite_results()
    {
        var valid = ModelFile.ToJson(new NetworkModel(AppendixB.PrintedNetwork(), ["x"], ["y"]));
        var path = Path.Combine(_folder, "model.json");
        var (errors, results) = (0, 0);

        await Bounded.Run(() => SeededProperty.Check(Mutations.Of(valid), seed: 21, cases: 400, mutation =>
        {
            File.WriteAllText(path, mutation.Text);

            var run = CliRunner.Run("jacobian", "--model", path, "--at", "0.5", "--json");

            Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.InputError, $"exit {run.ExitCode}: {run.Error}");
            if (mutation.Kind is MutationKind.Truncate or MutationKind.DuplicateKey)
            {
                Assert.Equal(ExitCodes.InputError, run.ExitCode);
            }

            if (run.ExitCode == ExitCodes.Success)
            {
                using var json = JsonDocument.Parse(run.Out);
                Assert.All(json.RootElement.GetProperty("output").EnumerateArray(), v => Assert.True(double.IsFinite(v.GetDouble())));
                Assert.All(json.RootElement.GetProperty("jacobian").EnumerateArray().SelectMany(r => r.EnumerateArray()), v => Assert.True(double.IsFinite(v.GetDouble())));
                results++;
            }
            else
            {
                Assert.StartsWith($"ntopo: error: {path}: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
                errors++;
            }
        }), TimeSpan.FromSeconds(60));

        Assert.True(errors > 200 && results > 20, $"{errors} errors, {results} results: the mutations should give both");
    }
}
