namespace NeuralTopOpt.Fem.Filters;

/// <summary>
/// The linear "cone" filter of a structured grid of unit elements (Sigmund 1997; the 88-line code):
/// weights H_ef = max(0, r − dist(e, f)) between element centres, Hs_e = Σ_f H_ef. Built once, stored
/// row by row (sparse). Elements are numbered column by column as in <see cref="GridMesh"/>.
/// </summary>
public sealed class ConvolutionFilter
{
    private readonly int[] _rowStart;
    private readonly int[] _neighbours;
    private readonly double[] _weights;
    private readonly double[] _rowSums;

    /// <summary>Builds the weights for radius <paramref name="radius"/> (in element sides, &gt; 0).</summary>
    public ConvolutionFilter(int elementsX, int elementsY, double radius)
    {
        if (!(radius > 0) || double.IsInfinity(radius))
        {
            throw new InvalidInputException($"the filter radius must be a positive number of elements, not {radius}");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(elementsX, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(elementsY, 1);
        ElementsX = elementsX;
        ElementsY = elementsY;
        Radius = radius;
        var reach = (int)Math.Ceiling(radius) - 1;
        var count = elementsX * elementsY;
        _rowStart = new int[count + 1];
        var neighbours = new List<int>(count * ((2 * reach) + 1) * ((2 * reach) + 1));
        var weights = new List<double>(neighbours.Capacity);
        _rowSums = new double[count];
        for (var i1 = 0; i1 < elementsX; i1++)
        {
            for (var j1 = 0; j1 < elementsY; j1++)
            {
                var e = (i1 * elementsY) + j1;
                for (var i2 = Math.Max(i1 - reach, 0); i2 <= Math.Min(i1 + reach, elementsX - 1); i2++)
                {
                    for (var j2 = Math.Max(j1 - reach, 0); j2 <= Math.Min(j1 + reach, elementsY - 1); j2++)
                    {
                        var w = radius - Math.Sqrt(((i1 - i2) * (i1 - i2)) + ((j1 - j2) * (j1 - j2)));
                        if (w > 0)
                        {
                            neighbours.Add((i2 * elementsY) + j2);
                            weights.Add(w);
                            _rowSums[e] += w;
                        }
                    }
                }

                _rowStart[e + 1] = neighbours.Count;
            }
        }

        _neighbours = neighbours.ToArray();
        _weights = weights.ToArray();
    }

    /// <summary>Elements along x.</summary>
    public int ElementsX { get; }

    /// <summary>Elements along y.</summary>
    public int ElementsY { get; }

    /// <summary>The radius r, in element sides.</summary>
    public double Radius { get; }

    /// <summary>Number of elements.</summary>
    public int ElementCount => _rowSums.Length;

    /// <summary>Hs, the row sums of H.</summary>
    public ReadOnlySpan<double> RowSums => _rowSums;

    /// <summary>The density filter: y = H·x / Hs (y and x must not overlap).</summary>
    public void Smooth(ReadOnlySpan<double> x, Span<double> y)
    {
        CheckLengths(x.Length, y.Length);
        for (var e = 0; e < _rowSums.Length; e++)
        {
            y[e] = RowProduct(e, x) / _rowSums[e];
        }
    }

    /// <summary>
    /// The chain rule of <see cref="Smooth"/>: y = Hᵀ·(g / Hs) = H·(g / Hs), i.e. ∂f/∂x from ∂f/∂x̃.
    /// </summary>
    public void SmoothTranspose(ReadOnlySpan<double> g, Span<double> y) => SmoothTranspose(g, y, new double[g.Length]);

    /// <summary>As <see cref="SmoothTranspose(ReadOnlySpan{double}, Span{double})"/> with caller-owned <paramref name="scratch"/> (n values; g and y may be the same span).</summary>
    public void SmoothTranspose(ReadOnlySpan<double> g, Span<double> y, Span<double> scratch)
    {
        CheckLengths(g.Length, y.Length);
        CheckLengths(scratch.Length, y.Length);
        var scaled = scratch;
        for (var e = 0; e < scaled.Length; e++)
        {
            scaled[e] = g[e] / _rowSums[e];
        }

        for (var e = 0; e < _rowSums.Length; e++)
        {
            y[e] = RowProduct(e, scaled);
        }
    }

    /// <summary>
    /// The sensitivity filter of the paper's code and the 88-line code:
    /// dc̃_e = Σ_f H_ef θ_f dc_f / Hs_e / max(10⁻³, θ_e).
    /// </summary>
    public void FilterSensitivities(ReadOnlySpan<double> theta, ReadOnlySpan<double> sensitivities, Span<double> result) =>
        FilterSensitivities(theta, sensitivities, result, new double[theta.Length]);

    /// <summary>
    /// As <see cref="FilterSensitivities(ReadOnlySpan{double}, ReadOnlySpan{double}, Span{double})"/> with caller-owned
    /// <paramref name="scratch"/> (n values).
    /// </summary>
    public void FilterSensitivities(ReadOnlySpan<double> theta, ReadOnlySpan<double> sensitivities, Span<double> result, Span<double> scratch)
    {
        CheckLengths(theta.Length, result.Length);
        CheckLengths(sensitivities.Length, result.Length);
        CheckLengths(scratch.Length, result.Length);
        var weighted = scratch;
        for (var e = 0; e < weighted.Length; e++)
        {
            weighted[e] = theta[e] * sensitivities[e];
        }

        for (var e = 0; e < _rowSums.Length; e++)
        {
            result[e] = RowProduct(e, weighted) / _rowSums[e] / Math.Max(1e-3, theta[e]);
        }
    }

    private double RowProduct(int e, ReadOnlySpan<double> x)
    {
        double sum = 0;
        for (var q = _rowStart[e]; q < _rowStart[e + 1]; q++)
        {
            sum += _weights[q] * x[_neighbours[q]];
        }

        return sum;
    }

    private void CheckLengths(int input, int output)
    {
        if (input != ElementCount || output != ElementCount)
        {
            throw new ArgumentException($"the filter works on {ElementCount} elements, not {input} -> {output}");
        }
    }
}
