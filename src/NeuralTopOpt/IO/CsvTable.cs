using System.Globalization;
using System.Text;

namespace NeuralTopOpt.IO;

/// <summary>
/// A numeric table with named columns: the CSV format of datasets, designs and histories.
/// Comma-separated, one header row, invariant-culture numbers written in round-trip form.
/// Lines starting with <c>#</c> before the header are comments (metadata such as the seed) and
/// are kept.
/// </summary>
public sealed class CsvTable
{
    private readonly double[] _values;

    /// <summary>Creates a table from its column names and row-major values.</summary>
    public CsvTable(IReadOnlyList<string> columns, double[] values, IReadOnlyList<string>? comments = null)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(values);
        if (columns.Count == 0)
        {
            throw new ArgumentException("a table needs at least one column", nameof(columns));
        }

        if (values.Length % columns.Count != 0)
        {
            throw new ArgumentException($"{values.Length} values do not fill rows of {columns.Count} columns", nameof(values));
        }

        Columns = columns.ToArray();
        Comments = comments?.ToArray() ?? [];
        _values = values;
    }

    /// <summary>Column names, in order.</summary>
    public IReadOnlyList<string> Columns { get; }

    /// <summary>Comment lines (without the leading <c>#</c> and one space).</summary>
    public IReadOnlyList<string> Comments { get; }

    /// <summary>Number of data rows.</summary>
    public int RowCount => _values.Length / Columns.Count;

    /// <summary>The value at <paramref name="row"/>, <paramref name="column"/>.</summary>
    public double this[int row, int column] => _values[(row * Columns.Count) + column];

    /// <summary>One row.</summary>
    public ReadOnlySpan<double> Row(int row) => _values.AsSpan(row * Columns.Count, Columns.Count);

    /// <summary>All values, row-major.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>A copy of one column.</summary>
    public double[] Column(int column)
    {
        var result = new double[RowCount];
        for (var r = 0; r < result.Length; r++)
        {
            result[r] = this[r, column];
        }

        return result;
    }

    /// <summary>
    /// The index of a column given by name, or by 0-based index written as a number. Throws
    /// <see cref="InvalidInputException"/> naming the available columns when there is none.
    /// </summary>
    public int ColumnIndex(string nameOrIndex)
    {
        ArgumentNullException.ThrowIfNull(nameOrIndex);
        for (var c = 0; c < Columns.Count; c++)
        {
            if (string.Equals(Columns[c], nameOrIndex.Trim(), StringComparison.Ordinal))
            {
                return c;
            }
        }

        if (int.TryParse(nameOrIndex, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < Columns.Count)
        {
            return index;
        }

        throw new InvalidInputException($"no column '{nameOrIndex}'; the columns are {string.Join(", ", Columns)}");
    }

    /// <summary>
    /// The selected columns as a row-major block (rows × selected). Throws
    /// <see cref="InvalidInputException"/> when a selected value is NaN or infinite.
    /// </summary>
    public double[] Select(IReadOnlyList<int> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var result = new double[RowCount * columns.Count];
        for (var r = 0; r < RowCount; r++)
        {
            for (var j = 0; j < columns.Count; j++)
            {
                var value = this[r, columns[j]];
                if (!double.IsFinite(value))
                {
                    throw new InvalidInputException($"row {r + 1}, column '{Columns[columns[j]]}' is {value.ToString(CultureInfo.InvariantCulture)}; every value must be finite");
                }

                result[(r * columns.Count) + j] = value;
            }
        }

        return result;
    }

    /// <summary>Reads a table; a malformed file gives a <see cref="MalformedFileException"/> naming the line.</summary>
    public static CsvTable Read(string path)
    {
        TextFile.Check(path, long.MaxValue);
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Parse(reader, path);
    }

    /// <summary>Parses CSV text; <paramref name="source"/> names it in error messages.</summary>
    public static CsvTable Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var comments = new List<string>();
        string[]? columns = null;
        var values = new List<double>();
        var lineNumber = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            lineNumber++;
            if (line.Length == 0 || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (columns is null)
            {
                if (line.StartsWith('#'))
                {
                    comments.Add(line.Length > 1 && line[1] == ' ' ? line[2..] : line[1..]);
                    continue;
                }

                columns = line.TrimStart('\uFEFF').Split(',').Select(c => c.Trim().Trim('"')).ToArray();
                if (columns.Any(c => c.Length == 0))
                {
                    throw new MalformedFileException(source, $"line {lineNumber}: the header has an empty column name");
                }

                if (columns.GroupBy(c => c, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
                {
                    throw new MalformedFileException(source, $"line {lineNumber}: the header names column '{twice.Key}' {twice.Count()} times; column names must be unique");
                }

                continue;
            }

            var fields = line.Split(',');
            if (fields.Length != columns.Length)
            {
                throw new MalformedFileException(source, $"line {lineNumber}: {fields.Length} fields, but the header has {columns.Length} columns");
            }

            foreach (var field in fields)
            {
                if (!double.TryParse(field.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    throw new MalformedFileException(source, $"line {lineNumber}: '{field.Trim()}' is not a number");
                }

                values.Add(value);
            }
        }

        if (columns is null)
        {
            throw new MalformedFileException(source, "no header row (the file is empty)");
        }

        return new CsvTable(columns, values.ToArray(), comments);
    }

    /// <summary>The table as CSV text.</summary>
    public string ToCsv()
    {
        var text = new StringBuilder();
        foreach (var comment in Comments)
        {
            text.Append("# ").Append(comment).Append('\n');
        }

        text.AppendJoin(',', Columns).Append('\n');
        for (var r = 0; r < RowCount; r++)
        {
            var row = Row(r);
            for (var c = 0; c < row.Length; c++)
            {
                if (c > 0)
                {
                    text.Append(',');
                }

                text.Append(row[c].ToString("R", CultureInfo.InvariantCulture));
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Writes the table to <paramref name="path"/> atomically.</summary>
    public void Write(string path) => AtomicFile.WriteAllText(path, ToCsv());
}
