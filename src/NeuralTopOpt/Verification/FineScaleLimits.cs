using System.Globalization;
using NeuralTopOpt.Fem;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Verification;

/// <summary>
/// What fine-scale verification can afford: the hard limits of a <see cref="GridMesh"/>, the memory of the
/// linear solver (<see cref="MemoryBudget"/>) and a cap on the unknowns a sweep takes on (the
/// Cholesky's time grows like N^1.5: 1.2 s at 600×300, 361k unknowns, about 10 s at 1200×600 on 2 cores).
/// </summary>
public static class FineScaleLimits
{
    /// <summary>Largest M (pixels per cell side) accepted.</summary>
    public const int MaxPixelsPerCell = 1000;

    /// <summary>Largest K (cells per element side) accepted.</summary>
    public const int MaxCellsPerElement = 100;

    /// <summary>A sweep's default cap on the fine unknowns with the Cholesky (1200×600 pixels: 1.44M unknowns, about 10 s).</summary>
    public const long CholeskyMaxUnknowns = 1_500_000;

    /// <summary>A sweep's default cap with an iterative solver (the mesh limit of 4M elements allows about 8M unknowns).</summary>
    public const long IterativeMaxUnknowns = 6_000_000;

    /// <summary>The default cap of a sweep for <paramref name="solver"/> (by registry name).</summary>
    public static long DefaultMaxUnknowns(string solver) => solver == "cholesky" ? CholeskyMaxUnknowns : IterativeMaxUnknowns;

    /// <summary>
    /// Most multigrid levels for a structure of <paramref name="pixelsPerCell"/> pixels per cell side: the coarsest
    /// grid's spacing 2^(L−1) pixels stays at most M/5, and there are at least 2 levels. Measured on the
    /// paper-network design at M = 10, K = 2 (1.44M unknowns): 2 levels converge in 22 CG iterations, 3 (spacing
    /// M/2.5) in 372, 4 not in 2,000 (<see cref="Solvers.Multigrid.MultigridOptions.MaxLevels"/>).
    /// </summary>
    public static int MultigridLevels(int pixelsPerCell) => 1 + Math.Max(1, (int)Math.Floor(Math.Log2(pixelsPerCell / 5.0)));

    /// <summary>Free DOFs of the fine mesh, about 2·(nelx·n + 1)(nely·n + 1).</summary>
    public static long Unknowns(GridMesh coarse, int subdivision)
    {
        ArgumentNullException.ThrowIfNull(coarse);
        return 2L * (((long)coarse.ElementsX * subdivision) + 1) * (((long)coarse.ElementsY * subdivision) + 1);
    }

    /// <summary>
    /// Estimated bytes of a fine solve with <paramref name="unknowns"/> unknowns: for the Cholesky its factor
    /// (297 MB measured at 361k unknowns, growing like N log N) and the matrix and vectors (about 300 bytes per
    /// unknown); for an iterative solver the 300 bytes per unknown.
    /// </summary>
    public static double Bytes(long unknowns, string solver)
    {
        const double Reference = 361_000;
        var rest = 300.0 * unknowns;
        return solver == "cholesky" ? rest + (820.0 * unknowns * Math.Log(Math.Max(unknowns, 2)) / Math.Log(Reference)) : rest;
    }

    /// <summary>Throws unless M and K are in range and the fine grid fits <see cref="GridMesh"/>.</summary>
    /// <exception cref="InvalidInputException">The sizes do not fit; the message says which.</exception>
    public static void CheckSizes(GridMesh coarse, int pixelsPerCell, int cellsPerElement)
    {
        var problem = SizeProblem(coarse, pixelsPerCell, cellsPerElement);
        if (problem is not null)
        {
            throw new InvalidInputException(problem);
        }
    }

    /// <summary>
    /// Why (M, K) cannot run on <paramref name="coarse"/> with <paramref name="solver"/> under a cap of
    /// <paramref name="maxUnknowns"/> unknowns and this machine's memory, or null when it can.
    /// </summary>
    public static string? SkipReason(GridMesh coarse, int pixelsPerCell, int cellsPerElement, string solver, long maxUnknowns)
    {
        ArgumentNullException.ThrowIfNull(coarse);
        var size = SizeProblem(coarse, pixelsPerCell, cellsPerElement);
        if (size is not null)
        {
            return size;
        }

        var unknowns = Unknowns(coarse, pixelsPerCell * cellsPerElement);
        if (unknowns > maxUnknowns)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{unknowns:N0} unknowns, more than the {maxUnknowns:N0} allowed for the {solver} solver here");
        }

        var bytes = Bytes(unknowns, solver);
        var budget = MemoryBudget.Share * MemoryBudget.Available;
        return bytes > budget
            ? $"needs about {MemoryBudget.Gigabytes(bytes)} with the {solver} solver, more than the {MemoryBudget.Gigabytes(budget)} ntopo may use here"
            : null;
    }

    /// <summary>Throws unless M and K are in range (the mesh limits aside: a sweep skips the points beyond them).</summary>
    /// <exception cref="InvalidInputException">M or K out of range; the message says which.</exception>
    public static void CheckRanges(int pixelsPerCell, int cellsPerElement)
    {
        var problem = RangeProblem(pixelsPerCell, cellsPerElement);
        if (problem is not null)
        {
            throw new InvalidInputException(problem);
        }
    }

    private static string? RangeProblem(int pixelsPerCell, int cellsPerElement) =>
        pixelsPerCell < 2 || pixelsPerCell > MaxPixelsPerCell ? $"pixels per cell must be 2 to {MaxPixelsPerCell}, not {pixelsPerCell}"
        : cellsPerElement < 1 || cellsPerElement > MaxCellsPerElement ? $"cells per element must be 1 to {MaxCellsPerElement}, not {cellsPerElement}"
        : null;

    private static string? SizeProblem(GridMesh coarse, int pixelsPerCell, int cellsPerElement)
    {
        ArgumentNullException.ThrowIfNull(coarse);
        if (RangeProblem(pixelsPerCell, cellsPerElement) is { } range)
        {
            return range;
        }

        var n = (long)pixelsPerCell * cellsPerElement;
        var (nx, ny) = (coarse.ElementsX * n, coarse.ElementsY * n);
        return nx > GridMesh.MaxElementsPerSide || ny > GridMesh.MaxElementsPerSide || nx * ny > GridMesh.MaxElements
            ? string.Create(CultureInfo.InvariantCulture, $"a {nx}x{ny} pixel mesh exceeds the mesh limits ({GridMesh.MaxElementsPerSide} per side, {GridMesh.MaxElements:N0} elements)")
            : null;
    }
}
