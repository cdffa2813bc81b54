using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Studies;

/// <summary>
/// The reference values the study compares the networks with: the homogenized cells of Fig. 3C, the
/// exact ∂C^H/∂θ on a grid and at the HBTO start design, dE/dθ of Eq. (15), and Appendix B.
/// </summary>
/// <param name="Contours">C^H on a regular (θ₁, θ₂) grid, the binary cells of the dataset (Fig. 3C).</param>
/// <param name="Cells">C^H and its exact derivative on a grid, area-weighted cells.</param>
/// <param name="Hbto">The HBTO network's ∂C/∂θ by method against <paramref name="Cells"/>.</param>
/// <param name="HbtoStiffness">The HBTO network's C at the nodes of <paramref name="Cells"/> (4 per node), to set its derivative error beside its value error.</param>
/// <param name="Dbto">The DBTO networks' dE/dθ by method against Eq. (15), one comparison per network.</param>
/// <param name="Initial">∂φ₀/∂θ of the HBTO start design with the exact material derivative.</param>
/// <param name="AppendixB">The worked example of Appendix B.</param>
public sealed record GroundTruth(
    ContourGrid Contours,
    ExactCellGrid Cells,
    DerivativeComparison Hbto,
    double[] HbtoStiffness,
    IReadOnlyList<DerivativeComparison> Dbto,
    ExactInitialSensitivities Initial,
    AppendixBRecord AppendixB)
{
    /// <summary>
    /// The seed comparison's networks (<see cref="StudyPlan.SeedComparison"/>: Table 1's HBTO network,
    /// then each replicate) against the exact ∂C^H/∂θ of <see cref="Cells"/>, with the comparison's method.
    /// </summary>
    public IReadOnlyList<DerivativeComparison> HbtoSeeds { get; init; } = [];
}

/// <summary>C^H (binary cells, as the dataset) on a p × p grid θ₁ = i/(p − 1), θ₂ = j/(p − 1); node (i, j) at i·p + j.</summary>
/// <param name="Points">p.</param>
/// <param name="Resolution">Pixels per cell side.</param>
/// <param name="C11">C11 per node.</param>
/// <param name="C12">C12 per node.</param>
/// <param name="C22">C22 per node.</param>
/// <param name="C33">C33 per node.</param>
/// <param name="Seconds">Wall time of the grid.</param>
public sealed record ContourGrid(int Points, int Resolution, double[] C11, double[] C12, double[] C22, double[] C33, double Seconds);

/// <summary>
/// Area-weighted hole cells (<see cref="Homogenization.HoleCellCoverage"/>) on a p × p grid
/// θ ≈ (i + 1)/(p + 1), each moved to the nearest θ whose hole edges lie on pixel boundaries (there
/// the area-weighted cell is the dataset's binary cell), with C^H, its exact derivative at the node
/// and the derivative averaged over one pixel of edge travel either side (<see cref="Homogenization.HoleCellSweep"/>);
/// node (i, j) at i·p + j.
/// </summary>
/// <param name="Points">p.</param>
/// <param name="Resolution">Pixels per cell side.</param>
/// <param name="Thetas">The p grid values of θ₁ (and of θ₂).</param>
/// <param name="Stiffness">(C11, C12, C22, C33) per node, 4 values.</param>
/// <param name="Derivatives">The exact ∂C_t/∂θ_k at the node (one-sided: the hole growing into the next pixel), at 8·node + 2t + k.</param>
/// <param name="Averaged">The pixel-averaged ∂C_t/∂θ_k, the reference the networks are compared with, same layout.</param>
/// <param name="Seconds">Wall time of the grid (six homogenized cells per node).</param>
public sealed record ExactCellGrid(int Points, int Resolution, double[] Thetas, double[] Stiffness, double[] Derivatives, double[] Averaged, double Seconds)
{
    /// <summary>The grid values for <paramref name="points"/> per side at <paramref name="resolution"/>: (i + 1)/(p + 1), pixel-aligned.</summary>
    public static double[] Grid(int points, int resolution) =>
        [.. Enumerable.Range(1, points).Select(i => Homogenization.HoleCellSweep.Aligned(i / (points + 1.0), resolution))];

    /// <summary>How far the exact derivative at the nodes is from the pixel average: the swing within a pixel, as a comparison with one method, <c>point</c>.</summary>
    public DerivativeComparison PointAgainstAverage() =>
        new("point", 8, Averaged, new Dictionary<string, double[]> { ["point"] = Derivatives });
}

/// <summary>
/// ∂φ₀/∂θ of the HBTO start design θ₁ = θ₂ = √(1 − V_t) with the exact material derivative of one
/// homogenized cell (every element is that cell): with the network's C and the exact ∂C/∂θ (so the
/// displacements are those of every network run, and only the derivative differs), and with the
/// homogenized C^H and its exact derivative (the sensitivities of the true material model).
/// </summary>
/// <param name="Theta">θ₀ of every element.</param>
/// <param name="CellStiffness">C^H(θ₀, θ₀): C11, C12, C22, C33.</param>
/// <param name="CellDerivatives">∂C^H/∂θ at θ₀ averaged over the pixel sweep that contains θ₀ (<see cref="Homogenization.HoleCellSweep"/>): ∂C_t/∂θ_k at 2t + k.</param>
/// <param name="NetworkStiffness">The analysis with the network's C and the exact derivative.</param>
/// <param name="Homogenized">The analysis with C^H and its exact derivative.</param>
/// <param name="Seconds">Wall time (one cell and two FE analyses).</param>
public sealed record ExactInitialSensitivities(double Theta, double[] CellStiffness, double[] CellDerivatives, DesignAnalysis NetworkStiffness, DesignAnalysis Homogenized, double Seconds);

/// <summary>Appendix B: dy/dx of the printed 1-3-3-1 network at x = 0.812 by every method.</summary>
/// <param name="X">The input, 0.812.</param>
/// <param name="Exact">2x = 1.624 (Eq. B19).</param>
/// <param name="Printed">The paper's NNJ result, 1.623 (Eq. B18c).</param>
/// <param name="Output">The network's y at x.</param>
/// <param name="Derivatives">dy/dx by method.</param>
public sealed record AppendixBRecord(double X, double Exact, double Printed, double Output, IReadOnlyDictionary<string, double> Derivatives);
