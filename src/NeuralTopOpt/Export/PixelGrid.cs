namespace NeuralTopOpt.Export;

/// <summary>
/// A binary picture on a structured grid, the shape the exports draw: <see cref="Width"/> × <see cref="Height"/>
/// square pixels of side <see cref="PixelSize"/>, solid where the density is at least one half. Pixels are indexed as
/// the FE mesh numbers its elements: (x, y) at x·Height + y, y = 0 the top row.
/// </summary>
public sealed class PixelGrid
{
    private readonly bool[] _solid;

    /// <summary>A grid of <paramref name="densities"/> (x·height + y, top row first) with pixels of side <paramref name="pixelSize"/>.</summary>
    public PixelGrid(ReadOnlySpan<double> densities, int width, int height, double pixelSize)
    {
        if (width < 1 || height < 1 || (long)width * height != densities.Length)
        {
            throw new ArgumentException($"{densities.Length} densities for a {width}x{height} grid", nameof(densities));
        }

        if (!(pixelSize > 0) || double.IsInfinity(pixelSize))
        {
            throw new ArgumentOutOfRangeException(nameof(pixelSize), "the pixel size must be positive");
        }

        (Width, Height, PixelSize) = (width, height, pixelSize);
        _solid = new bool[densities.Length];
        for (var p = 0; p < densities.Length; p++)
        {
            _solid[p] = densities[p] >= 0.5;
        }
    }

    /// <summary>Pixels along x.</summary>
    public int Width { get; }

    /// <summary>Pixels along y.</summary>
    public int Height { get; }

    /// <summary>Side of a pixel (in element units for a fine structure: 1/n).</summary>
    public double PixelSize { get; }

    /// <summary>Solid pixels.</summary>
    public int SolidCount => _solid.Count(s => s);

    /// <summary>The solid area, <see cref="SolidCount"/>·h².</summary>
    public double SolidArea => SolidCount * PixelSize * PixelSize;

    /// <summary>True when pixel (x, y) (y = 0 the top row) lies inside the grid and is solid.</summary>
    public bool IsSolid(int x, int y) => x >= 0 && y >= 0 && x < Width && y < Height && _solid[((long)x * Height) + y];
}
