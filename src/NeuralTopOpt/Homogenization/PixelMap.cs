using System.Globalization;

namespace NeuralTopOpt.Homogenization;

/// <summary>
/// A square unit cell given pixel by pixel: R × R densities ρ ∈ [0, 1] (1 solid, 0 void, grey in
/// between; stiffness by <see cref="CellMaterial"/>), stored column by column as the homogenizer
/// expects — pixel (i, j), column i from the left and row j from the top, at i·R + j.
/// </summary>
public sealed class PixelMap
{
    private readonly double[] _densities;

    private PixelMap(int resolution, double[] densities)
    {
        Resolution = resolution;
        _densities = densities;
    }

    /// <summary>The largest CSV pixel map read: R ≤ 2000 rows of R numbers fit well below it.</summary>
    public const long MaxCsvBytes = 256L << 20;

    /// <summary>R, pixels per side.</summary>
    public int Resolution { get; }

    /// <summary>The densities, column by column (i·R + j).</summary>
    public ReadOnlySpan<double> Densities => _densities;

    /// <summary>
    /// A map from <paramref name="rows"/> (top row first, each row left to right), as an image or a CSV
    /// file lists them. <paramref name="source"/> names the input in error messages.
    /// </summary>
    /// <exception cref="InvalidInputException">Not square, fewer than 2 × 2, or a density outside [0, 1].</exception>
    public static PixelMap FromRows(IReadOnlyList<double[]> rows, string source)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var r = rows.Count;
        if (r < 2 || rows.Any(row => row.Length != r))
        {
            var widths = string.Join(", ", rows.Select(row => row.Length).Distinct());
            throw new InvalidInputException($"{source}: a cell must be square, at least 2 x 2 pixels; this one has {r} rows of {widths} pixels");
        }

        if (r > PeriodicCellMesh.MaxResolution)
        {
            throw new InvalidInputException($"{source}: {r} x {r} pixels is more than the {PeriodicCellMesh.MaxResolution} per side a cell may have");
        }

        var densities = new double[r * r];
        for (var j = 0; j < r; j++)
        {
            for (var i = 0; i < r; i++)
            {
                var rho = rows[j][i];
                if (!(rho >= 0 && rho <= 1))
                {
                    throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{source}: row {j + 1}, column {i + 1} has density {rho}; densities must lie in [0, 1]"));
                }

                densities[(i * r) + j] = rho;
            }
        }

        return new PixelMap(r, densities);
    }

    /// <summary>
    /// Reads a CSV pixel map: R lines of R comma-separated densities, the top row of the cell first;
    /// blank lines and lines starting with <c>#</c> are skipped; no header.
    /// </summary>
    /// <exception cref="MalformedFileException">Missing file, or a field that is not a number.</exception>
    /// <exception cref="InvalidInputException">Not square, or a density outside [0, 1].</exception>
    public static PixelMap ReadCsv(string path)
    {
        IO.TextFile.Check(path, MaxCsvBytes);
        var rows = new List<double[]>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line) || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split(',');
            if (fields.Length > PeriodicCellMesh.MaxResolution || rows.Count >= PeriodicCellMesh.MaxResolution)
            {
                throw new InvalidInputException($"{path}: more than the {PeriodicCellMesh.MaxResolution} pixels per side a cell may have");
            }

            var row = new double[fields.Length];
            for (var k = 0; k < fields.Length; k++)
            {
                if (!double.TryParse(fields[k].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out row[k]))
                {
                    throw new MalformedFileException(path, $"line {number}: '{fields[k].Trim()}' is not a number (a pixel map is R lines of R densities, no header)");
                }
            }

            rows.Add(row);
        }

        return FromRows(rows, path);
    }

    /// <summary>The map of a density array already in column order (i·R + j).</summary>
    public static PixelMap FromColumns(int resolution, ReadOnlySpan<double> densities)
    {
        if (densities.Length != resolution * resolution)
        {
            throw new ArgumentException($"{densities.Length} densities for a {resolution}x{resolution} cell", nameof(densities));
        }

        var rows = Enumerable.Range(0, resolution).Select(_ => new double[resolution]).ToArray();
        for (var i = 0; i < resolution; i++)
        {
            for (var j = 0; j < resolution; j++)
            {
                rows[j][i] = densities[(i * resolution) + j];
            }
        }

        return FromRows(rows, "pixel map");
    }
}
