using System.IO.Compression;
using System.Text;
using System.Text.Json;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Tests.Nn.Formats.Onnx;

namespace NeuralTopOpt.Tests.Cli;

/// <summary>
/// <c>ntopo model import|info</c> on Keras files: the real ones of tests/…/Nn/Formats/Files, and
/// damaged copies of them (truncated, an entry missing or cut, a wrong shape, a foreign layer), each
/// failing with one line and exit 1.
/// </summary>
public sealed class ModelKerasCommandTests : IDisposable
{
    private static readonly string Archive = Path.Combine(RealOnnxFilesTests.FilesPath("keras-addmo"), "best_model.keras");
    private static readonly string Legacy = Path.Combine(RealOnnxFilesTests.FilesPath("keras-h5-addmo"), "SciKerasSequential.h5");
    private const string ArchiveSha256 = "7bebcbf529bc9d0ce79fb95bc46a59d8230a7dd41a0e131406b67d55ccde23f9";
    private const string LegacySha256 = "b42ea7576a4f4dcc3191eb193545046ebf97213e57b87b244f0e6ddc1521730a";
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-cli-keras-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Import_and_info_of_a_keras_archive_record_the_source()
    {
        var import = CliRunner.Run("model", "import", Archive, "--out", PathOf("m.json"), "--outputs", "power");
        var info = CliRunner.Run("model", "info", Archive, "--json");
        var saved = CliRunner.Run("model", "info", PathOf("m.json"));

        Assert.True(import.ExitCode == ExitCodes.Success, import.Error);
        var model = ModelFile.Load(PathOf("m.json"));
        Assert.Equal("9-38-12-1", model.Network.Architecture);
        Assert.Equal(["power"], model.OutputNames);
        Assert.Equal(("keras", "best_model.keras", "Keras 3.11.0 (.keras)"), (model.Source!.Format, model.Source.File, model.Source.Producer));
        Assert.Equal(("file", ArchiveSha256), (model.Source.HashOf, model.Source.Sha256));   // sha256sum of the committed file
        Assert.Equal(ExitCodes.Success, info.ExitCode);
        using var json = JsonDocument.Parse(info.Out);
        Assert.Equal(ArchiveSha256, json.RootElement.GetProperty("source").GetProperty("sha256").GetString());
        Assert.Equal(ExitCodes.Success, saved.ExitCode);
        Assert.Contains("6 float32 weight tensors widened exactly to float64", saved.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_of_a_legacy_h5_file_records_the_source()
    {
        var import = CliRunner.Run("model", "import", Legacy, "--out", PathOf("h5.json"), "--json");

        Assert.True(import.ExitCode == ExitCodes.Success, import.Error);
        var model = ModelFile.Load(PathOf("h5.json"));
        Assert.Equal("8-64-1", model.Network.Architecture);
        Assert.Equal(("keras-h5", "Keras 3.3.3 (HDF5, tensorflow backend)"), (model.Source!.Format, model.Source.Producer));
        Assert.Equal(("SciKerasSequential.h5", "file", LegacySha256), (model.Source.File, model.Source.HashOf, model.Source.Sha256));
        Assert.Contains("Dropout layer 'dropout' dropped (the identity at inference)", model.Source.Notes);
        using var json = JsonDocument.Parse(import.Out);   // --json: the description printed is the file's
        Assert.Equal(LegacySha256, json.RootElement.GetProperty("source").GetProperty("sha256").GetString());
        Assert.Equal("8-64-1", json.RootElement.GetProperty("architecture").GetString());
    }

    [Fact]
    public void A_truncated_archive_fails_with_one_line()
    {
        var bytes = File.ReadAllBytes(Archive);
        File.WriteAllBytes(PathOf("cut.keras"), bytes[..(bytes.Length / 2)]);

        CliAssert.InputError(Import(PathOf("cut.keras")), "truncated zip", "not a readable zip archive, which a .keras file is");
    }

    [Fact]
    public void An_archive_without_weights_fails_with_one_line() =>
        CliAssert.InputError(Import(Rewrite("noweights.keras", (name, bytes) => name == "model.weights.h5" ? null : bytes)),
            "missing weights", "the archive has no model.weights.h5");

    [Fact]
    public void A_truncated_weights_file_fails_with_one_line() =>
        CliAssert.InputError(Import(Rewrite("cutweights.keras", (name, bytes) => name == "model.weights.h5" ? bytes[..(bytes.Length / 3)] : bytes)),
            "truncated weights", "(model.weights.h5): the HDF5 file is 8801 bytes long, but its superblock says 26404: it is truncated");

    [Fact]
    public void A_flipped_bit_in_the_weights_fails_the_archive_crc()
    {
        // Keras stores the entries uncompressed: flip a bit of the first value of dense_3's kernel, 0.49939558 as float32, little-endian.
        var bytes = File.ReadAllBytes(Archive);
        var at = bytes.AsSpan().IndexOf(BitConverter.GetBytes(0.49939558f));
        Assert.True(at > 0);
        bytes[at + 1] ^= 0x04;
        File.WriteAllBytes(PathOf("flipped.keras"), bytes);

        CliAssert.InputError(Import(PathOf("flipped.keras")), "flipped bit", "model.weights.h5 fails its CRC-32 check");
    }

    [Fact]
    public void A_layer_wider_than_its_weights_is_refused_naming_the_shapes()
    {
        // dense_3 declared with 37 units: its kernel in the weights file is 9 × 38.
        var path = Rewrite("wide.keras", (name, bytes) => name == "config.json" ? Replace(bytes, "\"units\": 38", "\"units\": 37") : bytes);

        CliAssert.InputError(Import(path), "wrong shape", "the kernel of layer 'dense_3' (layers/dense/vars/0) has shape [9, 38]; the architecture needs [9, 37]");
    }

    [Fact]
    public void Values_of_the_wrong_kind_and_keys_given_twice_are_refused()
    {
        // "units": "38" made JsonElement throw InvalidOperationException (exit 70) before the configuration's reads were guarded.
        var text = Rewrite("text.keras", (name, bytes) => name == "config.json" ? Replace(bytes, "\"units\": 38", "\"units\": \"38\"") : bytes);
        var twice = Rewrite("twice.keras", (name, bytes) => name == "config.json" ? Replace(bytes, "\"units\": 38", "\"units\": 38, \"units\": 37") : bytes);
        var kind = Rewrite("kind.keras", (name, bytes) => name == "config.json" ? Replace(bytes, "\"layers\": [", "\"layers\": [5, ") : bytes);

        CliAssert.InputError(Import(text), "units as text", "Dense layer 'dense_3' has no positive units");
        CliAssert.InputError(Import(twice), "units twice", "(config.json): config.layers[1].config: 'units' is given twice");
        CliAssert.InputError(Import(kind), "a number for a layer", "the Keras model configuration has a value of the wrong kind");
    }

    [Fact]
    public void A_foreign_layer_is_refused_naming_its_class()
    {
        var archive = Rewrite("foreign.keras", (name, bytes) => name == "config.json" ? Replace(bytes, "\"class_name\": \"Dense\"", "\"class_name\": \"EinsumDense\"") : bytes);
        var legacy = PathOf("foreign.h5");
        File.WriteAllBytes(legacy, Replace(File.ReadAllBytes(Legacy), "\"class_name\": \"Dropout\"", "\"class_name\": \"Dropoux\""));   // same length: the HDF5 layout is untouched

        CliAssert.InputError(Import(archive), "EinsumDense", "Keras layer 'dense_3' is a EinsumDense; ntopo imports InputLayer, Normalization, Dense, Activation and Dropout");
        CliAssert.InputError(Import(legacy), "Dropoux", "Keras layer 'dropout' is a Dropoux; ntopo imports");
    }

    [Fact]
    public void A_damaged_h5_file_fails_with_one_line()
    {
        // Cut in the middle, and cut only in the optimizer's state at the end (the network's weights intact, the file still incomplete).
        var bytes = File.ReadAllBytes(Legacy);
        File.WriteAllBytes(PathOf("cut.h5"), bytes[..4096]);
        File.WriteAllBytes(PathOf("tail.h5"), bytes[..^3000]);
        File.WriteAllBytes(PathOf("text.h5"), Encoding.ASCII.GetBytes("not an HDF5 file\n"));

        CliAssert.InputError(Import(PathOf("cut.h5")), "truncated h5", "the HDF5 file is 4096 bytes long, but its superblock says 22976: it is truncated");
        CliAssert.InputError(Import(PathOf("tail.h5")), "truncated tail", "the HDF5 file is 19976 bytes long, but its superblock says 22976: it is truncated");
        CliAssert.InputError(Import(PathOf("text.h5")), "not hdf5", "not a readable HDF5 file");
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    private CliResult Import(string path) => CliRunner.Run("model", "import", path, "--out", PathOf("out.json"));

    /// <summary>A copy of the real archive with each entry passed through <paramref name="edit"/> (null drops it).</summary>
    private string Rewrite(string name, Func<string, byte[], byte[]?> edit)
    {
        var target = PathOf(name);
        using (var source = ZipFile.OpenRead(Archive))
        using (var copy = ZipFile.Open(target, ZipArchiveMode.Create))
        {
            foreach (var entry in source.Entries)
            {
                using var buffer = new MemoryStream();
                using (var stream = entry.Open())
                {
                    stream.CopyTo(buffer);
                }

                if (edit(entry.FullName, buffer.ToArray()) is { } bytes)
                {
                    using var output = copy.CreateEntry(entry.FullName, CompressionLevel.NoCompression).Open();
                    output.Write(bytes);
                }
            }
        }

        return target;
    }

    private static byte[] Replace(byte[] bytes, string from, string to)
    {
        var (old, replacement) = (Encoding.ASCII.GetBytes(from), Encoding.ASCII.GetBytes(to));
        var at = bytes.AsSpan().IndexOf(old);
        Assert.True(at >= 0, $"'{from}' not found");
        return [.. bytes[..at], .. replacement, .. bytes[(at + old.Length)..]];
    }
}
