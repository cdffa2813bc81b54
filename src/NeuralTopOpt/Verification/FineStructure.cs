using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Homogenization;

namespace NeuralTopOpt.Verification;

/// <summary>
/// The fine-scale pixel structure of an HBTO design: every coarse element (a unit square) drawn as
/// K × K periodic cells of M × M pixels, each cell the element's θₑ rasterized by its family
/// (<see cref="ICellFamily.Rasterize"/>), so that the structure is a grid of
/// (nelx·K·M) × (nely·K·M) pixels of side h = 1/(K·M). Pixel densities are stored in the element order of
/// a <see cref="GridMesh"/> of that size (column by column, row 0 at the top), the mesh the fine
/// problem is solved on.
/// </summary>
/// <remarks>
/// Pixel (X, Y) of the structure lies in element (X div n, Y div n), n = K·M, and within that element in
/// cell ((X mod n) div M, (Y mod n) div M) at the cell's pixel (X mod M, Y mod M), the layout of
/// <see cref="Homogenization.PixelMap"/> (column i, row j from the top). deHomTop808 (Woldseth, Sigmund and
/// Jensen) verifies dehomogenized designs the same way: the fine structure against the homogenized model.
/// </remarks>
public sealed class FineStructure
{
    private readonly double[] _densities;

    private FineStructure(GridMesh coarse, int pixelsPerCell, int cellsPerElement, double[] densities)
    {
        (Coarse, PixelsPerCell, CellsPerElement, _densities) = (coarse, pixelsPerCell, cellsPerElement, densities);
    }

    /// <summary>The coarse mesh of the design.</summary>
    public GridMesh Coarse { get; }

    /// <summary>M, pixels per cell side.</summary>
    public int PixelsPerCell { get; }

    /// <summary>K, cells per element side.</summary>
    public int CellsPerElement { get; }

    /// <summary>n = K·M, pixels per element side.</summary>
    public int Subdivision => PixelsPerCell * CellsPerElement;

    /// <summary>Pixels along x, nelx·n.</summary>
    public int PixelsX => Coarse.ElementsX * Subdivision;

    /// <summary>Pixels along y, nely·n.</summary>
    public int PixelsY => Coarse.ElementsY * Subdivision;

    /// <summary>Pixel densities ρ ∈ [0, 1] (1 solid), pixel (X, Y) at X·<see cref="PixelsY"/> + Y, Y = 0 the top row.</summary>
    public ReadOnlySpan<double> Densities => _densities;

    /// <summary>V_fine, the mean pixel density: the solid area over the domain's area.</summary>
    public double SolidFraction
    {
        get
        {
            double sum = 0;
            foreach (var rho in _densities)
            {
                sum += rho;
            }

            return sum / _densities.Length;
        }
    }

    /// <summary>
    /// The fine problem's element coefficients, 4 per pixel in <see cref="Densities"/>' order: C11, C12, C22, C33 of
    /// <paramref name="material"/>'s solid scaled by its <see cref="CellMaterial.Scale"/> of the pixel's density
    /// (ρ + E_void·(1 − ρ)).
    /// </summary>
    public double[] Coefficients(CellMaterial material)
    {
        ArgumentNullException.ThrowIfNull(material);
        var solid = material.Solid;
        var coefficients = new double[4 * _densities.Length];
        for (var p = 0; p < _densities.Length; p++)
        {
            var s = material.Scale(_densities[p]);
            var c = coefficients.AsSpan(4 * p, 4);
            (c[0], c[1], c[2], c[3]) = (s * solid.C11, s * solid.C12, s * solid.C22, s * solid.C33);
        }

        return coefficients;
    }

    /// <summary>Density of pixel column <paramref name="x"/> (0 left) and row <paramref name="y"/> (0 top).</summary>
    public double At(int x, int y) => _densities[((long)x * PixelsY) + y];

    /// <summary>
    /// The structure of <paramref name="design"/> (field-major: θ₁ of every element, then θ₂, …; the element order of
    /// <paramref name="coarse"/>) with <paramref name="pixelsPerCell"/> pixels per cell side and
    /// <paramref name="cellsPerElement"/> cells per element side.
    /// </summary>
    /// <exception cref="InvalidInputException">M below 2, K below 1, a fine grid beyond <see cref="GridMesh"/>'s limits, or θ outside the family's bounds.</exception>
    public static FineStructure Build(ICellFamily cell, ReadOnlySpan<double> design, GridMesh coarse, int pixelsPerCell, int cellsPerElement)
    {
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(coarse);
        var (n, k) = (coarse.ElementCount, cell.FieldCount);
        if (design.Length != n * k)
        {
            throw new InvalidInputException($"the design has {design.Length} values; the {cell.Name} cell on {coarse.ElementsX}x{coarse.ElementsY} elements needs {n * k} ({k} per element)");
        }

        FineScaleLimits.CheckSizes(coarse, pixelsPerCell, cellsPerElement);
        var m = pixelsPerCell;
        var sub = m * cellsPerElement;
        var pixelsY = coarse.ElementsY * sub;
        var densities = new double[(long)coarse.ElementsX * sub * pixelsY];
        var cellPixels = new double[m * m];
        Span<double> theta = stackalloc double[k];
        for (var e = 0; e < n; e++)
        {
            for (var f = 0; f < k; f++)
            {
                theta[f] = design[(f * n) + e];
            }

            cell.Rasterize(theta, m, cellPixels);
            var (ex, ey) = (e / coarse.ElementsY, e % coarse.ElementsY);
            for (var cx = 0; cx < cellsPerElement; cx++)
            {
                for (var cy = 0; cy < cellsPerElement; cy++)
                {
                    var x0 = (ex * sub) + (cx * m);
                    var y0 = (ey * sub) + (cy * m);
                    for (var i = 0; i < m; i++)
                    {
                        cellPixels.AsSpan(i * m, m).CopyTo(densities.AsSpan((int)((((long)x0 + i) * pixelsY) + y0), m));
                    }
                }
            }
        }

        return new FineStructure(coarse, m, cellsPerElement, densities);
    }
}
