using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Examples;

namespace NeuralTopOpt.Tests.Nn;

public sealed class ModelFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-model-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Round_trip_keeps_every_bit_and_the_metadata()
    {
        var network = RandomNetworks.Create(5, allowRelu: true);
        var training = new TrainingMetadata
        {
            Seed = 42,
            Samples = 100,
            TrainSamples = 70,
            ValidationSamples = 15,
            TestSamples = 15,
            Epochs = 50,
            EpochsRun = 37,
            BatchSize = 32,
            LearningRate = 1e-3,
            Restarts = 2,
            Seconds = 1.25,
            TestMse = 1.5e-7,
            TestR2 = double.NaN,
            ValidationLoss = 3e-6,
            Data = "simp.csv",
        };
        var model = new NetworkModel(network, Enumerable.Range(0, network.InputCount).Select(i => $"in{i}").ToArray(), null, training);
        var path = Path.Combine(_folder, "sub", "model.json");

        ModelFile.Save(model, path);
        var loaded = ModelFile.Load(path);

        Assert.Equal(network.Architecture, loaded.Network.Architecture);
        for (var n = 0; n < network.Layers.Count; n++)
        {
            Assert.Equal(network.Layers[n].Weights.ToArray(), loaded.Network.Layers[n].Weights.ToArray());
            Assert.Equal(network.Layers[n].Biases.ToArray(), loaded.Network.Layers[n].Biases.ToArray());
            Assert.Equal(network.Layers[n].Activation, loaded.Network.Layers[n].Activation);
        }

        Assert.Equal(network.InputNormalization.Std.ToArray(), loaded.Network.InputNormalization.Std.ToArray());
        Assert.Equal(network.OutputNormalization.Mean.ToArray(), loaded.Network.OutputNormalization.Mean.ToArray());
        Assert.Equal(model.InputNames, loaded.InputNames);
        Assert.Equal("y1", loaded.OutputNames[0]);
        Assert.Equal(training, loaded.Training);
        var x = RandomNetworks.Inputs(network, 9, 1);
        Assert.Equal(network.Predict(x), loaded.Network.Predict(x));
    }

    [Fact]
    public void An_output_normalizing_imported_model_is_version_2_and_keeps_its_source()
    {
        var network = RandomNetworks.Create(7, allowRelu: false, OutputNormalizationMode.Normalize);
        var source = new ModelSource
        {
            Format = "onnx",
            File = "net.onnx",
            Sha256 = new string('a', 64),
            Producer = "pytorch 2.3.1",
            Notes = ["first σ note", "second"],
        };
        var path = Path.Combine(_folder, "imported.json");

        ModelFile.Save(new NetworkModel(network) { Source = source }, path);
        var loaded = ModelFile.Load(path);

        Assert.Contains("\"version\": 2", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Contains("\"mode\": \"normalize\"", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(OutputNormalizationMode.Normalize, loaded.Network.OutputMode);
        Assert.Equal(source.Notes, loaded.Source!.Notes);
        Assert.Equal(source with { Notes = loaded.Source.Notes }, loaded.Source);
        var x = RandomNetworks.Inputs(network, 9, 1);
        Assert.Equal(network.Predict(x), loaded.Network.Predict(x));
    }

    [Fact]
    public void A_de_normalizing_model_stays_version_1()
    {
        var path = Path.Combine(_folder, "plain.json");

        ModelFile.Save(new NetworkModel(RandomNetworks.Create(7, allowRelu: false, OutputNormalizationMode.Denormalize)), path);

        Assert.Contains("\"version\": 1,", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.DoesNotContain("\"mode\"", File.ReadAllText(path), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> Malformed => new()
    {
        { "not json", "{\"format\": ", "not valid JSON" },
        { "wrong format", Replace("\"ntopo-mlp\"", "\"keras\""), "format is 'keras'" },
        { "newer version", Replace("\"version\": 1", "\"version\": 3"), "format version 3 is not supported" },
        { "normalize in version 1", Replace("\"output_normalization\": {", "\"output_normalization\": {\"mode\": \"normalize\","), "output_normalization.mode 'normalize' needs format version 2" },
        { "unknown mode", Replace("\"output_normalization\": {", "\"output_normalization\": {\"mode\": \"invert\","), "output_normalization.mode is 'invert'" },
        { "mode on the inputs", Replace("\"input_normalization\": {", "\"input_normalization\": {\"mode\": \"normalize\","), "input_normalization has an unknown field 'mode'" },
        { "short hash", Replace("\n}\n", ",\"source\": {\"format\": \"onnx\", \"file\": \"a.onnx\", \"sha256\": \"abc\"}}\n"), "source.sha256 is 'abc'" },
        { "unknown source field", Replace("\n}\n", ",\"source\": {\"format\": \"onnx\", \"file\": \"a.onnx\", \"sha\": \"abc\"}}\n"), "source has an unknown field 'sha'" },
        { "no layers", Replace("\"layers\"", "\"stages\""), "the file has an unknown field 'stages'" },
        { "unknown activation", Replace("\"sigmoid\"", "\"gelu\""), "layers[0].activation: unknown activation 'gelu'" },
        { "ragged weights", Replace("[\n          -2.257,\n          1.418,\n          3.993\n        ]", "[-2.257, 1.418]"), "layers[1].weights[1] has 3 values; row 0 has 2" },
        { "missing biases", Replace("\"biases\": [\n        0.588\n      ]", "\"bias\": [0.588]"), "layers[2] has an unknown field 'bias' (expected activation, weights, biases)" },
        { "text for a number", Replace("4.323", "\"4.323\""), "layers[2].weights[0][0] is the string \"4.323\"" },
        { "zero std", Replace("\"std\": [\n      1\n    ]\n  },\n  \"output_normalization\"", "\"std\": [0]\n  },\n  \"output_normalization\""), "input_normalization.std[0] is 0" },
        { "too many names", Replace("\"inputs\": [\n    \"x\"\n  ]", "\"inputs\": [\"x\", \"z\"]"), "inputs has 2 names" },
        { "architecture mismatch", Replace("\"1-3-3-1\"", "\"1-64-1\""), "architecture says 1-64-1 but the layers make 1-3-3-1" },
        { "unknown field", Replace("\"format\": \"ntopo-mlp\",", "\"format\": \"ntopo-mlp\", \"comment\": \"hi\","), "the file has an unknown field 'comment'" },
        { "unknown layer field", Replace("\"activation\": \"sigmoid\",", "\"activation\": \"sigmoid\", \"dropout\": 0.5,"), "layers[0] has an unknown field 'dropout'" },
        { "key twice", Replace("\"version\": 1,", "\"version\": 1, \"version\": 1,"), "the top level: 'version' is given twice" },
        { "subnormal std", Replace("\"std\": [\n      1\n    ]\n  },\n  \"output_normalization\"", "\"std\": [1e-320]\n  },\n  \"output_normalization\""), "input_normalization.std[0] is 1E-320 (mean 0); a standard deviation this close to zero" },
        { "empty", "", "the file is empty" },
        { "layers left out", "{\"format\": \"ntopo-mlp\", \"version\": 1}", "missing 'layers'" },
        { "cut short", "{\"format\": \"ntopo-mlp\", \"vers", "not valid JSON at line 1, byte 30" },
        { "broken chain", Replace("[\n          4.323,\n          -1.276,\n          -2.209\n        ]", "[4.323, -1.276]"), "layers[2].weights rows have 2 values; the previous layer has 3 neurons" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void Malformed_files_are_refused_naming_the_problem(string what, string text, string expected)
    {
        var path = Path.Combine(_folder, what.Replace(' ', '-') + ".json");
        File.WriteAllText(path, text);

        var error = Assert.Throws<MalformedFileException>(() => ModelFile.Load(path));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var path = Path.Combine(_folder, "none.json");

        var error = Assert.Throws<MalformedFileException>(() => ModelFile.Load(path));

        Assert.Equal($"{path}: file not found", error.Message);
    }

    /// <summary>The Appendix B model's JSON with one replacement, asserting the replacement happened.</summary>
    private static string Replace(string find, string replacement)
    {
        var json = ModelFile.ToJson(new NetworkModel(AppendixB.PrintedNetwork(), ["x"], ["y"]));
        Assert.Contains(find, json, StringComparison.Ordinal);
        return json.Replace(find, replacement, StringComparison.Ordinal);
    }
}
