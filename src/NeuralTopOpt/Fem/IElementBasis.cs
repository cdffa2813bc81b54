namespace NeuralTopOpt.Fem;

/// <summary>
/// The element seam: what assembly, the linear solvers and the sensitivities need to know of an
/// element type. The element stiffness is linear in the entries of the constitutive matrix (Eq. 10 of
/// the paper),
/// <code>
///   Kₑ = ∫ Bᵀ C B dV = Σ_t C_t K_t,   t over the Voigt entries of C,
/// </code>
/// so an element type is its DOF layout and its basis matrices K_t, computed once. The entries are
/// ordered so that the first <see cref="OrthotropicEntryCount"/> are those of an orthotropic material;
/// a material with fewer nonzero entries passes only those (4 of Q4's 6). A 3D hexahedron is another
/// implementation: 8 nodes × 3 DOFs, 21 entries (9 orthotropic).
/// </summary>
public interface IElementBasis
{
    /// <summary>Short name (<c>Q4</c>).</summary>
    string Name { get; }

    /// <summary>Nodes of one element.</summary>
    int NodeCount { get; }

    /// <summary>DOFs per node (2 in 2D, 3 in 3D).</summary>
    int DofsPerNode { get; }

    /// <summary>DOFs of one element, <see cref="NodeCount"/> · <see cref="DofsPerNode"/>.</summary>
    int DofCount { get; }

    /// <summary>Entries of the lower triangle of an element matrix, d(d + 1)/2 for d = <see cref="DofCount"/>.</summary>
    int PackedCount { get; }

    /// <summary>Number of basis matrices: the independent entries of a symmetric constitutive matrix (6 in 2D).</summary>
    int EntryCount { get; }

    /// <summary>How many of the first entries describe an orthotropic material in its axes (4 in 2D: C11, C12, C22, C33).</summary>
    int OrthotropicEntryCount { get; }

    /// <summary>The names of the entries in basis order (<c>C11</c>, <c>C12</c>, …).</summary>
    IReadOnlyList<string> EntryNames { get; }

    /// <summary>Basis matrix t, <see cref="DofCount"/>² values, row-major.</summary>
    ReadOnlySpan<double> Matrix(int entry);

    /// <summary>The packed lower triangles of all basis matrices, <see cref="PackedCount"/> values each, one after another.</summary>
    ReadOnlySpan<double> Packed { get; }

    /// <summary>
    /// The energies uₑᵀ K_t uₑ of an element displacement uₑ (<see cref="DofCount"/> values) for the first
    /// <paramref name="energies"/>.Length basis matrices: uₑᵀKₑuₑ = Σ_t C_t·energy_t, and ∂(uₑᵀKₑuₑ)/∂C_t = energy_t.
    /// </summary>
    void Energies(ReadOnlySpan<double> ue, Span<double> energies);
}

/// <summary>Index helpers of packed symmetric element matrices.</summary>
public static class PackedMatrix
{
    /// <summary>Index of (a, b) in a lower triangle packed row by row: (a(a + 1)/2) + b for b ≤ a (symmetric in a and b).</summary>
    public static int Index(int a, int b) => a >= b ? (a * (a + 1) / 2) + b : (b * (b + 1) / 2) + a;

    /// <summary>d(d + 1)/2, the packed size of a d × d symmetric matrix.</summary>
    public static int Size(int dimension) => dimension * (dimension + 1) / 2;
}
