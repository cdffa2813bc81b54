namespace NeuralTopOpt.Reporting.Html;

/// <summary>A table of the report: a caption, a header row and text cells.</summary>
/// <param name="Caption">Caption shown above the table ("Table 1 …").</param>
/// <param name="Header">Column titles.</param>
/// <param name="Rows">Cells, row by row; each row as long as <paramref name="Header"/>.</param>
public sealed record ReportTable(string Caption, IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>Left-align every column (tables of text); by default numbers are right-aligned and only the first column is left-aligned.</summary>
    public bool Text { get; init; }

    /// <summary>Throws when a row's length differs from the header's.</summary>
    public void Validate()
    {
        for (var r = 0; r < Rows.Count; r++)
        {
            if (Rows[r].Count != Header.Count)
            {
                throw new ArgumentException($"table '{Caption}': row {r + 1} has {Rows[r].Count} cells for {Header.Count} columns");
            }
        }
    }
}

/// <summary>One picture of a figure grid, with the label printed under it.</summary>
/// <param name="Png">The image, PNG-encoded.</param>
/// <param name="Label">Text under the image (method, compliance, iterations …).</param>
public sealed record Panel(byte[] Png, string Label);
