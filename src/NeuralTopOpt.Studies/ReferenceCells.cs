using System.Globalization;
using System.Reflection;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Studies;

/// <summary>
/// The paper's own hole cells (data/reference/hole-cell-homogenized-100x100.csv, 10,000 rows, embedded in this
/// assembly): what the paper's HBTO network was trained on, in the file order its protocol splits by. The
/// protocol study (<see cref="StudyPlan.ProtocolNetworks"/>) trains on the first <see cref="StudyOptions.ProtocolSamples"/> rows.
/// </summary>
public static class ReferenceCells
{
    /// <summary>The dataset key of the reference cells in a study.</summary>
    public const string DatasetKey = "reference";

    /// <summary>Rows of the file.</summary>
    public const int Rows = 10_000;

    /// <summary>Where the rows come from, for captions.</summary>
    public const string Source = "data/reference/hole-cell-homogenized-100x100.csv";

    private const string ResourceName = "reference/hole-cell-homogenized-100x100.csv";

    /// <summary>The text of the file's first <paramref name="rows"/> rows (with its header and comments).</summary>
    public static string Head(int rows)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"the study's assembly lacks {Source}");
        using var reader = new StreamReader(stream);
        var text = new System.Text.StringBuilder();
        var taken = -1; // the header line is not a row
        while (taken < rows && reader.ReadLine() is { } line)
        {
            text.Append(line).Append('\n');
            if (!line.StartsWith('#'))
            {
                taken++;
            }
        }

        return text.ToString();
    }

    /// <summary>Writes the first <paramref name="rows"/> rows into the study's datasets folder (unless already there) and records them as a dataset.</summary>
    internal static DatasetRecord Write(StudyCache cache, int rows)
    {
        var file = Path.Combine("datasets", string.Create(CultureInfo.InvariantCulture, $"reference-hole-cells-n{rows}.csv"));
        var path = cache.PathOf(file);
        var text = Head(rows);
        if (!File.Exists(path) || File.ReadAllText(path) != text)
        {
            AtomicFile.WriteAllText(path, text);
        }

        return new DatasetRecord(DatasetKey, file, StudyCache.FileHash(path), rows, 0, 100, 0, 0);
    }
}
