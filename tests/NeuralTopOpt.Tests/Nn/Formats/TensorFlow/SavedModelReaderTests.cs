using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Training;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Nn.Formats.TensorFlow;

/// <summary>The paper's SavedModel networks read exactly: architecture, statistics against the data they were adapted on, the paper's test MSE.</summary>
public class SavedModelReaderTests(ITestOutputHelper output)
{
    [Fact]
    public void Paper_networks_have_the_papers_architecture_and_normalize_their_outputs()
    {
        var dbto = PaperNetworks.Dbto;
        var hbto = PaperNetworks.Hbto;

        Assert.Equal("1-64-1", dbto.Network.Architecture);
        Assert.Equal("2-64-4", hbto.Network.Architecture);
        foreach (var model in new[] { dbto, hbto })
        {
            Assert.Equal([Activation.Sigmoid, Activation.Linear], model.Network.Layers.Select(l => l.Activation));
            Assert.Equal(OutputNormalizationMode.Normalize, model.Network.OutputMode);
            Assert.Equal("tensorflow-savedmodel", model.Source!.Format);
            Assert.Equal("directory", model.Source.HashOf);
            Assert.Equal("Keras 2.12.0 (TensorFlow SavedModel)", model.Source.Producer);
            output.WriteLine($"{model.Source.File} {model.Source.Sha256}: {string.Join("; ", model.Source.Notes)}");
        }
    }

    [Fact]
    public void Hbto_normalizations_are_the_statistics_of_the_first_85_percent_of_the_cells()
    {
        // The training script adapts both Normalization layers on rows 1–8,500 (x_train, y_train): population mean and variance.
        var cells = PaperNetworks.HoleCells;
        var network = PaperNetworks.Hbto.Network;
        string[] inputs = ["width", "height"];
        string[] outputs = ["C11", "C12", "C22", "C33"];
        for (var k = 0; k < inputs.Length; k++)
        {
            var (mean, std) = Statistics(cells.Column(cells.ColumnIndex(inputs[k]))[..8500]);
            Assert.Equal(mean, network.InputNormalization.Mean[k], 1e-14);
            Assert.Equal(std, network.InputNormalization.Std[k], 1e-14);
        }

        for (var k = 0; k < outputs.Length; k++)
        {
            var (mean, std) = Statistics(cells.Column(cells.ColumnIndex(outputs[k]))[..8500]);
            Assert.Equal(mean, network.OutputNormalization.Mean[k], 1e-14);
            Assert.Equal(std, network.OutputNormalization.Std[k], 1e-14);
        }

        Assert.Contains("layer_with_weights-0 (a Normalization) was adapted on 8500 samples", PaperNetworks.Hbto.Source!.Notes);
    }

    [Fact]
    public void Hbto_test_mse_is_the_papers_table_1_value()
    {
        // Paper Table 1: 1.47e-3; the script's x_test is the last 15 % of the file (rows 8,501–10,000).
        var cells = PaperNetworks.HoleCells;
        var rows = Enumerable.Range(8500, 1500).ToArray();
        var x = rows.SelectMany(r => new[] { cells[r, cells.ColumnIndex("width")], cells[r, cells.ColumnIndex("height")] }).ToArray();
        var y = rows.SelectMany(r => new[] { "C11", "C12", "C22", "C33" }.Select(c => cells[r, cells.ColumnIndex(c)])).ToArray();

        var mse = Metrics.MeanSquaredError(PaperNetworks.Hbto.Network.Predict(x), y);

        output.WriteLine($"HBTO test MSE {mse:R}");
        Assert.Equal(1.468e-3, mse, 0.0005e-3);
    }

    private static (double Mean, double Std) Statistics(double[] values)
    {
        var mean = values.Average();
        return (mean, Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average()));
    }
}
