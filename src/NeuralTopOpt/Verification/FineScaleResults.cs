namespace NeuralTopOpt.Verification;

/// <summary>
/// The homogenized side of a verification, computed once per design on the coarse mesh: J_hom with the
/// network's C (the optimizer's model), J_exact with each element's C^H by numerical homogenization of its cell
/// (no network), and V_hom = mean ρ(θₑ).
/// </summary>
/// <param name="Compliance">J_hom = Σ_l f_lᵀu_l with the material model's Cₑ.</param>
/// <param name="ExactCompliance">J_exact, the same with C^H of each element's cell homogenized at <paramref name="Resolution"/> pixels.</param>
/// <param name="Volume">V_hom, the mean solid fraction ρ(θₑ) over the elements (Eq. 13).</param>
/// <param name="Resolution">R, the homogenization's pixels per cell side.</param>
/// <param name="DistinctCells">Cells homogenized: the distinct rasterized cells of the design (θ that draw the same pixels share one).</param>
/// <param name="Seconds">Time of the two coarse solves and the homogenizations.</param>
public sealed record HomogenizedResult(double Compliance, double ExactCompliance, double Volume, int Resolution, int DistinctCells, double Seconds);

/// <summary>The fine-scale structure's side at one (M, K): J_fine and V_fine.</summary>
/// <param name="PixelsPerCell">M.</param>
/// <param name="CellsPerElement">K.</param>
/// <param name="Compliance">J_fine = Σ_l f_lᵀu_l of the pixel structure (<see cref="FineProblem"/>).</param>
/// <param name="Volume">V_fine, the solid share of the pixels.</param>
/// <param name="Unknowns">Free DOFs of the fine mesh.</param>
/// <param name="Solver">The linear solver's name.</param>
/// <param name="Seconds">Time to build, solve and measure the structure.</param>
public sealed record FineResult(int PixelsPerCell, int CellsPerElement, double Compliance, double Volume, long Unknowns, string Solver, double Seconds);

/// <summary>
/// One verification: the fine structure against the homogenized model, with the errors of deHomTop808
/// (Woldseth, Sigmund and Jensen):
/// <code>
///   e_J = J_fine/J_hom − 1,   e_V = V_fine/V_hom − 1,   e_JV = (J·V)_fine/(J·V)_hom − 1,
/// </code>
/// and J_fine/J_exact − 1, the part of e_J that is not the network's (discretization and scale separation alone).
/// </summary>
/// <param name="Fine">J_fine, V_fine at (M, K).</param>
/// <param name="Homogenized">J_hom, J_exact, V_hom.</param>
public sealed record VerificationResult(FineResult Fine, HomogenizedResult Homogenized)
{
    /// <summary>e_J = J_fine/J_hom − 1.</summary>
    public double ComplianceError => (Fine.Compliance / Homogenized.Compliance) - 1;

    /// <summary>e_V = V_fine/V_hom − 1.</summary>
    public double VolumeError => (Fine.Volume / Homogenized.Volume) - 1;

    /// <summary>e_JV = (J·V)_fine/(J·V)_hom − 1 (volume-weighted compliance: a structure lighter or heavier than the model is judged fairly).</summary>
    public double ComplianceVolumeError => (Fine.Compliance * Fine.Volume / (Homogenized.Compliance * Homogenized.Volume)) - 1;

    /// <summary>J_fine/J_exact − 1.</summary>
    public double ExactComplianceError => (Fine.Compliance / Homogenized.ExactCompliance) - 1;

    /// <summary>J_exact/J_hom − 1: the network's share (its C against the homogenized cells').</summary>
    public double NetworkError => (Homogenized.ExactCompliance / Homogenized.Compliance) - 1;
}

/// <summary>One point of a sweep over (M, K): a result, or why it was skipped.</summary>
/// <param name="PixelsPerCell">M.</param>
/// <param name="CellsPerElement">K.</param>
/// <param name="Result">The verification, or null when skipped.</param>
/// <param name="SkipReason">Why it was skipped (too many unknowns for the solver, not enough memory, mesh limits), or null.</param>
public sealed record SweepPoint(int PixelsPerCell, int CellsPerElement, VerificationResult? Result, string? SkipReason);
