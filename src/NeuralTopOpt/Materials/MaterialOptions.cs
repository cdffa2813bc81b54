using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Materials;

/// <summary>
/// How every predicted stiffness tensor is kept admissible (<see cref="NetworkMaterial"/>; SIMP's tensors
/// are multiples of C_solid inside the range, so both choices act alike on it).
/// </summary>
public enum StiffnessClamp
{
    /// <summary>
    /// Ours, the default: each entry clamped to [10⁻⁹·C_solid, C_solid] as the paper's code, and for an
    /// orthotropic network also C12 ≤ ν/(1 − ν)·√(C11·C22), which keeps every element tensor positive
    /// definite (so that K is, and the Cholesky factorization applies).
    /// </summary>
    PositiveDefinite,

    /// <summary>
    /// The paper's code exactly: each entry clamped to [10⁻⁹·C_max, C_max] and nothing else. Near the void
    /// corner of the hole cell C12 may then exceed √(C11·C22): an indefinite tensor, and possibly an
    /// indefinite K, which the paper's LU (SuperLU) solved and our Cholesky refuses; take the solver
    /// <c>cholesky-lu</c> or <c>lu</c> with it.
    /// </summary>
    Paper,
}

/// <summary>Which solid tensor C_solid (E = 1, ν = 0.3) a material model scales and clamps with.</summary>
public enum SolidTensor
{
    /// <summary>The exact isotropic tensor of <see cref="StiffnessTensor.Isotropic"/> (plane strain: C11 = 1.346153…, C12 = 0.576923…, C33 = 0.384615…).</summary>
    Exact,

    /// <summary>
    /// The paper's code's C_max, the plane-strain tensor rounded to four digits: C11 = C22 = 1.3462,
    /// C12 = 0.5769, C33 = 0.3846 (its DBTO network scales E by it and every model is clamped to it).
    /// Plane strain only.
    /// </summary>
    Paper,
}

/// <summary>Facts about <see cref="SolidTensor"/> and <see cref="StiffnessClamp"/>.</summary>
public static class MaterialOptions
{
    /// <summary>The paper's C_max: [[1.3462, 0.5769, 0], [0.5769, 1.3462, 0], [0, 0, 0.3846]].</summary>
    public static StiffnessTensor PaperSolid { get; } = new(1.3462, 0.5769, 1.3462, 0.3846);

    /// <summary>C_solid of E = 1, ν = 0.3 for the choice and the plane.</summary>
    /// <exception cref="IncompatibleChoicesException">The paper's tensor in plane stress (it is the plane-strain tensor).</exception>
    public static StiffnessTensor Solid(this SolidTensor solid, PlaneCondition plane) => solid switch
    {
        SolidTensor.Exact => StiffnessTensor.Isotropic(1, 0.3, plane),
        SolidTensor.Paper when plane == PlaneCondition.Strain => PaperSolid,
        SolidTensor.Paper => throw new IncompatibleChoicesException("the paper's solid tensor (1.3462, 0.5769, 0.3846) is the plane-strain one; take --solid-tensor exact for plane stress"),
        _ => throw new InvalidInputException($"unknown solid tensor '{solid}'"),
    };

    /// <summary>The name on the command line: <c>exact</c> or <c>paper</c>.</summary>
    public static string Name(this SolidTensor solid) => solid == SolidTensor.Paper ? "paper" : "exact";

    /// <summary>The name on the command line: <c>positive-definite</c> or <c>paper</c>.</summary>
    public static string Name(this StiffnessClamp clamp) => clamp == StiffnessClamp.Paper ? "paper" : "positive-definite";
}
