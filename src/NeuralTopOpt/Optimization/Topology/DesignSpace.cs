using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Filters;

namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// The map from the design variables to the physical design and the volume, with its chain rule:
/// x = [θ₁ of all elements, …, θ_k of all elements] (field-major, as the paper's code) →
/// θ̃ = x, or Hx/Hs per field under the density filter, passive elements at their fixed values →
/// v(θ̃) = mean(θ̃) (Eq. 12) or 1 − mean(θ̃₁θ̃₂) (Eq. 13).
/// </summary>
internal sealed class DesignSpace
{
    private readonly bool[] _active;
    private readonly double[] _passiveValue;

    public DesignSpace(StructuralProblem structure, ComplianceSettings settings)
    {
        var mesh = structure.Mesh;
        Measure = settings.Measure;
        FieldCount = settings.Measure.FieldCount();
        ElementCount = mesh.ElementCount;
        FilterKind = settings.Filter;
        Filter = settings.Filter == FilterKind.None ? null : new ConvolutionFilter(mesh.ElementsX, mesh.ElementsY, settings.FilterRadius);
        _active = new bool[ElementCount];
        _passiveValue = new double[ElementCount];
        for (var e = 0; e < ElementCount; e++)
        {
            var kind = structure.Passive[e];
            _active[e] = kind == PassiveKind.Active;
            _passiveValue[e] = kind == PassiveKind.Active ? double.NaN : settings.Measure.PassiveValue(kind == PassiveKind.Solid);
            ActiveCount += _active[e] ? 1 : 0;
        }
    }

    public VolumeMeasure Measure { get; }

    public int FieldCount { get; }

    public int ElementCount { get; }

    public int VariableCount => FieldCount * ElementCount;

    public int ActiveCount { get; }

    public FilterKind FilterKind { get; }

    /// <summary>The weights H (null without a filter).</summary>
    public ConvolutionFilter? Filter { get; }

    public bool IsActive(int element) => _active[element];

    /// <summary>Bounds: [0, 1] for active elements, the passive value for passive ones.</summary>
    public void Bounds(Span<double> lower, Span<double> upper)
    {
        for (var f = 0; f < FieldCount; f++)
        {
            for (var e = 0; e < ElementCount; e++)
            {
                lower[(f * ElementCount) + e] = _active[e] ? 0 : _passiveValue[e];
                upper[(f * ElementCount) + e] = _active[e] ? 1 : _passiveValue[e];
            }
        }
    }

    /// <summary>Active elements at <paramref name="value"/> in every field, passive ones at theirs.</summary>
    public void Fill(Span<double> x, double value)
    {
        for (var f = 0; f < FieldCount; f++)
        {
            for (var e = 0; e < ElementCount; e++)
            {
                x[(f * ElementCount) + e] = _active[e] ? value : _passiveValue[e];
            }
        }
    }

    /// <summary>θ̃ from x.</summary>
    public void Forward(ReadOnlySpan<double> x, Span<double> physical)
    {
        var n = ElementCount;
        for (var f = 0; f < FieldCount; f++)
        {
            var source = x.Slice(f * n, n);
            var target = physical.Slice(f * n, n);
            if (FilterKind == FilterKind.Density)
            {
                Filter!.Smooth(source, target);
            }
            else
            {
                source.CopyTo(target);
            }

            for (var e = 0; e < n; e++)
            {
                if (!_active[e])
                {
                    target[e] = _passiveValue[e];
                }
            }
        }
    }

    /// <summary>
    /// ∂f/∂x from ∂f/∂θ̃ (in place): zero on passive elements (their θ̃ is fixed), then back through the
    /// density filter, H(g/Hs), field by field; the identity otherwise.
    /// </summary>
    public void Backward(Span<double> gradient)
    {
        var n = ElementCount;
        for (var f = 0; f < FieldCount; f++)
        {
            var field = gradient.Slice(f * n, n);
            for (var e = 0; e < n; e++)
            {
                if (!_active[e])
                {
                    field[e] = 0;
                }
            }

            if (FilterKind == FilterKind.Density)
            {
                var copy = field.ToArray();
                Filter!.SmoothTranspose(copy, field);
            }
        }
    }

    /// <summary>v(θ̃).</summary>
    public double Volume(ReadOnlySpan<double> physical)
    {
        var n = ElementCount;
        double sum = 0;
        for (var e = 0; e < n; e++)
        {
            sum += Measure == VolumeMeasure.Density ? physical[e] : physical[e] * physical[n + e];
        }

        return Measure == VolumeMeasure.Density ? sum / n : 1 - (sum / n);
    }

    /// <summary>∂v/∂θ̃: 1/n, or (−θ̃₂/n, −θ̃₁/n) for the hole cell.</summary>
    public void VolumeGradient(ReadOnlySpan<double> physical, Span<double> gradient)
    {
        var n = ElementCount;
        for (var e = 0; e < n; e++)
        {
            for (var f = 0; f < FieldCount; f++)
            {
                gradient[(f * n) + e] = Measure == VolumeMeasure.Density ? 1.0 / n : -physical[((1 - f) * n) + e] / n;
            }
        }
    }
}
