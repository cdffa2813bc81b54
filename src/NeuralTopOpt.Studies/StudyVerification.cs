using System.Text.Json.Serialization;
using NeuralTopOpt.Solvers;
using NeuralTopOpt.Verification;

namespace NeuralTopOpt.Studies;

/// <summary>
/// The sweep of the study's fine-scale verification: every (M, K) of <see cref="PixelsPerCell"/> ×
/// <see cref="CellsPerElement"/>, computed cheapest first (by n = M·K, then K), those whose fine mesh has more than
/// <see cref="MaxUnknowns"/> unknowns skipped with the reason. M at fixed K measures the discretization of the cell,
/// K at fixed M the separation of scales.
/// </summary>
public sealed record VerificationSweep
{
    /// <summary>The paper's budget: M ∈ {10, 20, 40}, K ∈ {1, 2, 4} up to 1.5M unknowns (n = M·K ≤ 20 on the 60×30 beam), with the <c>auto</c> solver (see <see cref="Solver"/>).</summary>
    public static VerificationSweep Paper { get; } = new() { Solver = LinearSolvers.Auto };

    /// <summary>The quick budget: M ∈ {4, 8}, K ∈ {1, 2} up to 250,000 unknowns (n ≤ 8 on the 60×30 beam), with the Cholesky (cells of fewer than 10 pixels are below the multigrid's level rule, <see cref="FineScaleLimits.MultigridLevels"/>).</summary>
    public static VerificationSweep Quick { get; } = new() { PixelsPerCell = [4, 8], CellsPerElement = [1, 2], MaxUnknowns = 250_000 };

    /// <summary>M, pixels per cell side.</summary>
    public IReadOnlyList<int> PixelsPerCell { get; init; } = [10, 20, 40];

    /// <summary>K, cells per element side.</summary>
    public IReadOnlyList<int> CellsPerElement { get; init; } = [1, 2, 4];

    /// <summary>The cap on a fine mesh's unknowns (the time budget: the Cholesky's time grows like N^1.5).</summary>
    public long MaxUnknowns { get; init; } = FineScaleLimits.CholeskyMaxUnknowns;

    /// <summary>
    /// The linear solver of the fine and coarse solves (<see cref="LinearSolvers.Names"/>; default the Cholesky).
    /// <see cref="Paper"/> takes <c>auto</c>: the Cholesky up to 65,000 unknowns (the coarse 60×30 solves behind
    /// J_hom and J_exact) and the multigrid-CG with capped levels (<see cref="FineScaleLimits.MultigridLevels"/>)
    /// above (every fine structure of M ≥ 10). Per solve the Cholesky is about as fast up to the cap
    /// (paper-network design, 1.44M unknowns: 3.2 s against 3.4–5.3 s), but its first solve on a mesh pays the
    /// ordering, the symbolic factorization and faulting in a factor of over a gigabyte: measured on our HBTO
    /// design of the full study (29 Nov 2026, points (10, 1), (10, 2), (20, 1)) the sweep took 26.0 s and 2.9 GB
    /// with the Cholesky, 10.7 s and 1.1 GB with <c>auto</c>, the J_fine within 3·10⁻¹⁰ of each other. The points
    /// above the cap (5.77M unknowns on the 60×30 beam) take the multigrid 15–28 s and 1.2–2.9 GB each: more than
    /// the study's time budget holds, so they are left to <c>ntopo verify hbto --max-unknowns 6000000</c>
    /// (docs/verification.md).
    /// </summary>
    public string Solver { get; init; } = LinearSolvers.Cholesky;

    /// <summary>Every (M, K), cheapest first: by n = M·K, then by K, then by M.</summary>
    public IReadOnlyList<(int PixelsPerCell, int CellsPerElement)> Points() =>
        [.. PixelsPerCell.SelectMany(m => CellsPerElement.Select(k => (m, k))).Distinct().OrderBy(p => p.m * p.k).ThenBy(p => p.k).ThenBy(p => p.m)];

    /// <summary>Throws <see cref="InvalidInputException"/> for a sweep the verification cannot run.</summary>
    public void Validate()
    {
        if (PixelsPerCell.Count == 0 || CellsPerElement.Count == 0)
        {
            throw new InvalidInputException("the verification sweep needs at least one M and one K");
        }

        var badPixels = PixelsPerCell.Where(m => m < 2 || m > FineScaleLimits.MaxPixelsPerCell).ToArray();
        if (badPixels.Length > 0)
        {
            throw new InvalidInputException($"verification: pixels per cell must be 2 to {FineScaleLimits.MaxPixelsPerCell}, not {badPixels[0]}");
        }

        var badCells = CellsPerElement.Where(k => k < 1 || k > FineScaleLimits.MaxCellsPerElement).ToArray();
        if (badCells.Length > 0)
        {
            throw new InvalidInputException($"verification: cells per element must be 1 to {FineScaleLimits.MaxCellsPerElement}, not {badCells[0]}");
        }

        if (MaxUnknowns < 1)
        {
            throw new InvalidInputException($"verification: the cap on unknowns must be positive, not {MaxUnknowns}");
        }

        LinearSolvers.Check(Solver);
    }
}

/// <summary>One (M, K) of a design's sweep: the fine structure's J_fine and V_fine, or why it was skipped.</summary>
/// <param name="PixelsPerCell">M.</param>
/// <param name="CellsPerElement">K.</param>
/// <param name="Fine">J_fine, V_fine, unknowns, solver and time; null when skipped.</param>
/// <param name="SkipReason">Why it was skipped (the cap, memory, mesh limits), or null.</param>
public sealed record VerificationPoint(int PixelsPerCell, int CellsPerElement, FineResult? Fine, string? SkipReason)
{
    /// <summary>n = M·K, pixels per element side.</summary>
    [JsonIgnore]
    public int PixelsPerElement => PixelsPerCell * CellsPerElement;
}

/// <summary>
/// One HBTO design of the study verified at the fine scale: the homogenized side (J_hom with the network, J_exact
/// with every element's cell homogenized, V_hom) and the sweep.
/// </summary>
/// <param name="Run">Key of the run whose final design (θ̃) is verified.</param>
/// <param name="Label">The run's label.</param>
/// <param name="Network">Key of its network.</param>
/// <param name="Cell">Its cell family.</param>
/// <param name="Homogenized">J_hom, J_exact, V_hom, the homogenization's resolution and distinct cells.</param>
/// <param name="Points">The sweep, cheapest first.</param>
/// <param name="Seconds">Wall time of this design's verification when it was computed (a cached one keeps it).</param>
public sealed record DesignVerification(string Run, string Label, string Network, string Cell, HomogenizedResult Homogenized, IReadOnlyList<VerificationPoint> Points, double Seconds)
{
    /// <summary>J_exact/J_hom − 1: the network's share of the error (its C against the homogenized cells').</summary>
    [JsonIgnore]
    public double NetworkError => (Homogenized.ExactCompliance / Homogenized.Compliance) - 1;

    /// <summary>The point drawn in the report: the computed one with the most pixels per element, the more cells among equals.</summary>
    [JsonIgnore]
    public VerificationPoint? Finest => Points.Where(p => p.Fine is not null).OrderBy(p => p.PixelsPerElement).ThenBy(p => p.CellsPerElement).LastOrDefault();

    /// <summary>
    /// Discretization: the first computed pair (M, K) → (M′, K) with M′ &gt; M the next computed M at that K (cheapest
    /// first), and J_fine(M′, K)/J_fine(M, K) − 1; null when the sweep has no such pair.
    /// </summary>
    [JsonIgnore]
    public PointChange? Discretization => Change(p => p.CellsPerElement, p => p.PixelsPerCell);

    /// <summary>Scale separation: the same with K → K′ at fixed M.</summary>
    [JsonIgnore]
    public PointChange? ScaleSeparation => Change(p => p.PixelsPerCell, p => p.CellsPerElement);

    /// <summary>The errors of a computed point (null when it was skipped).</summary>
    public VerificationResult? Result(VerificationPoint point)
    {
        ArgumentNullException.ThrowIfNull(point);
        return point.Fine is null ? null : new VerificationResult(point.Fine, Homogenized);
    }

    private PointChange? Change(Func<VerificationPoint, int> fixedBy, Func<VerificationPoint, int> varied)
    {
        var computed = Points.Where(p => p.Fine is not null).ToArray();
        foreach (var from in computed)
        {
            var to = computed.Where(p => fixedBy(p) == fixedBy(from) && varied(p) > varied(from)).OrderBy(varied).FirstOrDefault();
            if (to is not null)
            {
                return new PointChange(from, to, (to.Fine!.Compliance / from.Fine!.Compliance) - 1);
            }
        }

        return null;
    }
}

/// <summary>J_fine from one point of a sweep to another.</summary>
/// <param name="From">The coarser point.</param>
/// <param name="To">The finer point.</param>
/// <param name="ComplianceChange">J_fine(To)/J_fine(From) − 1.</param>
public sealed record PointChange(VerificationPoint From, VerificationPoint To, double ComplianceChange);

/// <summary>The study's fine-scale verification: the sweep and every design verified (ours, then the paper-network one).</summary>
/// <param name="Settings">The sweep.</param>
/// <param name="Designs">The designs, in the order of <see cref="VerificationStage.Targets"/>.</param>
public sealed record StudyVerification(VerificationSweep Settings, IReadOnlyList<DesignVerification> Designs)
{
    /// <summary>The <c>verification</c> object of summary.json: the sweep's settings and, per run key, the homogenized side, the sweep and its errors.</summary>
    public Dictionary<string, object?> Summary()
    {
        var designs = new Dictionary<string, object?>();
        foreach (var d in Designs)
        {
            var h = d.Homogenized;
            designs[d.Run] = new Dictionary<string, object?>
            {
                ["run"] = d.Run,
                ["label"] = d.Label,
                ["network"] = d.Network,
                ["cell"] = d.Cell,
                ["homogenized_compliance"] = h.Compliance,
                ["exact_compliance"] = h.ExactCompliance,
                ["homogenized_volume"] = h.Volume,
                ["network_error"] = d.NetworkError,
                ["homogenization_resolution"] = h.Resolution,
                ["distinct_cells"] = h.DistinctCells,
                ["homogenized_seconds"] = h.Seconds,
                ["sweep"] = d.Points.Select(p => Point(d, p)).ToArray(),
                ["discretization"] = Change(d.Discretization),
                ["scale_separation"] = Change(d.ScaleSeparation),
                ["picture"] = d.Finest is { } f ? new[] { f.PixelsPerCell, f.CellsPerElement } : null,
                ["seconds"] = d.Seconds,
            };
        }

        return new Dictionary<string, object?>
        {
            ["pixels_per_cell"] = Settings.PixelsPerCell,
            ["cells_per_element"] = Settings.CellsPerElement,
            ["max_unknowns"] = Settings.MaxUnknowns,
            ["solver"] = Settings.Solver,
            ["loads"] = "spread",
            ["designs"] = designs,
            ["seconds"] = Designs.Sum(d => d.Seconds),
        };
    }

    private static Dictionary<string, object?> Point(DesignVerification design, VerificationPoint p)
    {
        var r = design.Result(p);
        return new Dictionary<string, object?>
        {
            ["pixels_per_cell"] = p.PixelsPerCell,
            ["cells_per_element"] = p.CellsPerElement,
            ["pixels_per_element"] = p.PixelsPerElement,
            ["unknowns"] = p.Fine?.Unknowns,
            ["fine_compliance"] = p.Fine?.Compliance,
            ["fine_volume"] = p.Fine?.Volume,
            ["compliance_error"] = r?.ComplianceError,
            ["volume_error"] = r?.VolumeError,
            ["compliance_volume_error"] = r?.ComplianceVolumeError,
            ["exact_compliance_error"] = r?.ExactComplianceError,
            ["solver"] = p.Fine?.Solver,
            ["seconds"] = p.Fine?.Seconds,
            ["skipped"] = p.SkipReason,
        };
    }

    private static Dictionary<string, object?>? Change(PointChange? change) => change is null ? null : new Dictionary<string, object?>
    {
        ["from"] = new[] { change.From.PixelsPerCell, change.From.CellsPerElement },
        ["to"] = new[] { change.To.PixelsPerCell, change.To.CellsPerElement },
        ["fine_compliance_change"] = change.ComplianceChange,
    };
}
