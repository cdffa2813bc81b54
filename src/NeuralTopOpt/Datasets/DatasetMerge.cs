using System.Globalization;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Datasets;

/// <summary>
/// Joins the shard files of one run (<c>ntopo dataset … --shard i/n</c>) into the file the whole run
/// would have written, byte for byte. Every file must come from the same run (kind, samples, seed,
/// resolution) and the same number of shards; each shard must appear exactly once and hold exactly
/// its own samples.
/// </summary>
public static class DatasetMerge
{
    /// <summary>Merges <paramref name="shardPaths"/> into <paramref name="outputPath"/> (atomically) and returns the table.</summary>
    /// <exception cref="InvalidInputException">Shards of different runs, a shard missing or given twice.</exception>
    /// <exception cref="MalformedFileException">A file that is not a shard of a dataset run, or whose rows are not its samples.</exception>
    public static CsvTable Merge(IReadOnlyList<string> shardPaths, string outputPath)
    {
        ArgumentNullException.ThrowIfNull(shardPaths);
        if (shardPaths.Count == 0)
        {
            throw new InvalidInputException("give at least one shard file to merge");
        }

        AtomicFile.CheckTarget(outputPath);
        var target = Resolved(outputPath);
        if (shardPaths.FirstOrDefault(p => Resolved(p) == target) is { } input)
        {
            throw new InvalidInputException($"the merged file {outputPath} would replace the shard {input}; write it to another file");
        }

        var shards = shardPaths.Select(path =>
        {
            var table = CsvTable.Read(path);
            var (spec, shard) = DatasetSpec.FromMetadata(table.Comments, path);
            return (Path: path, Table: table, Spec: spec, Shard: shard);
        }).ToArray();

        var first = shards[0];
        foreach (var s in shards)
        {
            if (s.Spec != first.Spec || s.Shard.Count != first.Shard.Count)
            {
                throw new InvalidInputException($"{s.Path} ({s.Spec}, shard {s.Shard}) and {first.Path} ({first.Spec}, shard {first.Shard}) are not shards of the same run");
            }
        }

        var byIndex = new (string Path, CsvTable Table)?[first.Shard.Count];
        foreach (var s in shards)
        {
            if (byIndex[s.Shard.Index - 1] is { } earlier)
            {
                throw new InvalidInputException($"shard {s.Shard} is given twice: {earlier.Path} and {s.Path}");
            }

            byIndex[s.Shard.Index - 1] = (s.Path, s.Table);
        }

        var missing = Enumerable.Range(1, first.Shard.Count).Where(i => byIndex[i - 1] is null).ToArray();
        if (missing.Length > 0)
        {
            throw new InvalidInputException($"shard{(missing.Length > 1 ? "s" : "")} {string.Join(", ", missing.Select(i => $"{i}/{first.Shard.Count}"))} of {first.Spec} missing");
        }

        var rows = new List<double[]>(first.Spec.Samples);
        var points = first.Spec.Points();
        for (var i = 0; i < byIndex.Length; i++)
        {
            var (path, table) = byIndex[i]!.Value;
            CheckRows(path, table, first.Spec, new Shard(i + 1, first.Shard.Count), points);
            rows.AddRange(Enumerable.Range(0, table.RowCount).Select(r => table.Row(r).ToArray()));
        }

        var merged = DatasetRunner.ToTable(first.Spec, Shard.Whole, rows);
        merged.Write(outputPath);
        return merged;
    }

    /// <summary>The full path with symbolic links followed, so that two names of one file compare equal.</summary>
    private static string Resolved(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var target = File.Exists(full) ? File.ResolveLinkTarget(full, returnFinalTarget: true)?.FullName : null;
        return target ?? full;
    }

    /// <summary>The shard's columns are the run's, and its rows are exactly its samples, in order, at the run's inputs.</summary>
    private static void CheckRows(string path, CsvTable table, DatasetSpec spec, Shard shard, double[] points)
    {
        if (!table.Columns.SequenceEqual(spec.Columns))
        {
            throw new MalformedFileException(path, $"columns {string.Join(",", table.Columns)} are not {string.Join(",", spec.Columns)}");
        }

        var (start, end) = shard.Range(spec.Samples);
        if (table.RowCount != end - start)
        {
            throw new MalformedFileException(path, $"shard {shard} should hold samples {start}..{end - 1} ({end - start} rows), not {table.RowCount} rows");
        }

        var inputs = spec.Inputs.Count;
        for (var r = 0; r < table.RowCount; r++)
        {
            if (table[r, 0] != start + r)
            {
                throw new MalformedFileException(path, string.Create(CultureInfo.InvariantCulture, $"row {r + 1} holds sample {table[r, 0]}, expected {start + r}"));
            }

            if (!table.Row(r).Slice(1, inputs).SequenceEqual(points.AsSpan((start + r) * inputs, inputs)))
            {
                throw new MalformedFileException(path, $"row {r + 1}: the inputs of sample {start + r} are not those of the run's Latin hypercube");
            }
        }
    }
}
