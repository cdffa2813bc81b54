namespace NeuralTopOpt.Fem;

/// <summary>Which 2D reduction of 3D elasticity a constitutive matrix describes.</summary>
public enum PlaneCondition
{
    /// <summary>Thin plate, σ_zz = 0.</summary>
    Stress,

    /// <summary>Long body, ε_zz = 0 (the paper's setting for SIMP and the hole cell alike).</summary>
    Strain,
}

/// <summary>
/// A 2D constitutive matrix in Voigt notation, σ = C·ε with ε = (ε_xx, ε_yy, γ_xy):
/// <code>
///   C = [[C11, C12, C13], [C12, C22, C23], [C13, C23, C33]]
/// </code>
/// The paper's material models are orthotropic (C13 = C23 = 0, four entries); the general form serves
/// homogenized tensors.
/// </summary>
public readonly record struct StiffnessTensor(double C11, double C12, double C22, double C33, double C13 = 0, double C23 = 0)
{
    /// <summary>
    /// Isotropic material of Young's modulus E and Poisson's ratio ν. Plane stress:
    /// C11 = C22 = E/(1 − ν²), C12 = νE/(1 − ν²); plane strain: C11 = C22 = E(1 − ν)/((1 + ν)(1 − 2ν)),
    /// C12 = Eν/((1 + ν)(1 − 2ν)); both C33 = E/(2(1 + ν)). For E = 1, ν = 0.3 in plane strain this is
    /// the paper's solid tensor (C11 = 1.3462, C12 = 0.5769, C33 = 0.3846 to the four digits its code uses).
    /// </summary>
    public static StiffnessTensor Isotropic(double youngsModulus, double poissonRatio, PlaneCondition plane)
    {
        if (!(youngsModulus > 0) || double.IsInfinity(youngsModulus))
        {
            throw new InvalidInputException($"Young's modulus must be a positive number, not {youngsModulus}");
        }

        var limit = plane == PlaneCondition.Strain ? 0.5 : 1.0;
        if (!(poissonRatio > -1 && poissonRatio < limit))
        {
            throw new InvalidInputException($"Poisson's ratio must lie in (-1, {limit}) for plane {plane.ToString().ToLowerInvariant()}, not {poissonRatio}");
        }

        var e = youngsModulus;
        var nu = poissonRatio;
        var shear = e / (2 * (1 + nu));
        if (plane == PlaneCondition.Stress)
        {
            var factor = e / (1 - (nu * nu));
            return new StiffnessTensor(factor, nu * factor, factor, shear);
        }

        var strain = e / ((1 + nu) * (1 - (2 * nu)));
        return new StiffnessTensor((1 - nu) * strain, nu * strain, (1 - nu) * strain, shear);
    }

    /// <summary>α·C.</summary>
    public StiffnessTensor Scale(double alpha) =>
        new(alpha * C11, alpha * C12, alpha * C22, alpha * C33, alpha * C13, alpha * C23);

    /// <summary>True when C13 = C23 = 0.</summary>
    public bool IsOrthotropic => C13 == 0 && C23 == 0;

    /// <summary>The entries in the order of <see cref="Q4Element"/>'s basis matrices: C11, C12, C22, C33, C13, C23.</summary>
    public void CopyTo(Span<double> entries)
    {
        entries[0] = C11;
        entries[1] = C12;
        entries[2] = C22;
        entries[3] = C33;
        entries[4] = C13;
        entries[5] = C23;
    }
}
