using System.Diagnostics;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Datasets;

/// <summary>How a dataset run is carried out (none of this changes its numbers).</summary>
public sealed record DatasetRunOptions
{
    /// <summary>The slice of the samples to compute (default: all).</summary>
    public Shard Shard { get; init; } = Shard.Whole;

    /// <summary>Worker threads, each with its own homogenizer (default: every core).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Samples per chunk: the unit of work handed to a thread and of checkpointing.</summary>
    public int ChunkSize { get; init; } = 16;

    /// <summary>Receives a report after every finished chunk (from a worker thread).</summary>
    public IProgress<DatasetProgress>? Progress { get; init; }

    /// <summary>Stops the run after the chunks under way; finished chunks stay in the checkpoint.</summary>
    public CancellationToken CancellationToken { get; init; }
}

/// <summary>Progress of a run: samples finished (including those resumed from a checkpoint) out of the shard's total.</summary>
public readonly record struct DatasetProgress(int Completed, int Total, int Resumed);

/// <summary>What a run did: the rows of its shard, how many were computed now and how many resumed, the time taken.</summary>
public sealed record DatasetRunResult(CsvTable Table, int Computed, int Resumed, TimeSpan Elapsed);

/// <summary>
/// Computes a dataset (<see cref="DatasetSpec"/>) in parallel on all cores, with a checkpoint beside
/// the output so that an interrupted run resumes where it stopped, and writes the result atomically.
/// Each worker thread owns one evaluator (for hole cells a <see cref="Homogenization.CellHomogenizer"/>
/// with its own numeric factor) over a mesh and symbolic analysis built once; rows come out sorted by
/// sample index, the same bits whole, sharded or resumed.
/// </summary>
public static class DatasetRunner
{
    /// <summary>
    /// Runs <paramref name="spec"/> (the shard in <paramref name="options"/>) into <paramref name="outputPath"/>,
    /// resuming from <c>outputPath.partial</c> when it exists; the checkpoint is deleted once the output is written.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled; finished chunks are in the checkpoint.</exception>
    /// <exception cref="InvalidInputException">The checkpoint belongs to another run, or bad options.</exception>
    public static DatasetRunResult Run(DatasetSpec spec, string outputPath, DatasetRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentException.ThrowIfNullOrEmpty(outputPath);
        options ??= new DatasetRunOptions();
        AtomicFile.CheckTarget(outputPath);
        spec.CheckSize(options.Shard);
        var clock = Stopwatch.StartNew();
        var points = spec.Points();
        var (start, end) = options.Shard.Range(spec.Samples);
        using var checkpoint = DatasetCheckpoint.Open(DatasetCheckpoint.PathFor(outputPath), spec, options.Shard, points);
        var resumed = checkpoint.Rows.Count;
        var pending = Enumerable.Range(start, end - start).Where(k => !checkpoint.Rows.ContainsKey(k)).ToArray();
        var width = spec.Columns.Count;
        Compute(spec.EvaluatorFactory, points, spec.Inputs.Count, width, pending, options, resumed, end - start, (indices, rows) =>
        {
            checkpoint.Append(rows);
            for (var q = 0; q < indices.Length; q++)
            {
                checkpoint.Rows[indices[q]] = rows.Slice(q * width, width).ToArray();
            }
        });

        var table = ToTable(spec, options.Shard, Enumerable.Range(start, end - start).Select(k => checkpoint.Rows[k]));
        table.Write(outputPath);
        checkpoint.Delete();
        return new DatasetRunResult(table, pending.Length, resumed, clock.Elapsed);
    }

    /// <summary>Computes the shard in memory, without files.</summary>
    public static CsvTable Generate(DatasetSpec spec, DatasetRunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        options ??= new DatasetRunOptions();
        spec.CheckSize(options.Shard);
        var points = spec.Points();
        var (start, end) = options.Shard.Range(spec.Samples);
        var width = spec.Columns.Count;
        var rows = new double[end - start][];
        Compute(spec.EvaluatorFactory, points, spec.Inputs.Count, width, Enumerable.Range(start, end - start).ToArray(), options, 0, end - start, (indices, values) =>
        {
            for (var q = 0; q < indices.Length; q++)
            {
                rows[indices[q] - start] = values.Slice(q * width, width).ToArray();
            }
        });
        return ToTable(spec, options.Shard, rows);
    }

    /// <summary>The file form of a shard's rows: the run's metadata as comments, the columns, the rows in sample order.</summary>
    internal static CsvTable ToTable(DatasetSpec spec, Shard shard, IEnumerable<double[]> rows) =>
        new(spec.Columns, rows.SelectMany(r => r).ToArray(), spec.Metadata(shard));

    /// <summary>
    /// Evaluates the samples <paramref name="pending"/> (rows of <paramref name="points"/>, <paramref name="inputs"/>
    /// values each) in chunks on worker threads, each with the evaluator <paramref name="factory"/> makes;
    /// <paramref name="finished"/> receives each chunk's indices and rows [index, inputs, outputs] of
    /// <paramref name="width"/> values (under a lock, in completion order).
    /// </summary>
    internal static void Compute(
        Func<Func<ISampleEvaluator>> factory, double[] points, int inputs, int width, int[] pending, DatasetRunOptions options, int resumed, int total, Action<int[], ReadOnlySpan<double>> finished)
    {
        if (options.MaxDegreeOfParallelism < 1 || options.ChunkSize < 1)
        {
            throw new InvalidInputException($"a run needs at least one thread and one sample per chunk, not {options.MaxDegreeOfParallelism} and {options.ChunkSize}");
        }

        options.CancellationToken.ThrowIfCancellationRequested();
        var chunks = (pending.Length + options.ChunkSize - 1) / options.ChunkSize;
        var workers = Math.Min(options.MaxDegreeOfParallelism, chunks);
        if (workers == 0)
        {
            return;
        }

        options.Progress?.Report(new DatasetProgress(resumed, total, resumed));
        var create = factory();
        var next = -1;
        var completed = resumed;
        var gate = new object();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(options.CancellationToken);
        var errors = new Exception?[workers];
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            try
            {
                var evaluator = create();
                int chunk;
                while (!failed.IsCancellationRequested && (chunk = Interlocked.Increment(ref next)) < chunks)
                {
                    var indices = pending.AsSpan(chunk * options.ChunkSize, Math.Min(options.ChunkSize, pending.Length - (chunk * options.ChunkSize))).ToArray();
                    var rows = new double[indices.Length * width];
                    for (var q = 0; q < indices.Length; q++)
                    {
                        var row = rows.AsSpan(q * width, width);
                        var k = indices[q];
                        row[0] = k;
                        points.AsSpan(k * inputs, inputs).CopyTo(row[1..]);
                        evaluator.Evaluate(row.Slice(1, inputs), row[(1 + inputs)..]);
                    }

                    lock (gate)
                    {
                        finished(indices, rows);
                        completed += indices.Length;
                        options.Progress?.Report(new DatasetProgress(completed, total, resumed));
                    }
                }
            }
#pragma warning disable CA1031 // A worker's failure is rethrown on the calling thread below.
            catch (Exception e)
#pragma warning restore CA1031
            {
                errors[w] = e;
                failed.Cancel();
            }
        })
        { IsBackground = true, Name = $"dataset worker {w}" }).ToArray();
        foreach (var thread in threads)
        {
            thread.Start();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        if (errors.FirstOrDefault(e => e is not null) is { } error)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error);
        }

        options.CancellationToken.ThrowIfCancellationRequested();
    }
}
