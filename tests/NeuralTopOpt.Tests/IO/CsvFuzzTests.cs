using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Datasets;
using NeuralTopOpt.IO;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Tests.Cli;
using NeuralTopOpt.Tests.Properties;

namespace NeuralTopOpt.Tests.IO;

/// <summary>
/// Dataset CSV files mutated at random (seeded): <c>ntopo train</c> on them writes a loadable model or
/// fails with one line and exit code 1, never exit code 70 or a hang; a column named twice is always an error.
/// </summary>
public sealed class CsvFuzzTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-fuzz-csv-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Mutated_datasets_train_or_are_refused()
    {
        var valid = DatasetRunner.Generate(DatasetSpec.Simp(24, seed: 5)).ToCsv();
        var (data, model) = (Path.Combine(_folder, "data.csv"), Path.Combine(_folder, "model.json"));
        var (errors, models) = (0, 0);

        await Bounded.Run(() => SeededProperty.Check(Mutations.Of(valid), seed: 41, cases: 200, mutation =>
        {
            File.WriteAllText(data, mutation.Text);
            File.Delete(model);

            var run = CliRunner.Run("train", "--data", data, "--inputs", "theta", "--outputs", "E", "--hidden", "4", "--epochs", "2", "--out", model);

            Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.InputError, $"exit {run.ExitCode}: {run.Error}");
            if (run.ExitCode == ExitCodes.Success)
            {
                Assert.Equal("1-4-1", ModelFile.Load(model).Network.Architecture);
                models++;
            }
            else
            {
                Assert.StartsWith("ntopo: error: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
                Assert.False(File.Exists(model));
                errors++;
            }
        }), TimeSpan.FromSeconds(60));

        Assert.True(errors > 50 && models > 50, $"{errors} errors, {models} models");
    }

    [Fact]
    public void A_header_with_a_column_twice_is_always_refused()
    {
        SeededProperty.Check(CsCheck.Gen.Select(CsCheck.Gen.Int[1, 6], CsCheck.Gen.Int[0, 100], CsCheck.Gen.Int[0, 100], (n, a, b) => (n, a, b)), seed: 42, cases: 100, c =>
        {
            var names = Enumerable.Range(0, c.n).Select(i => $"c{i}").ToList();
            names.Insert(c.b % (names.Count + 1), names[c.a % names.Count]);
            var text = string.Join(',', names) + "\n" + string.Join(',', names.Select((_, i) => i)) + "\n";

            var error = Assert.Throws<MalformedFileException>(() => CsvTable.Parse(new StringReader(text), "d.csv"));

            Assert.Contains($"names column '{names[c.b % names.Count]}'", error.Message, StringComparison.Ordinal);
        });
    }
}
