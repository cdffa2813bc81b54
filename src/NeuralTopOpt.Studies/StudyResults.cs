using NeuralTopOpt.IO;

namespace NeuralTopOpt.Studies;

/// <summary>Everything a study produced, for its data files, summary and report.</summary>
/// <param name="Folder">The study folder (absolute).</param>
/// <param name="Options">The settings.</param>
/// <param name="Plan">What was computed.</param>
/// <param name="Datasets">The datasets, in the plan's order.</param>
/// <param name="Networks">Every network trained, in the plan's order: Table 1's, then the seed replicates.</param>
/// <param name="Runs">Every optimization, in the plan's order.</param>
/// <param name="GroundTruthOrNull">Exact derivatives, Fig. 3C grid, Appendix B; null when the study trained no network (<see cref="StudyNetworks.Paper"/>).</param>
/// <param name="StageSeconds">Wall time of each stage so far (by <see cref="StudyStages.Name"/>, in stage order), of this session: a stage read from the cache takes little. Ground truth and verification run side by side, so their times overlap.</param>
/// <param name="FromCache">Which cache entries this session reused instead of computing.</param>
/// <param name="Machine">Where it ran.</param>
/// <param name="Software">Versions of the software involved (name → version).</param>
public sealed record StudyResults(
    string Folder,
    StudyOptions Options,
    StudyPlan Plan,
    IReadOnlyList<DatasetRecord> Datasets,
    IReadOnlyList<NetworkRecord> Networks,
    IReadOnlyList<StudyRun> Runs,
    GroundTruth? GroundTruthOrNull,
    IReadOnlyDictionary<string, double> StageSeconds,
    IReadOnlyList<string> FromCache,
    MachineInfo Machine,
    IReadOnlyDictionary<string, string> Software)
{
    /// <summary>Beyond the paper: the rotated-hole run against the paper's HBTO run and against alignment with the principal stresses (null without an orientation run).</summary>
    public OrientationRecord? Orientation { get; init; }

    /// <summary>True when the study ran its trained networks (not <see cref="StudyNetworks.Paper"/> alone): Table 1, Fig. 5–11 and beyond.</summary>
    public bool HasTrainedNetworks => Options.Networks != StudyNetworks.Paper;

    /// <summary>The ground truth (exact derivatives, Fig. 3C, Appendix B) of a study with trained networks.</summary>
    /// <exception cref="InvalidOperationException">The study ran only the paper's networks.</exception>
    public GroundTruth GroundTruth => GroundTruthOrNull ?? throw new InvalidOperationException("this study ran only the paper's networks; it computed no ground truth");

    /// <summary>Issue 13 §2: the HBTO designs (ours and the paper-network one) verified at the fine scale (null without them).</summary>
    public StudyVerification? Verification { get; init; }

    /// <summary>Issue 10 §5: the networks trained on the reference cells by each protocol, with their HBTO runs (null without them).</summary>
    public ProtocolStudy? Protocols { get; init; }

    /// <summary>The runs on the paper's own networks, each beside the paper's run of its formulation and method (empty with <see cref="StudyNetworks.Trained"/>).</summary>
    public IReadOnlyList<PaperNetworkComparison> PaperNetworkComparisons => [.. Plan.PaperNetworkRuns.Select(spec =>
    {
        var formulation = Plan.CommittedNetworks.First(n => n.Key == spec.Network).Formulation;
        return new PaperNetworkComparison(Run(spec.Key), PaperResults.Run(formulation, spec.Derivative)!, PaperResults.Log(formulation, spec.Derivative));
    })];

    /// <summary>The run keyed <paramref name="key"/>.</summary>
    public StudyRun Run(string key) => Runs.First(r => r.Spec.Key == key);

    /// <summary>The network keyed <paramref name="key"/>.</summary>
    public NetworkRecord Network(string key) => Networks.First(n => n.Key == key);

    /// <summary>The networks of Table 1, without the seed replicates.</summary>
    public IReadOnlyList<NetworkRecord> PaperNetworks => [.. Networks.Where(n => Plan.Networks.Any(p => p.Key == n.Key))];

    /// <summary>The runs compared method by method in Fig. 5/8 (<see cref="StudyPlan.DbtoCell"/>) or Fig. 9/11 (<see cref="StudyPlan.HbtoCell"/>).</summary>
    public IReadOnlyList<StudyRun> Compared(string cell) => [.. Plan.Compared(cell).Select(s => Run(s.Key))];

    /// <summary>θ_MSE between the final designs θ of every pair of compared runs (HBTO: over θ₁ and θ₂).</summary>
    public MethodMatrix DesignMse(string cell)
    {
        var runs = Compared(cell);
        return MethodMatrix.MeanSquaredDifferences([.. runs.Select(MethodKey)], [.. runs.Select(r => r.Spec.Label)], [.. runs.Select(r => r.Result.Final.X)]);
    }

    /// <summary>
    /// ∂φ₀/∂θ MSE between the initial sensitivities (Eq. 11, before the filter) of every pair of
    /// compared runs. For HBTO two references are added: the network's C with the exact ∂C^H/∂θ
    /// (<c>exact_derivative</c>), and the homogenized C^H with its exact derivative (<c>homogenized</c>).
    /// </summary>
    public MethodMatrix SensitivityMse(string cell)
    {
        var runs = Compared(cell);
        var keys = runs.Select(MethodKey).ToList();
        var labels = runs.Select(r => r.Spec.Label).ToList();
        var vectors = runs.Select(r => (IReadOnlyList<double>)r.Result.Initial.RawSensitivities).ToList();
        if (cell == StudyPlan.HbtoCell)
        {
            keys.AddRange([ExactDerivativeKey, HomogenizedKey]);
            labels.AddRange(["EXACT dC", "EXACT C, dC"]);
            vectors.AddRange([GroundTruth.Initial.NetworkStiffness.RawSensitivities, GroundTruth.Initial.Homogenized.RawSensitivities]);
        }

        return MethodMatrix.MeanSquaredDifferences(keys, labels, vectors);
    }

    /// <summary>Key of the HBTO reference with the network's C and the exact derivative.</summary>
    public const string ExactDerivativeKey = "exact_derivative";

    /// <summary>Key of the HBTO reference with the homogenized C^H and its exact derivative.</summary>
    public const string HomogenizedKey = "homogenized";

    /// <summary>A run's name among the runs of its figure, its key without the <c>dbto-</c>/<c>hbto-</c> prefix: <c>simp</c> or the derivative method (<c>small_ad</c> for the small network).</summary>
    public static string MethodKey(StudyRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var key = run.Spec.Key;
        var dash = key.IndexOf('-', StringComparison.Ordinal);
        return key[(dash + 1)..].Replace('-', '_');
    }
}
