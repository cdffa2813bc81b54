using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Datasets;

/// <summary>
/// The checkpoint of a dataset run: a CSV file beside the output (<c>OUT.partial</c>) with the run's
/// metadata, the header, and one row per finished sample in the order they finished. Rows are appended
/// and flushed to disk per completed chunk, each chunk followed by a line
/// <c># chunk N sha256:HEX</c> with the SHA-256 of its N row lines. On resume the metadata must match
/// the run; rows after the last checksum line (a chunk torn by a kill) are cut off and computed again;
/// a chunk whose rows do not match their checksum (the file was changed) is an error; and every row
/// is checked against the sample it claims to be. The file is held exclusively while the run lasts, so
/// that a second run on the same output fails at once instead of writing over the first one's rows.
/// </summary>
internal sealed class DatasetCheckpoint : IDisposable
{
    private readonly FileStream _stream;
    private readonly int _width;

    private DatasetCheckpoint(string path, FileStream stream, int width, Dictionary<int, double[]> rows)
    {
        Path = path;
        _stream = stream;
        _width = width;
        Rows = rows;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>Finished rows by sample index (each row: every column of the dataset).</summary>
    public Dictionary<int, double[]> Rows { get; }

    /// <summary>The checkpoint path for an output file.</summary>
    public static string PathFor(string output) => output + ".partial";

    /// <summary>Opens (resuming) or creates the checkpoint of <paramref name="spec"/>'s <paramref name="shard"/>.</summary>
    /// <exception cref="InvalidInputException">The file belongs to another run.</exception>
    /// <exception cref="MalformedFileException">A row is unreadable or is not the sample it names.</exception>
    public static DatasetCheckpoint Open(string path, DatasetSpec spec, Shard shard, ReadOnlySpan<double> points)
    {
        var header = new StringBuilder();
        foreach (var line in spec.Metadata(shard))
        {
            header.Append("# ").Append(line).Append('\n');
        }

        header.AppendJoin(',', spec.Columns).Append('\n');
        var rows = new Dictionary<int, double[]>();
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".");
        var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        try
        {
            if (stream.Length == 0)
            {
                Write(stream, header.ToString());
            }
            else
            {
                var complete = ReadComplete(stream, path);
                if (!complete.StartsWith(header.ToString(), StringComparison.Ordinal))
                {
                    throw new InvalidInputException($"{path} is the checkpoint of a different run, not of {spec}{(shard.IsWhole ? "" : $", shard {shard}")}; delete it or rerun with the same parameters");
                }

                var verified = Verified(complete, header.Length, path);
                Parse(verified[header.Length..], path, spec, shard, points, rows);
                stream.SetLength(Encoding.UTF8.GetByteCount(verified));
                stream.Seek(0, SeekOrigin.End);
            }
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        return new DatasetCheckpoint(path, stream, spec.Columns.Count, rows);
    }

    /// <summary>Appends finished rows (each <c>width</c> values) and flushes them to disk.</summary>
    public void Append(ReadOnlySpan<double> rows)
    {
        var text = new StringBuilder();
        for (var start = 0; start < rows.Length; start += _width)
        {
            var row = rows.Slice(start, _width);
            for (var c = 0; c < row.Length; c++)
            {
                text.Append(c == 0 ? "" : ",").Append(row[c].ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        var chunk = text.ToString();
        Write(_stream, chunk + ChecksumLine(chunk, rows.Length / _width));
    }

    /// <summary><c># chunk N sha256:HEX</c> for the row lines <paramref name="rows"/>.</summary>
    private static string ChecksumLine(string rows, int count) =>
        string.Create(CultureInfo.InvariantCulture, $"{ChunkPrefix}{count} sha256:{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(rows)))}\n");

    private const string ChunkPrefix = "# chunk ";

    /// <summary>
    /// The checkpoint up to its last verified chunk: the header, then every chunk whose rows match the
    /// checksum line after them (checksum lines kept). Rows after the last checksum line are dropped.
    /// </summary>
    /// <exception cref="MalformedFileException">A chunk does not match its checksum, or a stray line.</exception>
    private static string Verified(string complete, int headerLength, string path)
    {
        var end = headerLength;
        var chunkStart = headerLength;
        var position = headerLength;
        var line = complete[..headerLength].Count(c => c == '\n');
        while (position < complete.Length)
        {
            var next = complete.IndexOf('\n', position) + 1;
            line++;
            if (complete[position] == '#')
            {
                var text = complete[position..(next - 1)];
                var rows = complete[chunkStart..position];
                var count = rows.Count(c => c == '\n');
                if (!text.StartsWith(ChunkPrefix, StringComparison.Ordinal) || text + "\n" != ChecksumLine(rows, count))
                {
                    throw new MalformedFileException(path, string.Create(CultureInfo.InvariantCulture,
                        $"line {line}: the {count} rows before it do not match their checksum; the checkpoint was changed after it was written: delete it to start over"));
                }

                (end, chunkStart) = (next, next);
            }

            position = next;
        }

        return complete[..end];
    }

    /// <summary>Closes the file and deletes it (the output has been written).</summary>
    public void Delete()
    {
        _stream.Dispose();
        File.Delete(Path);
    }

    public void Dispose() => _stream.Dispose();

    private static void Write(FileStream stream, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>The file's text up to and including its last newline.</summary>
    private static string ReadComplete(FileStream stream, string path)
    {
        var bytes = new byte[stream.Length];
        stream.Seek(0, SeekOrigin.Begin);
        stream.ReadExactly(bytes);
        var last = Array.LastIndexOf(bytes, (byte)'\n');
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, last + 1);
        }
        catch (DecoderFallbackException e)
        {
            throw new MalformedFileException(path, "not UTF-8 text", e);
        }
    }

    private static void Parse(string body, string path, DatasetSpec spec, Shard shard, ReadOnlySpan<double> points, Dictionary<int, double[]> rows)
    {
        var rowsOnly = string.Concat(body.Split('\n').Where(l => l.Length > 0 && !l.StartsWith(ChunkPrefix, StringComparison.Ordinal)).Select(l => l + "\n"));
        var table = CsvTable.Parse(new StringReader(string.Join(',', spec.Columns) + "\n" + rowsOnly), path);
        var (start, end) = shard.Range(spec.Samples);
        var inputs = spec.Inputs.Count;
        for (var r = 0; r < table.RowCount; r++)
        {
            var row = table.Row(r).ToArray();
            var index = row[0];
            if (!(index >= start && index < end && index == Math.Floor(index)))
            {
                throw new MalformedFileException(path, $"row {r + 1} names sample {index.ToString(CultureInfo.InvariantCulture)}, which is not in this run's range {start}..{end - 1}");
            }

            var k = (int)index;
            if (!row.AsSpan(1, inputs).SequenceEqual(points.Slice(k * inputs, inputs)) || row.Any(v => !double.IsFinite(v)))
            {
                throw new MalformedFileException(path, $"row {r + 1}: sample {k} does not hold the run's inputs or has a non-finite value; delete the checkpoint");
            }

            rows[k] = row;
        }
    }
}
