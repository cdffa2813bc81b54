using System.Globalization;
using NeuralTopOpt.IO;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Formats;
using NeuralTopOpt.Tests.Nn.Formats.Onnx;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Nn.Formats.Keras;

/// <summary>
/// Keras-written files (tests/…/Nn/Formats/Files, provenance in its README), imported and checked
/// against an independent evaluation of the same file: <c>tools/keras_reference.py</c> (zipfile,
/// h5py on the HDF5 C library, numpy) wrote <c>reference.csv</c> beside each file: 50 seeded inputs
/// in [−1, 1], the network in float64 (as ntopo evaluates it) and in float32 (as Keras' predict does).
/// </summary>
public class RealKerasFilesTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, string, string, string, string, int> Files => new()
    {
        // folder, file, format, producer, architecture, SHA-256, float32 tensors
        { "keras-addmo", "best_model.keras", "keras", "Keras 3.11.0 (.keras)", "9-38-12-1", "7bebcbf529bc9d0ce79fb95bc46a59d8230a7dd41a0e131406b67d55ccde23f9", 6 },
        { "keras-omlt", "keras_linear_131_sigmoid_softplus_output_activation.keras", "keras", "Keras 3.3.3 (.keras)", "1-3-1", "25302502271683c6cb203bed913a4e81689cb86653d4711563b46c2084499bbf", 4 },
        { "keras-h5-addmo", "SciKerasSequential.h5", "keras-h5", "Keras 3.3.3 (HDF5, tensorflow backend)", "8-64-1", "b42ea7576a4f4dcc3191eb193545046ebf97213e57b87b244f0e6ddc1521730a", 4 },
        { "keras-h5-nnet", "KerasTestNetwork.h5", "keras-h5", "Keras 1.2.1 (HDF5)", "5-45-45-45-45-45-45-5", "3d6b7cc9f4c823e6f23c500952c86eb67fc6cf313f69c0c995dced46a47a0770", 14 },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void Imports_with_provenance(string folder, string file, string format, string producer, string architecture, string sha256, int float32Tensors)
    {
        var model = ModelImporter.Import(Path.Combine(RealOnnxFilesTests.FilesPath(folder), file));

        Assert.Equal(architecture, model.Network.Architecture);
        Assert.Equal(format, model.Source!.Format);
        Assert.Equal(file, model.Source.File);
        Assert.Equal("file", model.Source.HashOf);
        Assert.Equal(sha256, model.Source.Sha256);
        Assert.Equal(producer, model.Source.Producer);
        Assert.Contains(model.Source.Notes, n => n.StartsWith($"{float32Tensors} float32 weight tensors widened exactly to float64", StringComparison.Ordinal));
        foreach (var normalization in new[] { model.Network.InputNormalization, model.Network.OutputNormalization })
        {
            Assert.All(normalization.Mean.ToArray(), m => Assert.Equal(0.0, m));   // none of these files normalizes
            Assert.All(normalization.Std.ToArray(), s => Assert.Equal(1.0, s));
        }

        output.WriteLine($"{file}: {string.Join("; ", model.Source.Notes)}");
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Predicts_what_numpy_computes_from_the_same_file(string folder, string file, string format, string producer, string architecture, string sha256, int float32Tensors)
    {
        _ = (format, producer, architecture, sha256, float32Tensors);
        var directory = RealOnnxFilesTests.FilesPath(folder);
        var network = ModelImporter.Import(Path.Combine(directory, file)).Network;
        var reference = CsvTable.Read(Path.Combine(directory, "reference.csv"));
        var (n, m) = (network.InputCount, network.OutputCount);
        Assert.Equal(n + (2 * m), reference.Columns.Count);
        Assert.Equal(50, reference.RowCount);

        var (worst64, worst32) = (0.0, 0.0);
        for (var row = 0; row < reference.RowCount; row++)
        {
            var y = network.Predict(reference.Row(row)[..n]);
            for (var j = 0; j < m; j++)
            {
                var (numpy64, numpy32) = (reference[row, n + j], reference[row, n + m + j]);
                var scale = Math.Max(1, Math.Abs(numpy64));
                worst64 = Math.Max(worst64, Math.Abs(y[j] - numpy64) / scale);
                worst32 = Math.Max(worst32, Math.Abs(y[j] - numpy32) / scale);
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file}: max |ours − numpy float64| / max(1, |y|) = {worst64:E2}; against numpy float32 (Keras' arithmetic) {worst32:E2}"));
        Assert.True(worst64 <= 1e-13, $"against numpy float64: {worst64:E3}");   // the same float64 numbers summed in another order
        Assert.True(worst32 <= 1e-5, $"against numpy float32: {worst32:E3}");    // float32 rounding of inputs, weights and arithmetic
    }

    [Fact]
    public void Keras_1_and_3_files_name_their_layers_as_the_configuration_does()
    {
        var addmo = ModelImporter.Import(Path.Combine(RealOnnxFilesTests.FilesPath("keras-addmo"), "best_model.keras"));
        var legacy = ModelImporter.Import(Path.Combine(RealOnnxFilesTests.FilesPath("keras-h5-addmo"), "SciKerasSequential.h5"));

        Assert.Equal([Activation.Softplus, Activation.Softplus, Activation.Linear], addmo.Network.Layers.Select(l => l.Activation));
        Assert.Contains("the optimizer's iteration counter (optimizer/vars/0) is 288000", addmo.Source!.Notes);
        Assert.Equal([Activation.Relu, Activation.Linear], legacy.Network.Layers.Select(l => l.Activation));
        Assert.Contains("Dropout layer 'dropout' dropped (the identity at inference)", legacy.Source!.Notes);
    }
}
