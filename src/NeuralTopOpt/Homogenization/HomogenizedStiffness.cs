using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Homogenization;

/// <summary>
/// A homogenized constitutive matrix C^H (Voigt notation, σ̄ = C^H·ε̄ with ε̄ = (ε_xx, ε_yy, γ_xy)),
/// all nine entries as computed by the energy form of Eq. (16); C^H_ij and C^H_ji are computed
/// separately, so <see cref="Asymmetry"/> measures how far the numbers are from the exact symmetry.
/// </summary>
public sealed class HomogenizedStiffness
{
    private readonly double[] _entries;

    /// <summary>Creates C^H from its nine entries, row-major.</summary>
    public HomogenizedStiffness(ReadOnlySpan<double> entries)
    {
        if (entries.Length != 9)
        {
            throw new ArgumentException($"a 3x3 matrix has 9 entries, not {entries.Length}", nameof(entries));
        }

        _entries = entries.ToArray();
    }

    /// <summary>C^H_ij for i, j ∈ {0, 1, 2} (0 = xx, 1 = yy, 2 = xy).</summary>
    public double this[int i, int j] => _entries[(3 * i) + j];

    /// <summary>C^H_11.</summary>
    public double C11 => this[0, 0];

    /// <summary>C^H_12 (the upper entry; C^H_21 is <c>this[1, 0]</c>).</summary>
    public double C12 => this[0, 1];

    /// <summary>C^H_22.</summary>
    public double C22 => this[1, 1];

    /// <summary>C^H_13, normal–shear coupling (0 for a cell symmetric about both axes).</summary>
    public double C13 => this[0, 2];

    /// <summary>C^H_23.</summary>
    public double C23 => this[1, 2];

    /// <summary>C^H_33, the shear stiffness.</summary>
    public double C33 => this[2, 2];

    /// <summary>max |C^H_ij − C^H_ji|.</summary>
    public double Asymmetry => Math.Max(Math.Abs(this[0, 1] - this[1, 0]), Math.Max(Math.Abs(this[0, 2] - this[2, 0]), Math.Abs(this[1, 2] - this[2, 1])));

    /// <summary>The six entries in the column order of the reference data: C11, C12, C22, C13, C23, C33.</summary>
    public double[] ReferenceOrder() => [C11, C12, C22, C13, C23, C33];

    /// <summary>The upper triangle as a <see cref="StiffnessTensor"/>.</summary>
    public StiffnessTensor ToTensor() => new(C11, C12, C22, C33, C13, C23);

    /// <summary>A copy of the nine entries, row-major.</summary>
    public double[] ToArray() => (double[])_entries.Clone();
}
