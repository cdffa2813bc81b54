using System.IO.Compression;
using System.Text;
using CsCheck;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Tests.Cli;
using NeuralTopOpt.Tests.Nn.Formats.Onnx;
using NeuralTopOpt.Tests.Properties;

namespace NeuralTopOpt.Tests.Nn.Formats.Keras;

/// <summary>
/// The real Keras files damaged at random (seeded) through <c>ntopo model import</c>: a mutated
/// <c>config.json</c> in a well-formed archive (its CRC-32 recomputed, so the JSON itself is tested),
/// and bytes of a legacy <c>.h5</c> overwritten. Each imports or fails with one line and exit 1, never
/// exit 70 or a hang; config text cut short and a key given twice are always errors.
/// </summary>
public sealed class KerasFileFuzzTests : IDisposable
{
    private static readonly string Archive = Path.Combine(RealOnnxFilesTests.FilesPath("keras-addmo"), "best_model.keras");
    private static readonly string Legacy = Path.Combine(RealOnnxFilesTests.FilesPath("keras-h5-addmo"), "SciKerasSequential.h5");
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-fuzz-keras-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Mutated_keras_configurations_are_refused_with_one_line_or_imported()
    {
        var entries = ReadEntries(Archive);
        var valid = Encoding.UTF8.GetString(entries["config.json"]);
        var path = Path.Combine(_folder, "m.keras");
        var (errors, imports) = (0, 0);

        await Bounded.Run(() => SeededProperty.Check(Mutations.Of(valid), seed: 31, cases: 150, mutation =>
        {
            WriteArchive(path, entries, Encoding.UTF8.GetBytes(mutation.Text));

            var run = CliRunner.Run("model", "import", path, "--out", Path.Combine(_folder, "m.json"));

            Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.InputError, $"exit {run.ExitCode}: {run.Error}");
            if (mutation.Kind is MutationKind.Truncate or MutationKind.DuplicateKey)
            {
                Assert.Equal(ExitCodes.InputError, run.ExitCode);
            }

            _ = run.ExitCode == ExitCodes.Success ? imports++ : errors++;
            if (run.ExitCode == ExitCodes.InputError)
            {
                Assert.StartsWith($"ntopo: error: {path}", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
            }
        }), TimeSpan.FromSeconds(60));

        Assert.True(errors > 40 && imports > 10, $"{errors} errors, {imports} imports: the mutations should give both");
    }

    [Fact]
    public async Task Overwritten_bytes_of_a_legacy_h5_file_are_refused_with_one_line_or_imported()
    {
        var valid = File.ReadAllBytes(Legacy);
        var path = Path.Combine(_folder, "m.h5");
        var gen = Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Int[1, 8], Gen.Byte, (at, count, value) => (At: at, Count: count, Value: value));
        var (errors, imports) = (0, 0);

        await Bounded.Run(() => SeededProperty.Check(gen, seed: 37, cases: 150, damage =>
        {
            var bytes = (byte[])valid.Clone();
            bytes.AsSpan(damage.At, Math.Min(damage.Count, bytes.Length - damage.At)).Fill(damage.Value);
            File.WriteAllBytes(path, bytes);

            var run = CliRunner.Run("model", "import", path, "--out", Path.Combine(_folder, "m.json"));

            Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.InputError, $"exit {run.ExitCode}: {run.Error}");
            _ = run.ExitCode == ExitCodes.Success ? imports++ : errors++;
            if (run.ExitCode == ExitCodes.InputError)
            {
                Assert.StartsWith($"ntopo: error: {path}", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
            }
        }), TimeSpan.FromSeconds(60));

        Assert.True(errors > 0 && imports > 0, $"{errors} errors, {imports} imports: the damage should give both");
    }

    private static Dictionary<string, byte[]> ReadEntries(string archive)
    {
        using var zip = ZipFile.OpenRead(archive);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var stream = e.Open();
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            return buffer.ToArray();
        });
    }

    private static void WriteArchive(string path, Dictionary<string, byte[]> entries, byte[] config)
    {
        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, bytes) in entries)
        {
            using var output = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            output.Write(name == "config.json" ? config : bytes);
        }
    }
}
