using NeuralTopOpt.Datasets;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Materials;

namespace NeuralTopOpt.Cells;

/// <summary>
/// A cell family: the design parameterization of one element — the k design fields θₑ and everything
/// that varies with them. DBTO's density (<see cref="DensityCell"/>) and the paper's rectangular hole
/// (<see cref="RectangularHoleCell"/>) are two families; the optimization, the datasets, the CLI and
/// the pictures ask the family instead of branching on which one it is. A new family is one class
/// implementing this interface plus its line in <see cref="CellFamilies"/> (docs/cell-families.md).
/// </summary>
/// <remarks>
/// What a family must say: its <see cref="Parameters"/> (k, bounds, names), solid and void, a path of
/// uniform start designs, the solid fraction ρ(θ) and ∂ρ/∂θ (the volume constraint, Eq. 12–13), and
/// <see cref="Rasterize"/> (θ → a pixel map). With those the default members give the rest: the
/// dataset of homogenized cells (<see cref="Dataset"/>), a network material model of the orthotropic
/// C^H (<see cref="CreateMaterial"/>) and the drawing (<see cref="Draw"/>); a family overrides them where
/// it differs.
/// </remarks>
public interface ICellFamily
{
    /// <summary>The registry name (<c>ntopo … --cell NAME</c>).</summary>
    string Name { get; }

    /// <summary>What the cell is, in words.</summary>
    string Description { get; }

    /// <summary>The k design fields, in the order of the field-major design vector.</summary>
    IReadOnlyList<CellParameter> Parameters { get; }

    /// <summary>k, design fields per element.</summary>
    int FieldCount => Parameters.Count;

    /// <summary>θ of a solid element (where passive solid regions are held).</summary>
    void Solid(Span<double> theta);

    /// <summary>θ of a void element (where passive void regions are held).</summary>
    void Void(Span<double> theta);

    /// <summary>
    /// The uniform start designs: θ(s) for s ∈ [0, 1], along which the solid fraction is monotone
    /// (Fig. 4B/4C: the density s; the hole s × s).
    /// </summary>
    void Start(double level, Span<double> theta);

    /// <summary>The s of <see cref="Start"/> whose solid fraction is <paramref name="volumeFraction"/>: V_t (density) or √(1 − V_t) (hole).</summary>
    double StartLevel(double volumeFraction);

    /// <summary>ρ(θ), the material fraction of the element (the summand of Eq. 12 or 13).</summary>
    double SolidFraction(ReadOnlySpan<double> theta);

    /// <summary>∂ρ/∂θ, k values.</summary>
    void SolidFractionGradient(ReadOnlySpan<double> theta, Span<double> gradient);

    /// <summary>True when ρ is linear in θ (the volume constraint is then linear: what OC needs).</summary>
    bool SolidFractionIsLinear => false;

    /// <summary>
    /// v(θ̃) = mean over the elements of ρ(θ̃ₑ), from a field-major design of <paramref name="elementCount"/>
    /// elements (a family may keep the arithmetic of the paper's code here).
    /// </summary>
    double MeanSolidFraction(ReadOnlySpan<double> physical, int elementCount)
    {
        var k = FieldCount;
        Span<double> theta = stackalloc double[k];
        double sum = 0;
        for (var e = 0; e < elementCount; e++)
        {
            for (var f = 0; f < k; f++)
            {
                theta[f] = physical[(f * elementCount) + e];
            }

            sum += SolidFraction(theta);
        }

        return sum / elementCount;
    }

    /// <summary>
    /// The cell as R × R pixel densities in [0, 1] (1 solid), column by column (pixel (i, j) at i·R + j, j = 0
    /// the top row): what is homogenized for the dataset (<see cref="PixelMap"/> layout).
    /// </summary>
    /// <exception cref="InvalidInputException">θ outside the family's bounds.</exception>
    void Rasterize(ReadOnlySpan<double> theta, int resolution, Span<double> densities);

    /// <summary>
    /// The cell as it is drawn in pictures of a design, <paramref name="pixels"/>² densities in the layout of
    /// <see cref="Rasterize"/>; by default the rasterized cell.
    /// </summary>
    void Draw(ReadOnlySpan<double> theta, int pixels, Span<double> densities) => Rasterize(theta, pixels, densities);

    /// <summary>
    /// C^H of the cell at θ (Eq. 16) with <paramref name="homogenizer"/>'s mesh and material; by default the
    /// rasterized cell homogenized (<paramref name="densities"/> is scratch of R² values). A family whose C follows
    /// from another cell's (a rotation) says so here.
    /// </summary>
    HomogenizedStiffness Homogenize(CellHomogenizer homogenizer, ReadOnlySpan<double> theta, Span<double> densities)
    {
        ArgumentNullException.ThrowIfNull(homogenizer);
        Rasterize(theta, homogenizer.Mesh.Resolution, densities);
        return homogenizer.HomogenizeDensities(densities);
    }

    /// <summary>The training data of the family's network: by default C^H of the rasterized cell at Latin hypercube samples of θ.</summary>
    CellDataset Dataset => CellDataset.Homogenized(this);

    /// <summary>
    /// The material model θₑ → Cₑ from <paramref name="source"/>. By default a network of the k fields to the
    /// orthotropic (C11, C12, C22, C33) learned from <see cref="Dataset"/>, or a model of the caller's; SIMP is a
    /// density model and is refused.
    /// </summary>
    /// <exception cref="InvalidInputException">A source the family cannot use (SIMP for a cell, a network of the wrong shape).</exception>
    IMaterialModel CreateMaterial(MaterialSource source, PlaneCondition plane = PlaneCondition.Strain) => CellMaterials.Create(this, source, plane);

    /// <summary>
    /// The homogenized cell with its exact derivative ∂C^H/∂θ as a material model (C from <paramref name="stiffness"/>
    /// when given, else C^H too), on R = <paramref name="resolution"/> pixels; null when the family has none.
    /// </summary>
    IMaterialModel? ExactMaterial(int resolution, IMaterialModel? stiffness = null) => null;

    /// <summary>A pixel map of the cell (convenience over <see cref="Rasterize"/>).</summary>
    PixelMap ToPixelMap(ReadOnlySpan<double> theta, int resolution)
    {
        var densities = new double[resolution * resolution];
        Rasterize(theta, resolution, densities);
        return PixelMap.FromColumns(resolution, densities);
    }
}
