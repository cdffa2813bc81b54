using System.Globalization;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Nn.Sampling;

namespace NeuralTopOpt.Datasets;

/// <summary>
/// What a dataset run computes, independent of where and in how many pieces: the cell family's data
/// (<see cref="CellDataset"/>: columns and targets), the number of Latin hypercube samples over the unit
/// box of the inputs (<see cref="LatinHypercube"/>), their seed and, for homogenized cells, the pixel
/// resolution. Sample k is row k of the hypercube; its targets depend on nothing else, so a run gives the
/// same numbers whole, sharded or resumed.
/// </summary>
public sealed record DatasetSpec
{
    private DatasetSpec(CellDataset data, int samples, int seed, int resolution)
    {
        if (samples < 1)
        {
            throw new InvalidInputException($"a dataset needs at least 1 sample, not {samples}");
        }

        Data = data;
        Samples = samples;
        Seed = seed;
        Resolution = resolution;
    }

    /// <summary>What the dataset holds: columns, description, how a sample is computed.</summary>
    public CellDataset Data { get; }

    /// <summary>The dataset's kind (<c>hole</c>, <c>simp</c>, …), as in the <c># kind:</c> line of its files.</summary>
    public string Kind => Data.Kind;

    /// <summary>N, the number of samples of the whole run.</summary>
    public int Samples { get; }

    /// <summary>Seed of the Latin hypercube.</summary>
    public int Seed { get; }

    /// <summary>Pixels per side of a homogenized cell (0 when the targets take none, as SIMP's).</summary>
    public int Resolution { get; }

    /// <summary>The dataset of <paramref name="cell"/> (<see cref="ICellFamily.Dataset"/>): N samples, seed, resolution R (ignored when the targets take none).</summary>
    /// <exception cref="InvalidInputException">N &lt; 1 or R outside [2, <see cref="PeriodicCellMesh.MaxResolution"/>].</exception>
    public static DatasetSpec For(ICellFamily cell, int samples, int seed, int resolution = 100)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var data = cell.Dataset;
        if (!data.UsesResolution)
        {
            return new DatasetSpec(data, samples, seed, 0);
        }

        if (resolution < 2 || resolution > PeriodicCellMesh.MaxResolution)
        {
            throw new InvalidInputException($"the cell resolution must be 2 to {PeriodicCellMesh.MaxResolution} pixels per side, not {resolution}");
        }

        return new DatasetSpec(data, samples, seed, resolution);
    }

    /// <summary>The HBTO dataset: N samples of (θ₁, θ₂) ∈ [0, 1)², C^H of an R × R hole cell each.</summary>
    /// <exception cref="InvalidInputException">N &lt; 1 or R outside [2, <see cref="PeriodicCellMesh.MaxResolution"/>].</exception>
    public static DatasetSpec Hole(int samples, int resolution, int seed) => For(CellFamilies.Hole, samples, seed, resolution);

    /// <summary>The DBTO dataset: N samples of θ ∈ [0, 1), E(θ) = 1e-9 + (1 − 1e-9)θ³ each.</summary>
    public static DatasetSpec Simp(int samples, int seed) => For(CellFamilies.Density, samples, seed);

    /// <summary>Input column names.</summary>
    public IReadOnlyList<string> Inputs => Data.Inputs;

    /// <summary>Target column names (for homogenized cells those of the reference data).</summary>
    public IReadOnlyList<string> Outputs => Data.Outputs;

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
            Data.Description,
            $"kind: {Kind}",
            string.Create(c, $"samples: {Samples}"),
            string.Create(c, $"seed: {Seed}"),
        };
        if (Data.UsesResolution)
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

        var cell = CellFamilies.ByDatasetKind(Value("kind")) ?? throw new MalformedFileException(source, $"unknown dataset kind '{Value("kind")}'");
        var shard = values.ContainsKey("shard") ? ParseShard(Value("shard"), source) : Shard.Whole;
        try
        {
            var spec = For(cell, Integer("samples"), Integer("seed"), cell.Dataset.UsesResolution ? Integer("resolution") : 0);
            return (spec, shard);
        }
        catch (InvalidInputException e)
        {
            throw new MalformedFileException(source, e.Message);
        }
    }

    /// <summary>A worker that computes the targets of one sample (one per thread).</summary>
    internal Func<ISampleEvaluator> EvaluatorFactory() => Data.Evaluators(Resolution);

    /// <summary>Two specs are the same run when kind, samples, seed and resolution agree.</summary>
    public bool Equals(DatasetSpec? other) =>
        other is not null && Kind == other.Kind && Samples == other.Samples && Seed == other.Seed && Resolution == other.Resolution;

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Kind, Samples, Seed, Resolution);

    /// <summary>The run in words, for messages: <c>hole, 10000 samples, seed 7, resolution 100</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Kind}, {Samples} samples, seed {Seed}{(Data.UsesResolution ? $", resolution {Resolution}" : "")}");

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
