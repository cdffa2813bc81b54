using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Materials;

/// <summary>
/// The SIMP material model (Eq. 14–15 of the paper), the ground truth of its DBTO study:
/// <code>
///   E(θ) = E_min + (E_max − E_min)·θᵖ,   C(θ) = E(θ)·C_unit,
///   ∂C/∂θ = p·(E_max − E_min)·θᵖ⁻¹·C_unit,
/// </code>
/// with C_unit the isotropic tensor of E = 1 and Poisson's ratio ν (plane strain by default, as in the
/// paper's code). Eq. (15) in the paper carries a stray minus sign; the derivative here is the true one.
/// Each entry is clamped to [E_min·C_unit, E_max·C_unit] as the paper's code does for every model (a
/// no-op for θ ∈ [0, 1]); the derivative is always the unclamped formula.
/// </summary>
public sealed class SimpMaterial : IMaterialModel
{
    /// <summary>
    /// Creates the model; the defaults are the paper's (p = 3, E_min = 10⁻⁹, E_max = 1, ν = 0.3, plane strain).
    /// <paramref name="unit"/> replaces the isotropic C_unit of ν and the plane (e.g. the paper's four-digit
    /// tensor, <see cref="MaterialOptions.PaperSolid"/>).
    /// </summary>
    public SimpMaterial(double penalty = 3, double minimumModulus = 1e-9, double maximumModulus = 1, double poissonRatio = 0.3, PlaneCondition plane = PlaneCondition.Strain, StiffnessTensor? unit = null)
    {
        if (!(penalty >= 1) || double.IsInfinity(penalty))
        {
            throw new InvalidInputException($"the SIMP penalty must be a number >= 1, not {penalty}");
        }

        if (!(minimumModulus > 0 && minimumModulus < maximumModulus) || double.IsInfinity(maximumModulus))
        {
            throw new InvalidInputException($"SIMP needs 0 < E_min < E_max < infinity, not E_min = {minimumModulus}, E_max = {maximumModulus}");
        }

        Penalty = penalty;
        MinimumModulus = minimumModulus;
        MaximumModulus = maximumModulus;
        Plane = plane;
        Unit = unit ?? StiffnessTensor.Isotropic(1, poissonRatio, plane);
        Bounds = new StiffnessBounds(Unit.Scale(minimumModulus), Unit.Scale(maximumModulus));
    }

    /// <inheritdoc/>
    public string Name => "simp";

    /// <inheritdoc/>
    public int DesignVariablesPerElement => 1;

    /// <summary>p.</summary>
    public double Penalty { get; }

    /// <summary>E_min, the modulus of void.</summary>
    public double MinimumModulus { get; }

    /// <summary>E_max, the modulus of solid.</summary>
    public double MaximumModulus { get; }

    /// <summary>E_ref = E_max: the compliance of a SIMP design scales as 1/E_max.</summary>
    public double ReferenceModulus => MaximumModulus;

    /// <summary>The 2D reduction used for C_unit.</summary>
    public PlaneCondition Plane { get; }

    /// <summary>C_unit: the tensor of E = 1.</summary>
    public StiffnessTensor Unit { get; }

    /// <summary>The clamp range [E_min·C_unit, E_max·C_unit].</summary>
    public StiffnessBounds Bounds { get; }

    /// <summary>E(θ) of Eq. (14).</summary>
    public double Modulus(double theta) => MinimumModulus + ((MaximumModulus - MinimumModulus) * Math.Pow(theta, Penalty));

    /// <summary>dE/dθ = p(E_max − E_min)θᵖ⁻¹ (Eq. 15 without its sign slip).</summary>
    public double ModulusDerivative(double theta) => Penalty * (MaximumModulus - MinimumModulus) * Math.Pow(theta, Penalty - 1);

    /// <inheritdoc/>
    public int StiffnessEntries => 4;

    /// <inheritdoc/>
    public int Stiffness(ReadOnlySpan<double> designs, Span<double> stiffness)
    {
        var n = this.CheckLengths(designs.Length, stiffness.Length);
        ReadOnlySpan<double> unit = [Unit.C11, Unit.C12, Unit.C22, Unit.C33];
        for (var e = 0; e < n; e++)
        {
            var modulus = Modulus(designs[e]);
            for (var t = 0; t < 4; t++)
            {
                stiffness[(4 * e) + t] = modulus * unit[t];
            }
        }

        return Bounds.Clamp(stiffness);
    }

    /// <inheritdoc/>
    public void Derivatives(ReadOnlySpan<double> designs, Span<double> derivatives)
    {
        var n = designs.Length;
        if (derivatives.Length != 4 * n)
        {
            throw new ArgumentException($"{n} designs need {4 * n} derivatives", nameof(derivatives));
        }

        ReadOnlySpan<double> unit = [Unit.C11, Unit.C12, Unit.C22, Unit.C33];
        for (var e = 0; e < n; e++)
        {
            var slope = ModulusDerivative(designs[e]);
            for (var t = 0; t < 4; t++)
            {
                derivatives[(4 * e) + t] = slope * unit[t];
            }
        }
    }
}
