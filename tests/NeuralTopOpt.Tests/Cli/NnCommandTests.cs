using System.Text.Json;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Examples;
using NeuralTopOpt.Nn.Tuning;

namespace NeuralTopOpt.Tests.Cli;

/// <summary>The neural-network commands: example, train, jacobian, tune.</summary>
public sealed class NnCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-cli-nn-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    [Fact]
    public void Appendix_b_json_has_every_method_at_x_0_812()
    {
        var result = CliRunner.Run("example", "appendix-b", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Equal("", result.Error);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(["x", "exact", "nnj", "cfd", "csm", "ad", "dual"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.812, root.GetProperty("x").GetDouble());
        Assert.Equal(1.624, root.GetProperty("exact").GetDouble());
        var nnj = root.GetProperty("nnj").GetDouble();
        Assert.InRange(nnj, 1.621, 1.625);                                  // Eq. (B18c): 1.623
        foreach (var method in new[] { "csm", "ad", "dual" })
        {
            Assert.Equal(nnj, root.GetProperty(method).GetDouble(), 1e-14);
        }

        Assert.Equal(nnj, root.GetProperty("cfd").GetDouble(), 1e-9);
        Assert.Single(result.Out.Trim().Split('\n'));
    }

    [Fact]
    public void Appendix_b_text_shows_a_table_of_methods()
    {
        var result = CliRunner.Run("example", "appendix-b");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        Assert.Contains("1.623231", result.Out, StringComparison.Ordinal);
        foreach (var method in JacobianMethods.Names)
        {
            Assert.Contains(method, result.Out, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Appendix_b_training_is_deterministic()
    {
        string[] args = ["example", "appendix-b", "--train", "--samples", "3000", "--epochs", "15", "--seed", "10", "--json"];

        var first = CliRunner.Run(args);
        var second = CliRunner.Run(args);

        Assert.Equal(ExitCodes.Success, first.ExitCode);
        using var a = JsonDocument.Parse(first.Out);
        using var b = JsonDocument.Parse(second.Out);
        foreach (var key in new[] { "nnj", "cfd", "csm", "ad", "dual", "test_mse" })
        {
            Assert.Equal(a.RootElement.GetProperty(key).GetDouble(), b.RootElement.GetProperty(key).GetDouble());
        }

        Assert.Equal(10, a.RootElement.GetProperty("seed").GetInt32());
        Assert.Equal(3000, a.RootElement.GetProperty("samples").GetInt32());
        var trained = AppendixB.Train(3000, 15, 10).Model.Network;
        Assert.Equal(JacobianMethods.Create("nnj", trained).Evaluate([AppendixB.X]).Jacobian[0], a.RootElement.GetProperty("nnj").GetDouble());
    }

    [Fact]
    public void Train_then_jacobian_round_trips_through_the_model_file()
    {
        var data = PathOf("simp.csv");
        var model = PathOf("models/simp.json");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("example", "simp-data", "--samples", "400", "--seed", "2", "--out", data).ExitCode);

        var train = CliRunner.Run("train", "--data", data, "--inputs", "theta", "--outputs", "E", "--hidden", "16,8", "--activation", "tanh", "--epochs", "20", "--seed", "5", "--out", model, "--json");

        Assert.Equal(ExitCodes.Success, train.ExitCode);
        using var report = JsonDocument.Parse(train.Out);
        Assert.Equal("1-16-8-1", report.RootElement.GetProperty("architecture").GetString());
        Assert.Equal(280, report.RootElement.GetProperty("split").GetProperty("train").GetInt32());
        var loaded = ModelFile.Load(model);
        Assert.Equal(5, loaded.Training!.Seed);
        Assert.Equal("simp.csv", loaded.Training.Data);
        Assert.Equal(["theta"], loaded.InputNames);
        Assert.Equal(Activation.Tanh, loaded.Network.Layers[0].Activation);

        var jacobian = CliRunner.Run("jacobian", "--model", model, "--method", "dual", "--at", "0.35", "--json");

        Assert.Equal(ExitCodes.Success, jacobian.ExitCode);
        using var values = JsonDocument.Parse(jacobian.Out);
        var expected = JacobianMethods.Create("dual", loaded.Network).Evaluate([0.35]);
        Assert.Equal(expected.Outputs[0], values.RootElement.GetProperty("output")[0].GetDouble());
        Assert.Equal(expected.Jacobian[0], values.RootElement.GetProperty("jacobian")[0][0].GetDouble());
        Assert.Equal(["output", "jacobian"], values.RootElement.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Jacobian_of_a_two_input_model_is_outputs_by_inputs()
    {
        var network = Nn.RandomNetworks.Create(10, allowRelu: false);
        var model = PathOf("random.json");
        ModelFile.Save(new NetworkModel(network), model);
        var x = Nn.RandomNetworks.Inputs(network, 1, 2);

        var result = CliRunner.Run(["jacobian", "--model", model, "--method", "csm", "--at", string.Join(',', x.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))), "--json"]);

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var rows = json.RootElement.GetProperty("jacobian");
        Assert.Equal(network.OutputCount, rows.GetArrayLength());
        Assert.All(rows.EnumerateArray(), row => Assert.Equal(network.InputCount, row.GetArrayLength()));
        var expected = JacobianMethods.Create("csm", network).Evaluate(x);
        Assert.Equal(expected.Derivative(0, network.OutputCount - 1, network.InputCount - 1), rows[network.OutputCount - 1][network.InputCount - 1].GetDouble());
    }

    [Fact]
    public void Tune_runs_hyperband_and_writes_the_best_model()
    {
        var data = PathOf("simp.csv");
        CliRunner.Run("example", "simp-data", "--samples", "200", "--out", data);
        var model = PathOf("best.json");

        var result = CliRunner.Run("tune", "--data", data, "--inputs", "theta", "--outputs", "E", "--max-epochs", "3", "--layers", "1..2", "--neurons", "4..8", "--neuron-step", "4", "--seed", "3", "--out", model, "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        Assert.Equal(Hyperband.PlannedTrials(new HyperbandOptions { MaxEpochs = 3 }), json.RootElement.GetProperty("trials").GetArrayLength());
        var best = json.RootElement.GetProperty("best");
        var loaded = ModelFile.Load(model);
        Assert.Equal(best.GetProperty("layers").GetInt32(), loaded.Network.Layers.Count - 1);
        Assert.Equal(best.GetProperty("validation_loss").GetDouble(), loaded.Training!.ValidationLoss);
    }

    public static TheoryData<string, string[], int, string> BadInput => new()
    {
        { "malformed model", ["jacobian", "--model", "{bad}", "--at", "0.5"], ExitCodes.InputError, "not valid JSON" },
        { "wrong input count", ["jacobian", "--model", "{good}", "--at", "0.5,0.2"], ExitCodes.InputError, "takes 1 input(s)" },
        { "NaN input", ["jacobian", "--model", "{good}", "--at", "NaN"], ExitCodes.UsageError, "'NaN' is not a finite number" },
        { "unknown method", ["jacobian", "--model", "{good}", "--method", "fd", "--at", "0.5"], ExitCodes.UsageError, "unknown derivative method 'fd'" },
        { "csm with relu", ["jacobian", "--model", "{relu}", "--method", "csm", "--at", "0.5"], ExitCodes.InputError, "csm needs holomorphic activations" },
        { "bad step", ["jacobian", "--model", "{good}", "--method", "cfd", "--step", "0", "--at", "0.5"], ExitCodes.InputError, "finite-difference step" },
        { "unknown activation", ["train", "--data", "{data}", "--inputs", "theta", "--outputs", "E", "--activation", "gelu", "--out", "{out}"], ExitCodes.UsageError, "unknown activation 'gelu'" },
        { "unknown column", ["train", "--data", "{data}", "--inputs", "phi", "--outputs", "E", "--out", "{out}"], ExitCodes.InputError, "no column 'phi'" },
        { "bad split", ["train", "--data", "{data}", "--inputs", "theta", "--outputs", "E", "--split", "0.5,0.5", "--out", "{out}"], ExitCodes.UsageError, "three fractions" },
        { "bad epochs", ["train", "--data", "{data}", "--inputs", "theta", "--outputs", "E", "--epochs", "0", "--out", "{out}"], ExitCodes.InputError, "epochs must be at least 1" },
        { "missing data", ["train", "--data", "{none}", "--inputs", "theta", "--outputs", "E", "--out", "{out}"], ExitCodes.InputError, "file not found" },
        { "bad range", ["tune", "--data", "{data}", "--inputs", "theta", "--outputs", "E", "--layers", "3..1"], ExitCodes.UsageError, "not a range" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Bad_input_gives_one_line_and_its_exit_code(string what, string[] args, int code, string message)
    {
        File.WriteAllText(PathOf("bad.json"), "{\"format\": ");
        ModelFile.Save(new NetworkModel(AppendixB.PrintedNetwork()), PathOf("good.json"));
        ModelFile.Save(new NetworkModel(new Mlp([new DenseLayer(1, 2, [1.0, -1.0], [0.0, 0.0], Activation.Relu), new DenseLayer(2, 1, [1.0, 1.0], [0.0], Activation.Linear)])), PathOf("relu.json"));
        CliRunner.Run("example", "simp-data", "--samples", "50", "--out", PathOf("data.csv"));
        var resolved = args.Select(a => a switch
        {
            "{bad}" => PathOf("bad.json"),
            "{good}" => PathOf("good.json"),
            "{relu}" => PathOf("relu.json"),
            "{data}" => PathOf("data.csv"),
            "{none}" => PathOf("none.csv"),
            "{out}" => PathOf("out.json"),
            _ => a,
        }).ToArray();

        var result = CliRunner.Run(resolved);

        CliAssert.Failure(result, what, code, message);
        Assert.False(File.Exists(PathOf("out.json")));
    }

    [Fact]
    public void A_missing_required_option_is_a_usage_error()
    {
        var result = CliRunner.Run("jacobian", "--at", "0.5");

        Assert.Equal(ExitCodes.UsageError, result.ExitCode);
        Assert.Contains("--model", result.Error, StringComparison.Ordinal);
    }
}
