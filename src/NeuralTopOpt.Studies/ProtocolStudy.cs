using NeuralTopOpt.IO;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Data;
using NeuralTopOpt.Nn.Training;
using NeuralTopOpt.Optimization;

namespace NeuralTopOpt.Studies;

/// <summary>One network of the protocol study (or the paper's own) with its HBTO run.</summary>
/// <param name="Network">The network's key.</param>
/// <param name="Protocol"><c>ntopo</c>, <c>paper</c>, or <c>published</c> for the paper's own network.</param>
/// <param name="Seed">Its training seed (0 for the published network, whose seed is unknown).</param>
/// <param name="EpochsRun">Epochs trained (the published network: 5,000, from its checkpoint's step count, <see cref="PaperProtocol"/>).</param>
/// <param name="PaperTestMse">MSE over the paper's test rows of the reference cells (the last 15 % in file order), all four outputs in their units: Table 1's measure.</param>
/// <param name="Run">The run's key.</param>
/// <param name="Compliance">The run's final compliance.</param>
/// <param name="Iterations">The run's iterations.</param>
/// <param name="ExitReason">Why the run stopped.</param>
public sealed record ProtocolRecord(string Network, string Protocol, int Seed, int EpochsRun, double PaperTestMse, string Run, double Compliance, int Iterations, ExitReason ExitReason);

/// <summary>
/// Issue 10 §5, what the network's training does to HBTO: networks trained on the paper's own cells by ntopo's
/// protocol and by the paper's, each optimized as the paper's HBTO run, beside the paper's own network through
/// the same optimizer and the paper's run (runs.csv). All networks are measured on the same rows, the paper's
/// test split of the reference cells.
/// </summary>
/// <param name="Networks">The protocol networks, ntopo's first.</param>
/// <param name="Published">The paper's own network and its run with the same method, or null without it.</param>
/// <param name="TestRows">Rows of the paper's test split the MSE is over.</param>
public sealed record ProtocolStudy(IReadOnlyList<ProtocolRecord> Networks, ProtocolRecord? Published, int TestRows)
{
    /// <summary>The records of one protocol (<c>ntopo</c> or <c>paper</c>).</summary>
    public IReadOnlyList<ProtocolRecord> Of(string protocol) => [.. Networks.Where(n => n.Protocol == protocol)];

    /// <summary>Measures the protocol study of a finished optimization stage, or null when the plan has none.</summary>
    internal static ProtocolStudy? Run(StudyContext context, IReadOnlyList<StudyRun> runs, IReadOnlyList<DatasetRecord> datasets, IReadOnlyList<ModelRecord> models)
    {
        var plan = context.Plan;
        if (plan.ProtocolNetworks.Count == 0)
        {
            return null;
        }

        var reference = datasets.First(d => d.Key == ReferenceCells.DatasetKey);
        var inputs = plan.ProtocolNetworks[0].Inputs;
        var outputs = plan.ProtocolNetworks[0].Outputs;
        var data = Dataset.FromCsv(CsvTable.Read(context.Cache.PathOf(reference.File)), inputs, outputs);
        var (train, validation, test) = PaperProtocol.SplitSizes(data.Count);
        var testRows = data.Subset(Enumerable.Range(train + validation, test).ToArray());

        double Mse(string key) =>
            Metrics.MeanSquaredError(ModelFile.Load(context.Cache.PathOf(models.First(m => m.Key == key).ModelFile)).Network.Predict(testRows.Inputs), testRows.Targets);

        ProtocolRecord Record(StudyRunSpec spec, string protocol, int seed, int epochs)
        {
            var run = runs.First(r => r.Spec.Key == spec.Key).Result;
            return new ProtocolRecord(spec.Network!, protocol, seed, epochs, Mse(spec.Network!), spec.Key, run.Compliance, run.Iterations, run.ExitReason);
        }

        var networks = plan.ProtocolRuns.Select(spec =>
        {
            var network = plan.Network(spec.Network!);
            var model = ModelFile.Load(context.Cache.PathOf(models.First(m => m.Key == network.Key).ModelFile));
            return Record(spec, network.PaperProtocol ? "paper" : "ntopo", model.Training?.Seed ?? 0, model.Training?.EpochsRun ?? 0);
        }).ToArray();
        var method = plan.ProtocolRuns[0].Derivative;
        var published = plan.PaperNetworkRuns.FirstOrDefault(r => r.Network == StudyPlan.PaperHbto && r.Derivative == method && !r.Float32Inputs);
        return new ProtocolStudy(networks, published is null ? null : Record(published, "published", 0, 5_000), test);
    }
}
