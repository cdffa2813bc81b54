using System.Globalization;

namespace NeuralTopOpt.Cells;

/// <summary>
/// The registry of cell families by name: what <c>ntopo cells</c> lists and <c>--cell NAME</c> chooses
/// from. Adding a family is one class implementing <see cref="ICellFamily"/> and one line in
/// <see cref="All"/> (docs/cell-families.md).
/// </summary>
public static class CellFamilies
{
    /// <summary>DBTO's density (the paper's Sec. 4.2).</summary>
    public static ICellFamily Density { get; } = new DensityCell();

    /// <summary>The paper's rectangular hole (Sec. 4.3).</summary>
    public static ICellFamily Hole { get; } = new RectangularHoleCell();

    /// <summary>The paper's hole turned by an angle (orientation: beyond the paper).</summary>
    public static ICellFamily RotatedHole { get; } = new RotatedHoleCell(Hole);

    /// <summary>Every family, in the order <c>ntopo cells</c> lists them.</summary>
    public static IReadOnlyList<ICellFamily> All { get; } =
    [
        Density,
        Hole,
        RotatedHole,
        new EllipticalHoleCell(),
    ];

    /// <summary>Every name.</summary>
    public static IReadOnlyList<string> Names => [.. All.Select(c => c.Name)];

    /// <summary>The family called <paramref name="name"/>.</summary>
    /// <exception cref="InvalidInputException">Unknown name; the message lists the known ones.</exception>
    public static ICellFamily Find(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.FirstOrDefault(c => c.Name == name)
            ?? throw new InvalidInputException($"unknown cell '{name}'; expected {string.Join(", ", Names)} (see 'ntopo cells')");
    }

    /// <summary>The family whose dataset has kind <paramref name="kind"/> (the <c># kind:</c> line of a dataset file).</summary>
    public static ICellFamily? ByDatasetKind(string kind) => All.FirstOrDefault(c => c.Dataset.Kind == kind);

    /// <summary>
    /// Throws <see cref="InvalidInputException"/> unless θ has the family's k values within their bounds, and
    /// <see cref="ArgumentException"/> unless the pixel span holds R² values (R ≥ 2).
    /// </summary>
    public static void Check(ICellFamily cell, ReadOnlySpan<double> theta, int resolution, int pixels)
    {
        ArgumentNullException.ThrowIfNull(cell);
        CheckDesign(cell, theta);
        if (resolution < 2)
        {
            throw new InvalidInputException($"the cell resolution must be at least 2 pixels, not {resolution}");
        }

        if (pixels != resolution * resolution)
        {
            throw new ArgumentException($"{pixels} pixels given for a {resolution}x{resolution} cell", nameof(pixels));
        }
    }

    /// <summary>Throws <see cref="InvalidInputException"/> unless θ has the family's k values within their bounds.</summary>
    public static void CheckDesign(ICellFamily cell, ReadOnlySpan<double> theta)
    {
        ArgumentNullException.ThrowIfNull(cell);
        var parameters = cell.Parameters;
        if (theta.Length != parameters.Count)
        {
            throw new InvalidInputException($"the {cell.Name} cell has {parameters.Count} parameter(s) ({string.Join(", ", parameters.Select(p => p.Name))}), not {theta.Length}");
        }

        for (var i = 0; i < theta.Length; i++)
        {
            var p = parameters[i];
            if (!(theta[i] >= p.Lower && theta[i] <= p.Upper))
            {
                throw new InvalidInputException(string.Create(
                    CultureInfo.InvariantCulture, $"the {cell.Name} cell's {p.Name} ({p.Description}) must lie in [{p.Lower:R}, {p.Upper:R}], not {theta[i]:R}"));
            }
        }
    }

    /// <summary>
    /// ρ(θ̃ₑ) of every element of a field-major design (θ̃ of all elements, then θ̃₂ …): what grey pictures of a
    /// design show.
    /// </summary>
    public static double[] SolidFractions(this ICellFamily cell, IReadOnlyList<double> physical, int elementCount)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(physical);
        var k = cell.FieldCount;
        if (physical.Count != k * elementCount)
        {
            throw new ArgumentException($"{physical.Count} values for {elementCount} elements with {k} field(s)", nameof(physical));
        }

        var fraction = new double[elementCount];
        Span<double> theta = stackalloc double[k];
        for (var e = 0; e < elementCount; e++)
        {
            for (var f = 0; f < k; f++)
            {
                theta[f] = physical[(f * elementCount) + e];
            }

            fraction[e] = cell.SolidFraction(theta);
        }

        return fraction;
    }
}
