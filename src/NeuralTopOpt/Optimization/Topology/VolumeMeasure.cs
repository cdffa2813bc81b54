namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// How the design variables of an element make up its material volume, which fixes the number of
/// design fields k, the volume constraint, the values of passive elements and the initial design.
/// </summary>
public enum VolumeMeasure
{
    /// <summary>
    /// DBTO: one density θ ∈ [0, 1] per element (k = 1), v(θ) = mean(θ) (Eq. 12 with unit elements);
    /// solid θ = 1, void θ = 0; initial θ = V_t (Fig. 4B).
    /// </summary>
    Density,

    /// <summary>
    /// HBTO: a square cell with a centred rectangular hole of width θ₁ and height θ₂ (k = 2),
    /// v(θ) = 1 − mean(θ₁θ₂) (Eq. 13); solid θ = (0, 0), void θ = (1, 1); initial θ₁ = θ₂ = √(1 − V_t) (Fig. 4C).
    /// </summary>
    RectangularHole,
}

/// <summary>Whether the volume target is met exactly or as an upper limit.</summary>
public enum ConstraintForm
{
    /// <summary>v(θ) − V_t = 0, as in the paper (Eq. 9).</summary>
    Equality,

    /// <summary>v(θ) − V_t ≤ 0, as MMA usually states it.</summary>
    Inequality,
}

/// <summary>Per-measure facts.</summary>
public static class VolumeMeasures
{
    /// <summary>k, the design fields per element.</summary>
    public static int FieldCount(this VolumeMeasure measure) => measure == VolumeMeasure.Density ? 1 : 2;

    /// <summary>The value every field of a passive solid (or void) element is held at.</summary>
    public static double PassiveValue(this VolumeMeasure measure, bool solid) =>
        measure == VolumeMeasure.Density ? (solid ? 1 : 0) : (solid ? 0 : 1);

    /// <summary>Material fraction of one element whose k fields are <paramref name="fields"/>.</summary>
    public static double ElementVolume(this VolumeMeasure measure, ReadOnlySpan<double> fields) =>
        measure == VolumeMeasure.Density ? fields[0] : 1 - (fields[0] * fields[1]);

    /// <summary>
    /// The material fraction of every element of a field-major design (θ̃ of all elements, then θ̃₂ …):
    /// θ̃ (Density) or 1 − θ̃₁θ̃₂ (RectangularHole).
    /// </summary>
    public static double[] ElementVolumes(this VolumeMeasure measure, IReadOnlyList<double> physical, int elementCount)
    {
        ArgumentNullException.ThrowIfNull(physical);
        var k = measure.FieldCount();
        if (physical.Count != k * elementCount)
        {
            throw new ArgumentException($"{physical.Count} values for {elementCount} elements with {k} field(s)", nameof(physical));
        }

        var fraction = new double[elementCount];
        Span<double> fields = stackalloc double[k];
        for (var e = 0; e < elementCount; e++)
        {
            for (var f = 0; f < k; f++)
            {
                fields[f] = physical[(f * elementCount) + e];
            }

            fraction[e] = measure.ElementVolume(fields);
        }

        return fraction;
    }

    /// <summary>The uniform design of volume V_t without passive elements: V_t (Density) or √(1 − V_t) (RectangularHole).</summary>
    public static double UniformStart(this VolumeMeasure measure, double volumeFraction) =>
        measure == VolumeMeasure.Density ? volumeFraction : Math.Sqrt(1 - volumeFraction);
}
