using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// The element stiffness as a linear combination Kₑ = Σ_t c_{e,t}·K_t of T fixed 8×8 basis matrices
/// (Eq. 10 of the paper: K_t the Q4 basis of the tensor entry t, c the element's C11, C12, C22, C33
/// and, for rotated cells, C13, C23). Holds the matrices of the fine element and makes those of coarse
/// elements of any size for rediscretization.
/// </summary>
internal sealed class TermBasis
{
    private readonly double[][] _packed;

    public TermBasis(Q4Basis basis, int terms)
    {
        ArgumentNullException.ThrowIfNull(basis);
        if (terms < 1 || terms > 6)
        {
            throw new ArgumentOutOfRangeException(nameof(terms), $"a Q4 element has 1 to 6 basis matrices, not {terms}");
        }

        Q4 = basis;
        Terms = terms;
        _packed = new double[terms][];
        for (var t = 0; t < terms; t++)
        {
            _packed[t] = basis.Packed.Slice(t * Q4Element.PackedCount, Q4Element.PackedCount).ToArray();
        }
    }

    /// <summary>T, the number of basis matrices (coefficients per element).</summary>
    public int Terms { get; }

    /// <summary>The basis of the fine element.</summary>
    public Q4Basis Q4 { get; }

    /// <summary>K_t of the fine element, packed lower triangle (36 values).</summary>
    public ReadOnlySpan<double> Packed(int t) => _packed[t];

    /// <summary>K_t[a, b] of the fine element.</summary>
    public double Entry(int t, int a, int b) => _packed[t][Q4Element.PackedIndex(a, b)];

    /// <summary>
    /// The packed basis of an element <paramref name="widthInElements"/> × <paramref name="heightInElements"/>
    /// fine elements large: T arrays of 36 values (for a square element the fine one's; 2D Q4 stiffness does
    /// not depend on the size of a square).
    /// </summary>
    public double[][] Scaled(double widthInElements, double heightInElements)
    {
        if (widthInElements == heightInElements)
        {
            return _packed;
        }

        var scaled = Q4Element.Basis(widthInElements * Q4.Width, heightInElements * Q4.Height);
        var result = new double[Terms][];
        for (var t = 0; t < Terms; t++)
        {
            result[t] = scaled.Packed.Slice(t * Q4Element.PackedCount, Q4Element.PackedCount).ToArray();
        }

        return result;
    }
}
