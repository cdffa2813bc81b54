using System.Buffers.Binary;
using System.Text.Json;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Formats.Onnx;
using NeuralTopOpt.Nn.Formats.TensorFlow;
using NeuralTopOpt.Tests.Architecture;
using NeuralTopOpt.Tests.Nn.Formats;
using NeuralTopOpt.Tests.Nn.Formats.Onnx;

namespace NeuralTopOpt.Tests.Cli;

/// <summary><c>ntopo model import|export|info</c>, and damaged files failing with one line.</summary>
public sealed class ModelCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-cli-model-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public void Import_writes_the_committed_paper_network_and_info_describes_it()
    {
        var result = CliRunner.Run("model", "import", PaperNetworks.HbtoPath, "--inputs", "width,height", "--outputs", "C11,C12,C22,C33", "--out", PathOf("hbto.json"));
        var info = CliRunner.Run("model", "info", PathOf("hbto.json"), "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal(File.ReadAllText(Path.Combine(LayeringTests.RepositoryRoot(), "data", "networks", "paper-hbto-hole-cell-1e4.json")), File.ReadAllText(PathOf("hbto.json")));
        Assert.Equal(ExitCodes.Success, info.ExitCode);
        using var json = JsonDocument.Parse(info.Out);
        Assert.Equal("2-64-4", json.RootElement.GetProperty("architecture").GetString());
        Assert.Equal("normalize", json.RootElement.GetProperty("output_normalization").GetProperty("mode").GetString());
        Assert.Equal("6d85781895edbfac9fb10daec907f21641b8cdf03edf85d53bfc197c887d0146", json.RootElement.GetProperty("source").GetProperty("sha256").GetString());
    }

    [Fact]
    public void Export_then_import_gives_the_same_network_and_onnx_runtime_agrees()
    {
        var model = Path.Combine(LayeringTests.RepositoryRoot(), "data", "networks", "paper-dbto-simp-1e4.json");

        var export = CliRunner.Run("model", "export", model, "--onnx", PathOf("dbto.onnx"), "--json");
        var import = CliRunner.Run("model", "import", PathOf("dbto.onnx"), "--out", PathOf("back.json"));
        var info = CliRunner.Run("model", "info", PathOf("dbto.onnx"));

        Assert.Equal(ExitCodes.Success, export.ExitCode);
        Assert.Contains("\"opset\":13", export.Out, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Success, import.ExitCode);
        var original = ModelFile.Load(model);
        var back = ModelFile.Load(PathOf("back.json"));
        OnnxExporterTests.AssertSameNetwork(original.Network, back.Network);
        Assert.Equal(["theta"], back.InputNames);
        Assert.Equal(ExitCodes.Success, info.ExitCode);
        Assert.Contains("y = (ŷ − mean)/std", info.Out, StringComparison.Ordinal);
        double[] x = [0.1, 0.5, 0.9];
        var runtime = OnnxRuntimeOracle.Run(File.ReadAllBytes(PathOf("dbto.onnx")), x, 1);
        Assert.All(original.Network.Predict(x).Zip(runtime), p => Assert.Equal(p.First, p.Second, 1e-15));
    }

    [Fact]
    public void A_truncated_data_file_fails_with_one_line()
    {
        var copy = CopyPaperNetwork();
        var shard = Path.Combine(copy, "variables", "variables.data-00000-of-00001");
        File.WriteAllBytes(shard, File.ReadAllBytes(shard)[..^100]);

        CliAssert.InputError(Import(copy), "truncated", "(truncated?)");
    }

    [Fact]
    public void A_flipped_bit_in_a_tensor_fails_its_crc()
    {
        var copy = CopyPaperNetwork();
        var shard = Path.Combine(copy, "variables", "variables.data-00000-of-00001");
        var bytes = File.ReadAllBytes(shard);
        bytes[40] ^= 0x10;
        File.WriteAllBytes(shard, bytes);

        CliAssert.InputError(Import(copy), "flipped tensor bit", "fails its CRC-32C check against the data file");
    }

    [Fact]
    public void A_flipped_bit_in_the_index_fails_its_block_crc()
    {
        var copy = CopyPaperNetwork();
        var index = Path.Combine(copy, "variables", "variables.index");
        var bytes = File.ReadAllBytes(index);
        bytes[100] ^= 0x01;
        File.WriteAllBytes(index, bytes);

        CliAssert.InputError(Import(copy), "flipped index bit", "fails its CRC-32C check (the file is damaged)");
    }

    [Fact]
    public void A_kernel_declared_float32_with_float64_bytes_is_refused()
    {
        // Rewrite the dtype of layer_with_weights-1/kernel (DT_DOUBLE = 2 → DT_FLOAT = 1) and re-sign its block, so only the type is wrong.
        var copy = CopyPaperNetwork();
        var index = Path.Combine(copy, "variables", "variables.index");
        var bytes = File.ReadAllBytes(index);
        var key = System.Text.Encoding.ASCII.GetBytes("kernel/.ATTRIBUTES/VARIABLE_VALUE");   // the first kernel key is layer_with_weights-1's (keys are prefix-compressed)
        var at = bytes.AsSpan().IndexOf(key) + key.Length;
        Assert.Equal(0x08, bytes[at]);
        Assert.Equal(0x02, bytes[at + 1]);
        bytes[at + 1] = 0x01;
        Resign(bytes);
        File.WriteAllBytes(index, bytes);

        CliAssert.InputError(Import(copy), "wrong dtype", "layer_with_weights-1/kernel/.ATTRIBUTES/VARIABLE_VALUE' has 1024 bytes, not 128 elements of Float");
    }

    [Theory]
    [InlineData("not protobuf", new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, "not a valid ONNX model")]
    [InlineData("empty", new byte[0], "the model has no graph")]
    public void Damaged_onnx_files_fail_with_one_line(string what, byte[] bytes, string message)
    {
        File.WriteAllBytes(PathOf("bad.onnx"), bytes);

        CliAssert.InputError(Import(PathOf("bad.onnx")), what, message);
    }

    [Fact]
    public void Truncated_or_retyped_onnx_exports_fail_with_one_line()
    {
        var onnx = OnnxExporter.ToBytes(PaperNetworks.Dbto);
        File.WriteAllBytes(PathOf("cut.onnx"), onnx[..(onnx.Length / 2)]);
        CliAssert.InputError(Import(PathOf("cut.onnx")), "truncated onnx", "not a valid ONNX model");

        // data_type of the first initializer (field 2, DOUBLE = 11) → INT64 = 7: same bytes, wrong type.
        var retyped = (byte[])onnx.Clone();
        var name = System.Text.Encoding.ASCII.GetBytes("input_mean");
        var at = retyped.AsSpan().LastIndexOf(name);   // the initializer's name (the nodes, which name it too, come first)
        var type = retyped.AsSpan(0, at).LastIndexOf(new byte[] { 0x10, 11 });
        retyped[type + 1] = 7;
        File.WriteAllBytes(PathOf("retyped.onnx"), retyped);
        CliAssert.InputError(Import(PathOf("retyped.onnx")), "int64 weights", "uses tensor 'input_mean' of int64; weights and normalization constants must be float32 or float64");
    }

    [Fact]
    public void An_unsupported_operator_is_named()
    {
        CliAssert.InputError(Import(Path.Combine(RealOnnxFilesTests.FilesPath("onnx-pytorch-linear"), "..", "README.md")), "not a model", "unknown model format '.md'");
    }

    [Fact]
    public void Train_by_the_paper_protocol_records_it_and_refuses_a_split()
    {
        var data = PathOf("simp.csv");
        File.WriteAllText(data, "theta,E\n" + string.Join('\n', Enumerable.Range(0, 60).Select(i => FormattableString.Invariant($"{i / 59.0},{Math.Pow(i / 59.0, 3)}"))) + "\n");

        var result = CliRunner.Run("train", "--data", data, "--inputs", "theta", "--outputs", "E", "--protocol", "paper", "--epochs", "3", "--hidden", "4", "--out", PathOf("paper.json"), "--json");
        var split = CliRunner.Run("train", "--data", data, "--inputs", "theta", "--outputs", "E", "--protocol", "paper", "--split", "0.8,0.1,0.1", "--out", PathOf("x.json"));
        var unknown = CliRunner.Run("train", "--data", data, "--inputs", "theta", "--outputs", "E", "--protocol", "keras", "--out", PathOf("x.json"));

        Assert.True(result.ExitCode == ExitCodes.Success, result.Error);
        var model = ModelFile.Load(PathOf("paper.json"));
        Assert.Equal("paper", model.Training!.Protocol);
        Assert.Equal((42, 9, 9), (model.Training.TrainSamples, model.Training.ValidationSamples, model.Training.TestSamples));
        Assert.Equal(OutputNormalizationMode.Normalize, model.Network.OutputMode);
        CliAssert.InputError(split, "split", "--split does not apply to --protocol paper");
        CliAssert.InputError(unknown, "protocol", "unknown training protocol 'keras'");
    }

    private CliResult Import(string path) => CliRunner.Run("model", "import", path, "--out", PathOf("out.json"));

    private string CopyPaperNetwork()
    {
        var target = PathOf("savedmodel");
        foreach (var file in Directory.EnumerateFiles(PaperNetworks.HbtoPath, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(PaperNetworks.HbtoPath, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return target;
    }

    /// <summary>Recomputes the masked CRC-32C of every block of a LevelDB table after an edit (handles from the footer and the index block).</summary>
    private static void Resign(byte[] table)
    {
        var footer = table.Length - 48;
        var position = footer;
        _ = (Varint(table, ref position), Varint(table, ref position));
        var (indexOffset, indexSize) = ((int)Varint(table, ref position), (int)Varint(table, ref position));
        // The index block's entries point at the data blocks: shared, unshared, value length, key, value = handle.
        var restarts = BinaryPrimitives.ReadInt32LittleEndian(table.AsSpan(indexOffset + indexSize - 4));
        var end = indexOffset + indexSize - 4 - (4 * restarts);
        for (var at = indexOffset; at < end;)
        {
            _ = Varint(table, ref at);
            var unshared = (int)Varint(table, ref at);
            var length = (int)Varint(table, ref at);
            at += unshared;
            var handle = at;
            var (offset, size) = ((int)Varint(table, ref handle), (int)Varint(table, ref handle));
            Sign(table, offset, size);
            at += length;
        }

        Sign(table, indexOffset, indexSize);
    }

    private static void Sign(byte[] table, int offset, int size) =>
        BinaryPrimitives.WriteUInt32LittleEndian(table.AsSpan(offset + size + 1), Crc32C.Mask(Crc32C.Compute(table.AsSpan(offset, size + 1))));

    private static ulong Varint(byte[] bytes, ref int position)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }
    }
}
