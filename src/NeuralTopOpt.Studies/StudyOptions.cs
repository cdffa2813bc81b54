using System.Globalization;
using System.Text.Json.Serialization;

namespace NeuralTopOpt.Studies;

/// <summary>How much of the paper's budget a study spends.</summary>
public enum StudyBudget
{
    /// <summary>The paper's settings (Sec. 4): 10⁴-sample datasets at 100×100, 5,000 epochs, runs to convergence.</summary>
    Paper,

    /// <summary>The same pipeline on a reduced budget, finishing in a few minutes: a smoke test and a first look.</summary>
    Quick,
}

/// <summary>Which networks a study optimizes with (<c>ntopo reproduce --networks</c>).</summary>
public enum StudyNetworks
{
    /// <summary>The networks the study trains and the paper's own networks.</summary>
    Both,

    /// <summary>Only the networks the study trains (no section on the paper's own networks).</summary>
    Trained,

    /// <summary>Only the paper's own networks: no datasets, training or runs of trained networks.</summary>
    Paper,
}

/// <summary>
/// Every number of the comparative study, with the paper's values as defaults (Sec. 4.1–4.3):
/// datasets, training, the MBB problem and the optimizer settings, and the seed everything derives
/// from.
/// </summary>
public sealed record StudyOptions
{
    /// <summary>The paper's budget.</summary>
    public static StudyOptions Paper { get; } = new();

    /// <summary>A reduced budget that runs every stage in a few minutes on two cores.</summary>
    public static StudyOptions Quick { get; } = new()
    {
        Budget = StudyBudget.Quick,
        SimpLargeSamples = 2_000,
        HoleSamples = 800,
        HoleResolution = 40,
        Epochs = 400,
        DbtoMaxIterations = 60,
        HbtoMaxIterations = 30,
        BeyondMaxIterations = 30,
        ContourGridPoints = 11,
        ExactGridPoints = 5,
        HbtoReplicates = 1,
        ProtocolSeeds = 1,
        ProtocolSamples = 1_000,
        Verification = VerificationSweep.Quick,
    };

    /// <summary>Which budget these settings represent (recorded in the report).</summary>
    public StudyBudget Budget { get; init; } = StudyBudget.Paper;

    /// <summary>Master seed: dataset sampling, splits and network initialization derive from it.</summary>
    public int Seed { get; init; } = 2023;

    /// <summary>The seeds of the datasets and trainings, derived from <see cref="Seed"/>.</summary>
    public StudySeeds Seeds => new(Seed);

    /// <summary>Samples of the small SIMP dataset (Table 1, DBTO 10²).</summary>
    public int SimpSmallSamples { get; init; } = 100;

    /// <summary>Samples of the large SIMP dataset (Table 1, DBTO 10⁴).</summary>
    public int SimpLargeSamples { get; init; } = 10_000;

    /// <summary>Samples of the hole-cell dataset (Table 1, HBTO 10⁴).</summary>
    public int HoleSamples { get; init; } = 10_000;

    /// <summary>Pixels per side of a homogenized cell (the paper: 100).</summary>
    public int HoleResolution { get; init; } = 100;

    /// <summary>Training epochs (the paper: 5,000).</summary>
    public int Epochs { get; init; } = 5_000;

    /// <summary>Neurons of the single sigmoid hidden layer (the paper: 64).</summary>
    public int HiddenNeurons { get; init; } = 64;

    /// <summary>Mini-batch size (the paper: 32).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Adam learning rate (the paper: 0.001).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Elements along x of the MBB beam (the paper: 60).</summary>
    public int Nelx { get; init; } = 60;

    /// <summary>Elements along y of the MBB beam (the paper: 30).</summary>
    public int Nely { get; init; } = 30;

    /// <summary>Target volume fraction V_t (the paper: 0.5).</summary>
    public double VolumeFraction { get; init; } = 0.5;

    /// <summary>Filter radius in elements (the paper: 2.7).</summary>
    public double FilterRadius { get; init; } = 2.7;

    /// <summary>Change tolerance of the trust-region runs (the paper: 10⁻³).</summary>
    public double Tolerance { get; init; } = 1e-3;

    /// <summary>Iteration cap of the DBTO runs.</summary>
    public int DbtoMaxIterations { get; init; } = 1_000;

    /// <summary>
    /// Iteration cap of the HBTO runs: <c>ntopo optimize</c>'s default. The paper's runs took 1,105–1,371
    /// iterations; ours, with SciPy's dense BFGS, about 2,250 (docs/topology-optimization.md).
    /// </summary>
    public int HbtoMaxIterations { get; init; } = 3_000;

    /// <summary>Iteration cap of the MMA and OC runs beyond the paper.</summary>
    public int BeyondMaxIterations { get; init; } = 500;

    /// <summary>Iterations after which designs are kept besides the final one (Fig. 9: 10 and 100).</summary>
    public IReadOnlyList<int> SnapshotIterations { get; init; } = [10, 100];

    /// <summary>Points per side of the (θ₁, θ₂) grid of homogenized cells drawn in Fig. 3C.</summary>
    public int ContourGridPoints { get; init; } = 21;

    /// <summary>
    /// Points per side of the (θ₁, θ₂) grid where the HBTO network's ∂C/∂θ is compared with the exact
    /// derivative of the homogenized cell (<see cref="Homogenization.HoleCellGradient"/>).
    /// </summary>
    public int ExactGridPoints { get; init; } = 9;

    /// <summary>Points in [0, 1] where the DBTO networks' dE/dθ is compared with Eq. (15).</summary>
    public int SimpGridPoints { get; init; } = 101;

    /// <summary>The runs beyond the paper (other optimizers and filters); see <see cref="StudyPlan.DefaultBeyond"/>.</summary>
    public IReadOnlyList<StudyRunSpec> Beyond { get; init; } = StudyPlan.DefaultBeyond;

    /// <summary>
    /// HBTO networks trained beside Table 1's from other seeds (training streams 3, 4, …), on the same
    /// hole-cell dataset with the same settings, each optimized with NNJ under the paper's settings:
    /// how much of an HBTO result is the network's training seed (not in the paper). 0 turns it off, the
    /// default: the training-protocol study (<see cref="ProtocolSeeds"/>) measures the seed spread on the
    /// paper's own cells, three seeds per protocol; the quick study keeps one replicate.
    /// </summary>
    public int HbtoReplicates { get; init; }

    /// <summary>Derivative methods compared (the paper's four, plus exact forward mode).</summary>
    public IReadOnlyList<string> Methods { get; init; } = ["nnj", "cfd", "csm", "ad", "dual"];

    /// <summary>
    /// Issue 10 §5: HBTO networks trained on the paper's own hole cells (data/reference) by each protocol, ntopo's and
    /// the paper's (<c>--protocol paper</c>), this many seeds each, every one optimized as the paper's HBTO NNJ run.
    /// 0 turns it off.
    /// </summary>
    public int ProtocolSeeds { get; init; } = 3;

    /// <summary>Rows of the reference cells the protocol study trains on, from the top of the file (all 10,000 for the paper's budget).</summary>
    public int ProtocolSamples { get; init; } = 10_000;

    /// <summary>Which networks the study optimizes with: its trained networks, the paper's own (data/networks), or both.</summary>
    public StudyNetworks Networks { get; init; } = StudyNetworks.Both;

    /// <summary>
    /// The sweep of the fine-scale verification of the HBTO designs (issue 13 §2; <see cref="VerificationStage"/>).
    /// Not serialized: only the verification depends on it (its cache entries hold it), so the fingerprints that
    /// take the whole options (training) stay as they were.
    /// </summary>
    [JsonIgnore]
    public VerificationSweep Verification { get; init; } = VerificationSweep.Paper;

    /// <summary>Runs in parallel on this many cores (optimization runs are independent).</summary>
    public int Parallelism { get; init; } = Math.Max(1, Environment.ProcessorCount);

    /// <summary>Throws <see cref="InvalidInputException"/> for settings the study cannot run.</summary>
    public void Validate()
    {
        Positive(SimpSmallSamples, "SIMP small dataset samples", 10);
        Positive(SimpLargeSamples, "SIMP large dataset samples", 10);
        Positive(HoleSamples, "hole-cell dataset samples", 10);
        Positive(HoleResolution, "cell resolution", 2);
        Positive(Epochs, "epochs", 1);
        Positive(HiddenNeurons, "hidden neurons", 1);
        Positive(BatchSize, "batch size", 1);
        Positive(Nelx, "nelx", 2);
        Positive(Nely, "nely", 2);
        Positive(DbtoMaxIterations, "DBTO iteration cap", 1);
        Positive(HbtoMaxIterations, "HBTO iteration cap", 1);
        Positive(BeyondMaxIterations, "MMA/OC iteration cap", 1);
        Positive(Parallelism, "parallelism", 1);
        Positive(HbtoReplicates, "HBTO seed replicates", 0);
        Positive(ProtocolSeeds, "training-protocol seeds", 0);
        Positive(ProtocolSamples, "training-protocol samples", 20);
        if (ProtocolSamples > ReferenceCells.Rows)
        {
            throw new InvalidInputException($"study setting 'training-protocol samples' must be at most {ReferenceCells.Rows} (the reference cells), not {ProtocolSamples}");
        }
        Positive(ContourGridPoints, "contour grid points", 2);
        Positive(ExactGridPoints, "exact-derivative grid points", 1);
        Positive(SimpGridPoints, "SIMP derivative grid points", 2);
        Verification.Validate();
        if (SnapshotIterations.Any(i => i < 1))
        {
            throw new InvalidInputException($"snapshot iterations must be at least 1, not {string.Join(", ", SnapshotIterations)}");
        }
        if (!(LearningRate > 0) || !(VolumeFraction > 0 && VolumeFraction < 1) || !(FilterRadius > 0) || !(Tolerance > 0))
        {
            throw new InvalidInputException(string.Create(
                CultureInfo.InvariantCulture,
                $"study settings out of range: learning rate {LearningRate}, volume fraction {VolumeFraction} (0..1), filter radius {FilterRadius}, tolerance {Tolerance}"));
        }

        if (Methods.Count == 0)
        {
            throw new InvalidInputException("the study needs at least one derivative method");
        }

        if (Methods.FirstOrDefault(m => !Derivatives.JacobianMethods.Names.Contains(m)) is { } unknown)
        {
            throw new InvalidInputException($"unknown derivative method '{unknown}' in the study; expected {string.Join(", ", Derivatives.JacobianMethods.Names)}");
        }
    }

    private static void Positive(int value, string name, int minimum)
    {
        if (value < minimum)
        {
            throw new InvalidInputException($"study setting '{name}' must be at least {minimum}, not {value}");
        }
    }
}
