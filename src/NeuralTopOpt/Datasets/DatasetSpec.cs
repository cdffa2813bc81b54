using System.Globalization;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Nn.Sampling;

namespace NeuralTopOpt.Datasets;

/// <summary>The surrogate datasets of the paper (Sec. 4.1).</summary>
public enum DatasetKind
{
    /// <summary>HBTO: hole width and height (θ₁, θ₂) → the homogenized tensor C^H (Eq. 16).</summary>
    Hole,

    /// <summary>DBTO: density θ → the SIMP modulus E(θ) (Eq. 14).</summary>
    Simp,
}

/// <summary>
/// What a dataset run computes, independent of where and in how many pieces: the kind, the number of
/// Latin hypercube samples over the unit box of the inputs (<see cref="LatinHypercube"/>), their seed and,
/// for hole cells, the pixel resolution. Sample k is row k of the hypercube; its targets depend on
/// nothing else, so a run gives the same numbers whole, sharded or resumed.
/// </summary>
public sealed record DatasetSpec
{
    private DatasetSpec(DatasetKind kind, int samples, int seed, int resolution)
    {
        if (samples < 1)
        {
            throw new InvalidInputException($"a dataset needs at least 1 sample, not {samples}");
        }

        Kind = kind;
        Samples = samples;
        Seed = seed;
        Resolution = resolution;
    }

    /// <summary>Hole cells or SIMP.</summary>
    public DatasetKind Kind { get; }

    /// <summary>N, the number of samples of the whole run.</summary>
    public int Samples { get; }

    /// <summary>Seed of the Latin hypercube.</summary>
    public int Seed { get; }

    /// <summary>Pixels per side of the hole cell (0 for SIMP).</summary>
    public int Resolution { get; }

    /// <summary>The HBTO dataset: N samples of (θ₁, θ₂) ∈ [0, 1)², C^H of an R × R hole cell each.</summary>
    /// <exception cref="InvalidInputException">N &lt; 1 or R outside [2, <see cref="PeriodicCellMesh.MaxResolution"/>].</exception>
    public static DatasetSpec Hole(int samples, int resolution, int seed)
    {
        if (resolution < 2 || resolution > PeriodicCellMesh.MaxResolution)
        {
            throw new InvalidInputException($"the cell resolution must be 2 to {PeriodicCellMesh.MaxResolution} pixels per side, not {resolution}");
        }

        return new DatasetSpec(DatasetKind.Hole, samples, seed, resolution);
    }

    /// <summary>The DBTO dataset: N samples of θ ∈ [0, 1), E(θ) = 1e-9 + (1 − 1e-9)θ³ each.</summary>
    public static DatasetSpec Simp(int samples, int seed) => new(DatasetKind.Simp, samples, seed, 0);

    /// <summary>Input column names.</summary>
    public IReadOnlyList<string> Inputs => Kind == DatasetKind.Hole ? ["width", "height"] : ["theta"];

    /// <summary>Target column names (for hole cells those of the reference data).</summary>
    public IReadOnlyList<string> Outputs => Kind == DatasetKind.Hole ? ["C11", "C12", "C22", "C13", "C23", "C33"] : ["E"];

    /// <summary>All columns: <c>sample</c> (the 0-based index in the hypercube), the inputs, the targets.</summary>
    public IReadOnlyList<string> Columns => ["sample", .. Inputs, .. Outputs];

    /// <summary>
    /// Refuses a run that cannot be held in memory before anything is allocated: the Latin hypercube of
    /// every sample (inputs × 8 bytes each) and, for the shard's samples, the finished rows as they are
    /// kept, assembled and written (about 112 bytes per column). <c>--samples 1000000000</c> fails here at
    /// once instead of after gigabytes.
    /// </summary>
    /// <exception cref="InvalidInputException">The run does not fit.</exception>
    public void CheckSize(Shard shard)
    {
        var (start, end) = shard.Range(Samples);
        var kind = Kind.ToString().ToLowerInvariant();
        IO.MemoryBudget.RequireArray((double)Samples * Inputs.Count, string.Create(CultureInfo.InvariantCulture, $"{Samples:N0} {kind} samples"), "use fewer samples");
        var bytes = (8.0 * Samples * Inputs.Count) + ((end - (double)start) * ((112.0 * Columns.Count) + 64));
        IO.MemoryBudget.Require(bytes, string.Create(CultureInfo.InvariantCulture, $"{end - start:N0} {kind} samples{(shard.IsWhole ? "" : $" (shard {shard} of {Samples:N0})")}"), "use fewer samples or more shards (--shard i/n)");
    }

    /// <summary>The Latin hypercube, <see cref="Samples"/> × inputs, row-major.</summary>
    public double[] Points() => LatinHypercube.Sample(Samples, new double[Inputs.Count], Enumerable.Repeat(1.0, Inputs.Count).ToArray(), Seed);

    /// <summary>
    /// The comment lines that identify a run (and a shard of it) in its files: a description, then
    /// <c>key: value</c> lines for the kind, samples, seed, resolution and, for a shard, <c>shard: i/n</c>.
    /// </summary>
    public IReadOnlyList<string> Metadata(Shard shard)
    {
        var c = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            Kind == DatasetKind.Hole
                ? "ntopo dataset hole: C^H of the square cell with a centred rectangular hole (Eq. 16), plane strain, E = 1, nu = 0.3, void 1e-9"
                : "ntopo dataset simp: E = 1e-9 + (1 - 1e-9) theta^3 (Eq. 14)",
            $"kind: {Kind.ToString().ToLowerInvariant()}",
            string.Create(c, $"samples: {Samples}"),
            string.Create(c, $"seed: {Seed}"),
        };
        if (Kind == DatasetKind.Hole)
        {
            lines.Add(string.Create(c, $"resolution: {Resolution}"));
        }

        if (!shard.IsWhole)
        {
            lines.Add($"shard: {shard}");
        }

        return lines;
    }

    /// <summary>Reads the run and shard back from the comment lines of a dataset file.</summary>
    /// <exception cref="MalformedFileException">A line is missing or unreadable.</exception>
    public static (DatasetSpec Spec, Shard Shard) FromMetadata(IReadOnlyList<string> comments, string source)
    {
        ArgumentNullException.ThrowIfNull(comments);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in comments)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && !line.StartsWith("ntopo", StringComparison.Ordinal))
            {
                values[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }
        }

        string Value(string key) => values.TryGetValue(key, out var v)
            ? v
            : throw new MalformedFileException(source, $"no '# {key}: …' line; is this a file written by ntopo dataset?");
        int Integer(string key) => int.TryParse(Value(key), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new MalformedFileException(source, $"'{key}: {Value(key)}' is not an integer");

        var kind = Value("kind") switch
        {
            "hole" => DatasetKind.Hole,
            "simp" => DatasetKind.Simp,
            var other => throw new MalformedFileException(source, $"unknown dataset kind '{other}'"),
        };
        var shard = values.ContainsKey("shard") ? ParseShard(Value("shard"), source) : Shard.Whole;
        try
        {
            var spec = kind == DatasetKind.Hole ? Hole(Integer("samples"), Integer("resolution"), Integer("seed")) : Simp(Integer("samples"), Integer("seed"));
            return (spec, shard);
        }
        catch (InvalidInputException e)
        {
            throw new MalformedFileException(source, e.Message);
        }
    }

    /// <summary>A worker that computes the targets of one sample (one per thread).</summary>
    internal Func<ISampleEvaluator> EvaluatorFactory()
    {
        if (Kind == DatasetKind.Simp)
        {
            return () => new SimpEvaluator();
        }

        var mesh = PeriodicCellMesh.Create(Resolution);
        return () => new HoleCellEvaluator(mesh);
    }

    /// <summary>The run in words, for messages: <c>hole, 10000 samples, seed 7, resolution 100</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Kind.ToString().ToLowerInvariant()}, {Samples} samples, seed {Seed}{(Kind == DatasetKind.Hole ? $", resolution {Resolution}" : "")}");

    private static Shard ParseShard(string text, string source)
    {
        try
        {
            return Shard.Parse(text);
        }
        catch (InvalidInputException e)
        {
            throw new MalformedFileException(source, e.Message);
        }
    }
}
