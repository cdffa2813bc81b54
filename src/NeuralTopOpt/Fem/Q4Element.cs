namespace NeuralTopOpt.Fem;

/// <summary>
/// The bilinear quadrilateral (Q4) of a structured grid: a rectangle of width a and height b with
/// nodes in the order of the 88-line MATLAB code — bottom-left, bottom-right, top-right, top-left —
/// and two DOFs per node (x then y), 8 in all. Stiffness by 2×2 Gauss quadrature, which is exact here.
/// </summary>
/// <remarks>
/// The element stiffness is linear in the constitutive matrix (Eq. 10 of the paper):
/// <code>
///   Kₑ = ∫ Bᵀ C B dA = Σ_ij C_ij K_ij,
///   K11 = ∫ B₁ᵀB₁,  K22 = ∫ B₂ᵀB₂,  K33 = ∫ B₃ᵀB₃,
///   K12 = ∫ (B₁ᵀB₂ + B₂ᵀB₁),  K13 = ∫ (B₁ᵀB₃ + B₃ᵀB₁),  K23 = ∫ (B₂ᵀB₃ + B₃ᵀB₂),
/// </code>
/// with Bᵢ the i-th row of the strain–displacement matrix B (ε = B·uₑ). The six basis matrices are
/// computed once (<see cref="Basis"/>); so is ∂Kₑ/∂θ = Σ_ij (∂C_ij/∂θ) K_ij. For a square element the
/// matrices do not depend on its size.
/// </remarks>
public static class Q4Element
{
    /// <summary>DOFs of one element.</summary>
    public const int DofCount = 8;

    /// <summary>Entries of the lower triangle of an 8×8 element matrix (packed row by row: (a, b), b ≤ a).</summary>
    public const int PackedCount = 36;

    /// <summary>Local coordinates (ξ, η) of the nodes, in element order.</summary>
    private static readonly (int Xi, int Eta)[] Corners = [(-1, -1), (1, -1), (1, 1), (-1, 1)];

    /// <summary>The basis matrices of the unit square element.</summary>
    public static Q4Basis UnitSquare { get; } = Basis(1, 1);

    /// <summary>
    /// Writes B(ξ, η) (3 × 8, row-major) of an a × b element: rows ε_xx = Σ ∂N_i/∂x·u_i,
    /// ε_yy = Σ ∂N_i/∂y·v_i, γ_xy = Σ (∂N_i/∂y·u_i + ∂N_i/∂x·v_i), with N_i = (1 + ξξ_i)(1 + ηη_i)/4,
    /// ∂/∂x = (2/a)∂/∂ξ, ∂/∂y = (2/b)∂/∂η.
    /// </summary>
    public static void StrainDisplacement(double xi, double eta, Span<double> b, double width = 1, double height = 1)
    {
        if (b.Length != 24)
        {
            throw new ArgumentException($"B has 24 entries (3 x 8), not {b.Length}", nameof(b));
        }

        b.Clear();
        for (var i = 0; i < 4; i++)
        {
            var (xiI, etaI) = Corners[i];
            var dx = xiI * (1 + (eta * etaI)) / 4 * (2 / width);
            var dy = etaI * (1 + (xi * xiI)) / 4 * (2 / height);
            b[2 * i] = dx;
            b[8 + (2 * i) + 1] = dy;
            b[16 + (2 * i)] = dy;
            b[16 + (2 * i) + 1] = dx;
        }
    }

    /// <summary>The six basis matrices of an a × b element (2×2 Gauss points at ±1/√3, weights 1, |J| = ab/4).</summary>
    public static Q4Basis Basis(double width, double height)
    {
        if (!(width > 0 && height > 0) || double.IsInfinity(width) || double.IsInfinity(height))
        {
            throw new ArgumentOutOfRangeException(nameof(width), "element sides must be positive and finite");
        }

        var matrices = new double[6][];
        for (var t = 0; t < 6; t++)
        {
            matrices[t] = new double[64];
        }

        Span<double> b = stackalloc double[24];
        var g = 1 / Math.Sqrt(3);
        var jacobian = width * height / 4;
        foreach (var xi in (ReadOnlySpan<double>)[-g, g])
        {
            foreach (var eta in (ReadOnlySpan<double>)[-g, g])
            {
                StrainDisplacement(xi, eta, b, width, height);
                for (var r = 0; r < 8; r++)
                {
                    for (var c = 0; c < 8; c++)
                    {
                        var b1 = b[r] * b[c];
                        var b2 = b[8 + r] * b[8 + c];
                        var b3 = b[16 + r] * b[16 + c];
                        var index = (r * 8) + c;
                        matrices[0][index] += jacobian * b1;
                        matrices[1][index] += jacobian * ((b[r] * b[8 + c]) + (b[8 + r] * b[c]));
                        matrices[2][index] += jacobian * b2;
                        matrices[3][index] += jacobian * b3;
                        matrices[4][index] += jacobian * ((b[r] * b[16 + c]) + (b[16 + r] * b[c]));
                        matrices[5][index] += jacobian * ((b[8 + r] * b[16 + c]) + (b[16 + r] * b[8 + c]));
                    }
                }
            }
        }

        return new Q4Basis(width, height, matrices);
    }

    /// <summary>Index of (a, b), b ≤ a, in the packed lower triangle (<see cref="PackedMatrix.Index"/>).</summary>
    public static int PackedIndex(int a, int b) => PackedMatrix.Index(a, b);
}

/// <summary>
/// The six 8×8 basis matrices K_ij of a Q4 element (see <see cref="Q4Element"/>), in the order
/// C11, C12, C22, C33, C13, C23, both full (row-major) and packed (lower triangle, row by row).
/// </summary>
public sealed class Q4Basis : IElementBasis
{
    private static readonly string[] Names = ["C11", "C12", "C22", "C33", "C13", "C23"];

    private readonly double[][] _full;
    private readonly double[] _packed;

    internal Q4Basis(double width, double height, double[][] full)
    {
        Width = width;
        Height = height;
        _full = full;
        _packed = new double[6 * Q4Element.PackedCount];
        for (var t = 0; t < 6; t++)
        {
            for (var a = 0; a < 8; a++)
            {
                for (var b = 0; b <= a; b++)
                {
                    _packed[(t * Q4Element.PackedCount) + Q4Element.PackedIndex(a, b)] = full[t][(a * 8) + b];
                }
            }
        }
    }

    /// <inheritdoc/>
    public string Name => "Q4";

    /// <inheritdoc/>
    public int NodeCount => 4;

    /// <inheritdoc/>
    public int DofsPerNode => 2;

    /// <inheritdoc/>
    public int DofCount => Q4Element.DofCount;

    /// <inheritdoc/>
    public int PackedCount => Q4Element.PackedCount;

    /// <inheritdoc/>
    public int EntryCount => 6;

    /// <inheritdoc/>
    public int OrthotropicEntryCount => 4;

    /// <inheritdoc/>
    public IReadOnlyList<string> EntryNames => Names;

    /// <summary>Element width a.</summary>
    public double Width { get; }

    /// <summary>Element height b.</summary>
    public double Height { get; }

    /// <summary>Basis matrix t (0 = C11, 1 = C12, 2 = C22, 3 = C33, 4 = C13, 5 = C23), 64 values row-major.</summary>
    public ReadOnlySpan<double> Matrix(int entry) => _full[entry];

    /// <summary>Packed lower triangles of the six basis matrices, 36 values each, one after another.</summary>
    public ReadOnlySpan<double> Packed => _packed;

    /// <summary>Kₑ = Σ C_ij K_ij (64 values, row-major).</summary>
    public void Stiffness(StiffnessTensor c, Span<double> ke)
    {
        if (ke.Length != 64)
        {
            throw new ArgumentException($"an element matrix has 64 entries, not {ke.Length}", nameof(ke));
        }

        Span<double> entries = stackalloc double[6];
        c.CopyTo(entries);
        ke.Clear();
        for (var t = 0; t < 6; t++)
        {
            if (entries[t] == 0)
            {
                continue;
            }

            var basis = _full[t];
            for (var i = 0; i < 64; i++)
            {
                ke[i] += entries[t] * basis[i];
            }
        }
    }

    /// <summary>
    /// The energies uₑᵀ K_t uₑ of an element displacement uₑ (8 values) for the first
    /// <paramref name="energies"/>.Length basis matrices. Since uₑᵀKₑuₑ = Σ C_t·(uₑᵀK_t uₑ), these give the
    /// element compliance and, with ∂C/∂θ, the sensitivity −uₑᵀ(∂Kₑ/∂θ)uₑ of Eq. (11).
    /// </summary>
    public void Energies(ReadOnlySpan<double> ue, Span<double> energies)
    {
        if (ue.Length != 8 || energies.Length > 6)
        {
            throw new ArgumentException("an element has 8 displacements and at most 6 basis energies");
        }

        for (var t = 0; t < energies.Length; t++)
        {
            var basis = _full[t];
            double sum = 0;
            for (var a = 0; a < 8; a++)
            {
                double row = 0;
                for (var b = 0; b < 8; b++)
                {
                    row += basis[(a * 8) + b] * ue[b];
                }

                sum += ue[a] * row;
            }

            energies[t] = sum;
        }
    }
}
