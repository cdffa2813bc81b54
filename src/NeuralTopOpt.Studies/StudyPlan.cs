using System.Globalization;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Datasets;
using NeuralTopOpt.Fem.Filters;

namespace NeuralTopOpt.Studies;

/// <summary>A dataset of the study: a key (and file name) and what it computes.</summary>
/// <param name="Key"><c>simp-small</c>, <c>simp-large</c> or <c>hole</c>.</param>
/// <param name="Spec">Kind, samples, seed and resolution.</param>
public sealed record StudyDatasetSpec(string Key, DatasetSpec Spec);

/// <summary>A network of Table 1: the dataset it learns from and its columns.</summary>
/// <param name="Key"><c>dbto-small</c>, <c>dbto-large</c> or <c>hbto</c>.</param>
/// <param name="PaperLabel">Its column in the paper's Table 1 (<c>DBTO (10^2)</c> …).</param>
/// <param name="Dataset">Key of its dataset.</param>
/// <param name="Inputs">Input columns.</param>
/// <param name="Outputs">Output columns.</param>
/// <param name="SeedStream">Which stream of the master seed trains it (<see cref="StudySeeds.Training"/>).</param>
public sealed record StudyNetworkSpec(string Key, string PaperLabel, string Dataset, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, int SeedStream);

/// <summary>
/// What a study computes, derived from its <see cref="StudyOptions"/>: the three datasets, the three
/// networks of Table 1 and every optimization run — the paper's (Fig. 5–11) and those beyond it.
/// </summary>
/// <param name="Datasets">The datasets (SIMP small and large, hole cells).</param>
/// <param name="Networks">The networks of Table 1, in its order.</param>
/// <param name="Paper">The paper's runs: DBTO with SIMP and every method, the small network with one method (Fig. 6), HBTO with every method.</param>
/// <param name="Beyond">The runs beyond the paper (<see cref="StudyOptions.Beyond"/>).</param>
public sealed record StudyPlan(
    IReadOnlyList<StudyDatasetSpec> Datasets, IReadOnlyList<StudyNetworkSpec> Networks, IReadOnlyList<StudyRunSpec> Paper, IReadOnlyList<StudyRunSpec> Beyond)
{
    /// <summary>Key of the DBTO network trained on the small SIMP dataset (Fig. 6).</summary>
    public const string DbtoSmall = "dbto-small";

    /// <summary>Key of the DBTO network trained on the large SIMP dataset (Fig. 5, 7, 8).</summary>
    public const string DbtoLarge = "dbto-large";

    /// <summary>Key of the HBTO network (Fig. 9–11).</summary>
    public const string Hbto = "hbto";

    /// <summary>The cell family of the paper's DBTO runs (Sec. 4.2): the density.</summary>
    public const string DbtoCell = "density";

    /// <summary>The cell family of the paper's HBTO runs (Sec. 4.3): the rectangular hole.</summary>
    public const string HbtoCell = "hole";

    /// <summary>
    /// The runs beyond the paper, in one place so that they are easy to change: MMA and OC on the DBTO
    /// problem with the paper's sensitivity filter, and on HBTO the density filter for both MMA and
    /// the trust-region method (the paper's sensitivity filter applied to hole sizes misleads MMA,
    /// docs/topology-optimization.md). All use the large network with NNJ, so each compares with the
    /// paper-setting NNJ run of its formulation.
    /// </summary>
    public static IReadOnlyList<StudyRunSpec> DefaultBeyond { get; } =
    [
        new("dbto-nnj-mma", "NNJ, MMA", DbtoCell, DbtoLarge, "nnj", "mma"),
        new("dbto-nnj-oc", "NNJ, OC", DbtoCell, DbtoLarge, "nnj", "oc"),
        new("hbto-nnj-density", "NNJ, trust-region, density filter", HbtoCell, Hbto, "nnj", "trust-region", FilterKind.Density),
        new("hbto-nnj-density-mma", "NNJ, MMA, density filter", HbtoCell, Hbto, "nnj", "mma", FilterKind.Density),
    ];

    /// <summary>The plan of <paramref name="options"/>.</summary>
    /// <exception cref="InvalidInputException">Invalid options, a run naming an unknown network, or two runs with one key.</exception>
    public static StudyPlan Create(StudyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var seeds = options.Seeds;
        StudyDatasetSpec[] datasets =
        [
            new("simp-small", DatasetSpec.Simp(options.SimpSmallSamples, seeds.SimpSmall)),
            new("simp-large", DatasetSpec.Simp(options.SimpLargeSamples, seeds.SimpLarge)),
            new("hole", DatasetSpec.Hole(options.HoleSamples, options.HoleResolution, seeds.Hole)),
        ];
        StudyNetworkSpec[] networks =
        [
            new(DbtoSmall, "DBTO (10^2)", "simp-small", ["theta"], ["E"], 0),
            new(DbtoLarge, "DBTO (10^4)", "simp-large", ["theta"], ["E"], 1),
            new(Hbto, "HBTO (10^4)", "hole", ["width", "height"], ["C11", "C12", "C22", "C33"], 2),
        ];
        var paper = new List<StudyRunSpec> { new("dbto-simp", "SIMP", DbtoCell, null, "analytic") };
        paper.AddRange(options.Methods.Select(m => new StudyRunSpec($"dbto-{m}", m.ToUpperInvariant(), DbtoCell, DbtoLarge, m)));
        var small = SmallNetworkMethod(options);
        paper.Add(new StudyRunSpec(
            $"dbto-small-{small}", string.Create(CultureInfo.InvariantCulture, $"{small.ToUpperInvariant()}, {options.SimpSmallSamples} samples"), DbtoCell, DbtoSmall, small));
        paper.AddRange(options.Methods.Select(m => new StudyRunSpec($"hbto-{m}", m.ToUpperInvariant(), HbtoCell, Hbto, m)));
        var method = options.Methods.Contains("nnj") ? "nnj" : options.Methods[0];
        var replicates = Enumerable.Range(1, options.HbtoReplicates)
            .Select(k => new StudyNetworkSpec(string.Create(CultureInfo.InvariantCulture, $"{Hbto}-r{k}"), string.Create(CultureInfo.InvariantCulture, $"HBTO (10^4), seed replicate {k}"), "hole", networks[2].Inputs, networks[2].Outputs, 2 + k))
            .ToArray();
        var replicateRuns = replicates
            .Select((n, k) => new StudyRunSpec(string.Create(CultureInfo.InvariantCulture, $"hbto-{method}-r{k + 1}"), string.Create(CultureInfo.InvariantCulture, $"{method.ToUpperInvariant()}, seed replicate {k + 1}"), HbtoCell, n.Key, method))
            .ToArray();
        StudyRunSpec[] orientation = [new($"hbto-{method}-oriented", string.Create(CultureInfo.InvariantCulture, $"{method.ToUpperInvariant()}, rotated hole"), CellFamilies.RotatedHole.Name, Hbto, method)];
        var runs = paper.Concat(options.Beyond).Concat(replicateRuns).Concat(orientation).ToArray();
        StudyNetworkSpec[] all = [.. networks, .. replicates];
        foreach (var run in runs)
        {
            run.Validate(options);
            if (run.Network is not null && !all.Any(n => n.Key == run.Network))
            {
                throw new InvalidInputException($"study run '{run.Key}' names the network '{run.Network}'; the study trains {string.Join(", ", all.Select(n => n.Key))}");
            }
        }

        if (runs.GroupBy(r => r.Key).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new InvalidInputException($"two study runs share the key '{twice.Key}'");
        }

        return new StudyPlan(datasets, networks, paper, options.Beyond) { ReplicateNetworks = replicates, ReplicateRuns = replicateRuns, Orientation = orientation };
    }

    /// <summary>
    /// The HBTO networks trained from other seeds (<see cref="StudyOptions.HbtoReplicates"/>): keys
    /// <c>hbto-r1</c>, <c>hbto-r2</c> …, training streams 3, 4 …; not part of Table 1.
    /// </summary>
    public IReadOnlyList<StudyNetworkSpec> ReplicateNetworks { get; init; } = [];

    /// <summary>One run per replicate network: the HBTO run of Fig. 9 with the same method, on that network.</summary>
    public IReadOnlyList<StudyRunSpec> ReplicateRuns { get; init; } = [];

    /// <summary>
    /// Beyond the paper, orientation: the HBTO run of Fig. 9 (same network, method, filter and optimizer) with the
    /// rotated hole, whose angle the optimizer treats as a third design field (<see cref="CellFamilies.RotatedHole"/>).
    /// </summary>
    public IReadOnlyList<StudyRunSpec> Orientation { get; init; } = [];

    /// <summary>The paper-setting HBTO run an orientation run compares with: the hole, same network and derivative.</summary>
    public StudyRunSpec OrientationBaseline(StudyRunSpec run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Paper.First(r => r.Cell == HbtoCell && r.Network == run.Network && r.Derivative == run.Derivative);
    }

    /// <summary>Every network the study trains: Table 1's, then the replicates.</summary>
    public IReadOnlyList<StudyNetworkSpec> AllNetworks => [.. Networks, .. ReplicateNetworks];

    /// <summary>
    /// The seed comparison: the HBTO run of Fig. 9 with the replicates' method on Table 1's network,
    /// then the same run on each replicate network (empty without replicates).
    /// </summary>
    public IReadOnlyList<StudyRunSpec> SeedComparison() => ReplicateRuns.Count == 0
        ? []
        : [Paper.First(r => r.Cell == HbtoCell && r.Derivative == ReplicateRuns[0].Derivative), .. ReplicateRuns];

    /// <summary>Every run: the paper's, those beyond it, the seed replicates, then orientation.</summary>
    public IReadOnlyList<StudyRunSpec> Runs => [.. Paper, .. Beyond, .. ReplicateRuns, .. Orientation];

    /// <summary>
    /// The runs compared method by method: DBTO (<see cref="DbtoCell"/>; Fig. 5, 7, 8: SIMP and the large network)
    /// or HBTO (<see cref="HbtoCell"/>; Fig. 9–11).
    /// </summary>
    public IReadOnlyList<StudyRunSpec> Compared(string cell) =>
        [.. Paper.Where(r => r.Cell == cell && r.Network != DbtoSmall)];

    /// <summary>Fig. 6: the same method on the large and on the small DBTO network.</summary>
    public (StudyRunSpec Large, StudyRunSpec Small) NetworkSizeRuns()
    {
        var small = Paper.First(r => r.Network == DbtoSmall);
        return (Paper.First(r => r.Network == DbtoLarge && r.Derivative == small.Derivative), small);
    }

    /// <summary>The paper-setting run a run beyond the paper compares with: same cell, network and derivative.</summary>
    public StudyRunSpec? Baseline(StudyRunSpec run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return Paper.FirstOrDefault(r => r.Cell == run.Cell && r.Network == run.Network && r.Derivative == run.Derivative);
    }

    /// <summary>The method of Fig. 6 (AD, as the paper, when the study compares it).</summary>
    private static string SmallNetworkMethod(StudyOptions options) => options.Methods.Contains("ad") ? "ad" : options.Methods[0];

    /// <summary>The dataset called <paramref name="key"/>.</summary>
    public StudyDatasetSpec Dataset(string key) => Datasets.First(d => d.Key == key);

    /// <summary>The network called <paramref name="key"/>.</summary>
    public StudyNetworkSpec Network(string key) => AllNetworks.First(n => n.Key == key);
}
