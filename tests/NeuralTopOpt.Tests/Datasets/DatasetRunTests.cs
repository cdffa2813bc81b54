using NeuralTopOpt.Datasets;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Nn.Examples;

namespace NeuralTopOpt.Tests.Datasets;

/// <summary>A run gives the same file whole, sharded and merged, or interrupted and resumed.</summary>
public sealed class DatasetRunTests : IDisposable
{
    private static readonly DatasetSpec Spec = DatasetSpec.Hole(samples: 30, resolution: 12, seed: 4);
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-dataset-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Whole_sharded_and_resumed_runs_write_identical_files()
    {
        var whole = PathOf("whole.csv");
        DatasetRunner.Run(Spec, whole, new DatasetRunOptions { ChunkSize = 4 });

        var shards = Enumerable.Range(1, 4).Select(i => PathOf($"shard{i}.csv")).ToArray();
        for (var i = 0; i < shards.Length; i++)
        {
            DatasetRunner.Run(Spec, shards[i], new DatasetRunOptions { Shard = new Shard(i + 1, 4), ChunkSize = 3, MaxDegreeOfParallelism = 1 });
        }

        DatasetMerge.Merge(shards.Reverse().ToArray(), PathOf("merged.csv"));

        var resumed = PathOf("resumed.csv");
        using (var stop = new CancellationTokenSource())
        {
            var options = new DatasetRunOptions { ChunkSize = 4, Progress = new Immediate(p => StopAfterFirstChunk(p, stop)), CancellationToken = stop.Token };
            Assert.Throws<OperationCanceledException>(() => DatasetRunner.Run(Spec, resumed, options));
        }

        Assert.False(File.Exists(resumed));
        var kept = RowLines(DatasetCheckpoint.PathFor(resumed)).Length;
        Assert.InRange(kept, 4, 26);
        var result = DatasetRunner.Run(Spec, resumed, new DatasetRunOptions { ChunkSize = 5 });

        Assert.Equal(kept, result.Resumed);
        Assert.Equal(30 - kept, result.Computed);
        Assert.False(File.Exists(DatasetCheckpoint.PathFor(resumed)));
        var expected = File.ReadAllText(whole);
        Assert.Equal(expected, File.ReadAllText(PathOf("merged.csv")));
        Assert.Equal(expected, File.ReadAllText(resumed));
    }

    [Fact]
    public void Rows_are_the_homogenized_hole_cells_at_the_Latin_hypercube_points()
    {
        var table = DatasetRunner.Generate(Spec, new DatasetRunOptions { Shard = new Shard(2, 3) });
        var points = Spec.Points();
        var homogenizer = new CellHomogenizer(12);

        Assert.Equal(["sample", "width", "height", "C11", "C12", "C22", "C13", "C23", "C33"], table.Columns);
        Assert.Contains("seed: 4", table.Comments);
        Assert.Contains("resolution: 12", table.Comments);
        Assert.Contains("shard: 2/3", table.Comments);
        Assert.Equal(10, table.RowCount);
        for (var r = 0; r < table.RowCount; r++)
        {
            var k = 10 + r;
            Assert.Equal(k, table[r, 0]);
            Assert.Equal(points[2 * k], table[r, 1]);
            Assert.Equal(points[(2 * k) + 1], table[r, 2]);
            Assert.Equal(homogenizer.HomogenizeHole(points[2 * k], points[(2 * k) + 1]).ReferenceOrder(), table.Row(r)[3..].ToArray());
        }
    }

    [Fact]
    public void Simp_rows_are_the_modulus_of_Eq_14_at_the_samples_of_the_existing_dataset()
    {
        var table = DatasetRunner.Generate(DatasetSpec.Simp(50, seed: 3));
        var reference = SimpModulus.Dataset(50, 3);

        Assert.Equal(["sample", "theta", "E"], table.Columns);
        Assert.Equal(reference.Inputs.ToArray(), table.Column(1));
        Assert.Equal(reference.Targets.ToArray(), table.Column(2));
    }

    [Fact]
    public void A_torn_last_chunk_is_dropped_and_recomputed()
    {
        var whole = PathOf("whole.csv");
        DatasetRunner.Run(Spec, whole);
        var output = PathOf("torn.csv");
        var checkpoint = Interrupt(output, chunkSize: 4);
        var verified = RowLines(checkpoint).Length;

        // As a kill could leave it: after the verified chunks, two rows of a chunk without its checksum
        // line, the second cut in half.
        var rows = File.ReadAllLines(whole).Where(l => l.Length > 0 && char.IsAsciiDigit(l[0])).ToArray();
        var next = rows.First(r => !RowLines(checkpoint).Contains(r));
        File.AppendAllText(checkpoint, next + "\n" + next[..20]);
        var result = DatasetRunner.Run(Spec, output);

        Assert.Equal(verified, result.Resumed);
        Assert.Equal(File.ReadAllText(whole), File.ReadAllText(output));
    }

    [Fact]
    public void A_tampered_value_in_a_checkpoint_is_detected_on_resume()
    {
        var output = PathOf("tampered.csv");
        var checkpoint = Interrupt(output, chunkSize: 4);
        var row = RowLines(checkpoint)[1];
        var fields = row.Split(',');
        fields[3] = "1.5"; // C11 of a finished sample, changed after it was written
        File.WriteAllText(checkpoint, File.ReadAllText(checkpoint).Replace(row, string.Join(',', fields), StringComparison.Ordinal));

        var error = Assert.Throws<MalformedFileException>(() => DatasetRunner.Run(Spec, output));

        Assert.Contains("the 4 rows before it do not match their checksum; the checkpoint was changed after it was written: delete it to start over", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void A_checkpoint_without_checksums_is_computed_again()
    {
        var whole = PathOf("whole.csv");
        DatasetRunner.Run(Spec, whole);
        var output = PathOf("old.csv");
        File.WriteAllText(DatasetCheckpoint.PathFor(output), File.ReadAllText(whole)); // rows without chunk lines, as an older ntopo wrote them

        var result = DatasetRunner.Run(Spec, output);

        Assert.Equal(0, result.Resumed);
        Assert.Equal(File.ReadAllText(whole), File.ReadAllText(output));
    }

    [Fact]
    public void A_checkpoint_of_another_run_is_refused()
    {
        var output = PathOf("data.csv");
        using (var stop = new CancellationTokenSource())
        {
            var options = new DatasetRunOptions { ChunkSize = 4, Progress = new Immediate(p => StopAfterFirstChunk(p, stop)), CancellationToken = stop.Token };
            Assert.Throws<OperationCanceledException>(() => DatasetRunner.Run(Spec, output, options));
        }

        var error = Assert.Throws<InvalidInputException>(() => DatasetRunner.Run(DatasetSpec.Hole(30, 12, seed: 5), output));

        Assert.Contains("is the checkpoint of a different run, not of hole, 30 samples, seed 5, resolution 12", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_checkpoint_row_that_is_not_its_sample_is_refused_even_with_a_matching_checksum()
    {
        var output = PathOf("forged.csv");
        var checkpoint = Interrupt(output, chunkSize: 4);
        var lines = File.ReadAllLines(checkpoint);
        var first = Array.FindIndex(lines, l => l.Length > 0 && char.IsAsciiDigit(l[0]));
        var fields = lines[first].Split(',');
        fields[1] = "0.5"; // the sample's width
        lines[first] = string.Join(',', fields);
        var chunk = string.Concat(lines[first..(first + 4)].Select(l => l + "\n"));
        lines[first + 4] = $"# chunk 4 sha256:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(chunk)))}";
        File.WriteAllLines(checkpoint, lines);

        var error = Assert.Throws<MalformedFileException>(() => DatasetRunner.Run(Spec, output));

        Assert.Contains($"sample {fields[0]} does not hold the run's inputs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_run_on_the_same_output_is_refused_while_the_first_holds_the_checkpoint()
    {
        var output = PathOf("busy.csv");
        using var first = DatasetCheckpoint.Open(DatasetCheckpoint.PathFor(output), Spec, Shard.Whole, Spec.Points());

        Assert.ThrowsAny<IOException>(() => DatasetRunner.Run(Spec, output));
    }

    private static void StopAfterFirstChunk(DatasetProgress progress, CancellationTokenSource stop)
    {
        if (progress.Completed > progress.Resumed)
        {
            stop.Cancel();
        }
    }

    private string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>Starts a run on one thread and stops it after its first chunk; returns the checkpoint's path.</summary>
    private static string Interrupt(string output, int chunkSize)
    {
        using var stop = new CancellationTokenSource();
        var options = new DatasetRunOptions { ChunkSize = chunkSize, MaxDegreeOfParallelism = 1, Progress = new Immediate(p => StopAfterFirstChunk(p, stop)), CancellationToken = stop.Token };
        Assert.Throws<OperationCanceledException>(() => DatasetRunner.Run(Spec, output, options));
        var checkpoint = DatasetCheckpoint.PathFor(output);
        Assert.Contains("# chunk 4 sha256:", File.ReadAllText(checkpoint), StringComparison.Ordinal);
        return checkpoint;
    }

    /// <summary>The data rows of a checkpoint (lines that start with a sample index).</summary>
    private static string[] RowLines(string checkpoint) =>
        File.ReadAllLines(checkpoint).Where(l => l.Length > 0 && char.IsAsciiDigit(l[0])).ToArray();

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Immediate(Action<DatasetProgress> report) : IProgress<DatasetProgress>
    {
        public void Report(DatasetProgress value) => report(value);
    }
}
