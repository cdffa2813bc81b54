using System.IO.Compression;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Formats;
using NeuralTopOpt.Nn.Formats.Keras;
using PureHDF;

namespace NeuralTopOpt.Tests.Nn.Formats.Keras;

/// <summary>
/// The Keras layouts the real files of <c>Files/</c> do not exercise, on small files written here
/// with PureHDF in the layout Keras writes (synthetic: they check ntopo's reading of the layout, not
/// Keras): Normalization layers with their statistics as weights (Keras 3: <c>vars/0</c> mean,
/// <c>vars/1</c> variance, <c>vars/2</c> count, as a Keras 3.3.3 file of the TensorFlow regression
/// tutorial shows) or in the configuration, <c>invert</c> true and false, Keras 2's <c>kernel:0</c>
/// names, and the refusals that guard the mapping.
/// </summary>
public sealed class KerasLayoutTests : IDisposable
{
    // x (2) → Normalization(mean μ, variance v) → Dense(3, tanh) → Dense(2) → output Normalization.
    private static readonly float[] Mean = [1f, -2f];
    private static readonly float[] Variance = [4f, 0.25f];
    private static readonly float[,] Kernel1 = { { 0.5f, -1f, 0.25f }, { 2f, 0.125f, -0.75f } };
    private static readonly float[] Bias1 = [0.1f, -0.2f, 0.3f];
    private static readonly float[,] Kernel2 = { { 1f, -0.5f }, { 0.25f, 2f }, { -1.5f, 0.75f } };
    private static readonly float[] Bias2 = [0.05f, -0.1f];
    private static readonly float[] OutMean = [3f, -1f];
    private static readonly float[] OutVariance = [9f, 0.0625f];

    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-keras-layout-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_keras_archive_with_adapted_normalizations_computes_keras_formula(bool invert)
    {
        var model = ModelImporter.Import(WriteArchive("n.keras", invert, statisticsInConfig: false));

        Assert.Equal("2-3-2", model.Network.Architecture);
        Assert.Equal(invert ? OutputNormalizationMode.Denormalize : OutputNormalizationMode.Normalize, model.Network.OutputMode);
        AssertPredictsByHand(model.Network, invert);
    }

    [Fact]
    public void Statistics_given_in_the_configuration_are_used_and_still_count_in_the_layer_names()
    {
        // Both Normalizations carry mean/variance in config.json and own no weights; the Dense groups keep their names.
        var model = ModelImporter.Import(WriteArchive("c.keras", invert: false, statisticsInConfig: true));

        AssertPredictsByHand(model.Network, invert: false);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_keras_2_h5_file_with_normalizations_computes_keras_formula(bool invert)
    {
        var model = ModelImporter.Import(WriteLegacy("n.h5", invert));

        Assert.Equal(("keras-h5", "Keras 2.12.0 (HDF5, tensorflow backend)"), (model.Source!.Format, model.Source.Producer));
        AssertPredictsByHand(model.Network, invert);
    }

    [Fact]
    public void A_weights_only_h5_file_is_refused()
    {
        var path = Path.Combine(_folder, "weights.h5");
        new H5File { ["dense"] = new H5Group { ["kernel:0"] = Kernel1 } }.Write(path);

        var error = Assert.Throws<MalformedFileException>(() => ModelImporter.Import(path));
        Assert.Contains("no model_config attribute: it holds weights only (save_weights)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Weights_out_of_order_and_vars_of_another_layer_are_refused()
    {
        var swapped = WriteLegacy("swapped.h5", invert: true, denseWeightNames: ["dense/bias:0", "dense/kernel:0"]);
        var foreign = WriteArchive("foreign.keras", invert: true, statisticsInConfig: false, firstDenseName: "dense_9");

        Assert.Contains("weight 1 of layer 'dense' is 'dense/bias:0', not its kernel", Assert.Throws<MalformedFileException>(() => ModelImporter.Import(swapped)).Message, StringComparison.Ordinal);
        Assert.Contains("layers/dense/vars belongs to layer 'dense_9', but the configuration puts 'dense' there",
            Assert.Throws<MalformedFileException>(() => ModelImporter.Import(foreign)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Dense", "dense")]
    [InlineData("Normalization", "normalization")]
    [InlineData("BatchNormalization", "batch_normalization")]
    [InlineData("ReLU", "re_lu")]
    [InlineData("Conv2D", "conv2d")]
    public void Layer_groups_are_named_as_keras_snake_cases_the_class(string className, string expected) =>
        Assert.Equal(expected, KerasArchiveReader.SnakeCase(className));   // values of Keras' naming.to_snake_case

    /// <summary>y by hand, in float64 from the float32 constants, with σ = max(√v, 1e-7) (Keras' Normalization).</summary>
    private static void AssertPredictsByHand(Mlp network, bool invert)
    {
        double[] x = [0.3, -1.7];
        var z = new double[3];
        for (var j = 0; j < 3; j++)
        {
            z[j] = Bias1[j];
            for (var i = 0; i < 2; i++)
            {
                z[j] += (x[i] - Mean[i]) / Math.Sqrt(Variance[i]) * Kernel1[i, j];
            }

            z[j] = Math.Tanh(z[j]);
        }

        var y = network.Predict(x);
        for (var k = 0; k < 2; k++)
        {
            var dense = (double)Bias2[k];
            for (var j = 0; j < 3; j++)
            {
                dense += z[j] * Kernel2[j, k];
            }

            var sigma = Math.Sqrt(OutVariance[k]);
            Assert.Equal(invert ? (dense * sigma) + OutMean[k] : (dense - OutMean[k]) / sigma, y[k], 1e-14);
        }
    }

    private string WriteArchive(string name, bool invert, bool statisticsInConfig, string firstDenseName = "dense")
    {
        string Statistics(float[] mean, float[] variance) => statisticsInConfig
            ? $"\"mean\": [{string.Join(", ", mean.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}], \"variance\": [{string.Join(", ", variance.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))}]"
            : "\"mean\": null, \"variance\": null";
        var config = """
            {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential", "layers": [
              {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 2], "dtype": "float32", "name": "input_layer"}},
              {"module": "keras.layers", "class_name": "Normalization", "config": {"name": "normalization", "axis": [-1], "invert": false, @IN@}, "build_config": {"input_shape": [314, 2]}},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 3, "activation": "tanh", "use_bias": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}}}},
              {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_1", "units": 2, "activation": "linear", "use_bias": true}},
              {"module": "keras.layers", "class_name": "Normalization", "config": {"name": "normalization_1", "axis": -1, "invert": @INVERT@, @OUT@}}
            ]}}
            """.Replace("@IN@", Statistics(Mean, Variance), StringComparison.Ordinal).Replace("@OUT@", Statistics(OutMean, OutVariance), StringComparison.Ordinal)
            .Replace("@INVERT@", invert ? "true" : "false", StringComparison.Ordinal);
        var layers = new H5Group
        {
            ["dense"] = Vars(firstDenseName, Kernel1, Bias1),
            ["dense_1"] = Vars("dense_1", Kernel2, Bias2),
        };
        if (!statisticsInConfig)
        {
            layers["normalization"] = Vars("normalization", Mean, Variance, new H5Dataset(0L));
            layers["normalization_1"] = Vars("normalization_1", OutMean, OutVariance, new H5Dataset(0L));
        }

        using var weights = new MemoryStream();
        new H5File { ["layers"] = layers, ["vars"] = new H5Group() }.Write(weights);
        var path = Path.Combine(_folder, name);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entry, bytes) in new[] { ("metadata.json", "{\"keras_version\": \"3.3.3\"}"u8.ToArray()), ("config.json", System.Text.Encoding.UTF8.GetBytes(config)), ("model.weights.h5", weights.ToArray()) })
        {
            using var stream = zip.CreateEntry(entry).Open();
            stream.Write(bytes);
        }

        return path;
    }

    private static H5Group Vars(string layer, params object[] values)
    {
        var vars = new H5Group { Attributes = new Dictionary<string, object> { ["name"] = layer } };
        for (var k = 0; k < values.Length; k++)
        {
            vars[k.ToString(System.Globalization.CultureInfo.InvariantCulture)] = values[k];
        }

        return new H5Group { ["vars"] = vars };
    }

    private string WriteLegacy(string name, bool invert, string[]? denseWeightNames = null)
    {
        var config = """
            {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
              {"class_name": "InputLayer", "config": {"batch_input_shape": {"class_name": "__tuple__", "items": [null, 2]}, "dtype": "float32", "name": "input_1"}},
              {"class_name": "Normalization", "config": {"name": "normalization", "axis": {"class_name": "__tuple__", "items": [-1]}, "mean": null, "variance": null}},
              {"class_name": "Dense", "config": {"name": "dense", "units": 3, "activation": "tanh", "use_bias": true, "dtype": "float32"}},
              {"class_name": "Dense", "config": {"name": "dense_1", "units": 2, "activation": "linear", "use_bias": true, "dtype": "float32"}},
              {"class_name": "Normalization", "config": {"name": "normalization_1", "axis": {"class_name": "__tuple__", "items": [-1]}, "invert": @INVERT@, "mean": null, "variance": null}}
            ]}}
            """.Replace("@INVERT@", invert ? "true" : "false", StringComparison.Ordinal);
        H5Group Layer(string layer, string[] names, params object[] values)
        {
            var inner = new H5Group();
            for (var k = 0; k < values.Length; k++)
            {
                inner[names[k][(names[k].IndexOf('/', StringComparison.Ordinal) + 1)..]] = values[k];
            }

            return new H5Group { Attributes = new Dictionary<string, object> { ["weight_names"] = names }, [layer] = inner };
        }

        var path = Path.Combine(_folder, name);
        new H5File
        {
            Attributes = new Dictionary<string, object> { ["model_config"] = config, ["keras_version"] = "2.12.0", ["backend"] = "tensorflow" },
            ["model_weights"] = new H5Group
            {
                Attributes = new Dictionary<string, object> { ["layer_names"] = new[] { "input_1", "normalization", "dense", "dense_1", "normalization_1" } },
                ["input_1"] = new H5Group { Attributes = new Dictionary<string, object> { ["weight_names"] = Array.Empty<string>() } },
                ["normalization"] = Layer("normalization", ["normalization/mean:0", "normalization/variance:0", "normalization/count:0"], Mean, Variance, new H5Dataset(0L)),
                ["dense"] = denseWeightNames is null
                    ? Layer("dense", ["dense/kernel:0", "dense/bias:0"], Kernel1, Bias1)
                    : Layer("dense", denseWeightNames, Bias1, Kernel1),
                ["dense_1"] = Layer("dense_1", ["dense_1/kernel:0", "dense_1/bias:0"], Kernel2, Bias2),
                ["normalization_1"] = Layer("normalization_1", ["normalization_1/mean:0", "normalization_1/variance:0", "normalization_1/count:0"], OutMean, OutVariance, new H5Dataset(0L)),
            },
        }.Write(path);
        return path;
    }
}
