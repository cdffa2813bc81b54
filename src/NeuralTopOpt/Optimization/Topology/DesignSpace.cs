using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Filters;

namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// The design module: the map from the design variables to the physical design and the volume, with
/// its chain rule, for any cell family:
/// x = [θ₁ of all elements, …, θ_k of all elements] (field-major, as the paper's code) →
/// θ̃ = the filter's forward of each field, passive elements at the family's solid or void θ →
/// v(θ̃) = mean ρ(θ̃ₑ) (Eq. 12 or 13 for the paper's two families). Keeps the θ̃ of the last design
/// (<see cref="Forward"/>), so that the objective, the constraints and the observers of one design
/// share one forward pass.
/// </summary>
internal sealed class DesignSpace
{
    private readonly bool[] _active;
    private readonly double[] _passive, _lower, _upper;   // held values of passive elements; the family's bounds
    private readonly double[] _theta, _start, _weights;   // scratch: one element's fields, the start design, per-element weights
    private readonly double[] _x, _physical;              // the last design and its θ̃

    public DesignSpace(StructuralProblem structure, ComplianceSettings settings)
    {
        var mesh = structure.Mesh;
        Cell = settings.Cell;
        FieldCount = Cell.FieldCount;
        ElementCount = mesh.ElementCount;
        Filter = DesignFilters.Create(settings.Filter, mesh.ElementsX, mesh.ElementsY, settings.FilterRadius);
        var (k, n) = (FieldCount, ElementCount);
        _active = new bool[n];
        _passive = new double[k * n];
        _theta = new double[k];
        _start = new double[k];
        Span<double> solid = stackalloc double[k];
        Span<double> empty = stackalloc double[k];
        Cell.Solid(solid);
        Cell.Void(empty);
        for (var e = 0; e < n; e++)
        {
            var kind = structure.Passive[e];
            _active[e] = kind == PassiveKind.Active;
            ActiveCount += _active[e] ? 1 : 0;
            for (var f = 0; f < k; f++)
            {
                _passive[(f * n) + e] = kind == PassiveKind.Active ? double.NaN : kind == PassiveKind.Solid ? solid[f] : empty[f];
            }
        }

        _lower = [.. Cell.Parameters.Select(p => p.Lower)];
        _upper = [.. Cell.Parameters.Select(p => p.Upper)];
        _x = new double[k * n];
        _physical = new double[k * n];
        _weights = new double[n];
        _x.AsSpan().Fill(double.NaN);
    }

    public ICellFamily Cell { get; }

    public int FieldCount { get; }

    public int ElementCount { get; }

    public int VariableCount => FieldCount * ElementCount;

    public int ActiveCount { get; }

    /// <summary>The filter module.</summary>
    public IDesignFilter Filter { get; }

    /// <summary>θ̃ of the last design passed to <see cref="Forward"/>, field-major.</summary>
    public ReadOnlySpan<double> Physical => _physical;

    /// <summary>v(θ̃) of the last design.</summary>
    public double Volume { get; private set; }

    /// <summary>Counts the distinct designs seen by <see cref="Forward"/>: the number of the current one (0 before any).</summary>
    public long Version { get; private set; }

    public bool IsActive(int element) => _active[element];

    /// <summary>Bounds: the family's for active elements, the passive value for passive ones.</summary>
    public void Bounds(Span<double> lower, Span<double> upper)
    {
        var n = ElementCount;
        for (var f = 0; f < FieldCount; f++)
        {
            for (var e = 0; e < n; e++)
            {
                var i = (f * n) + e;
                lower[i] = _active[e] ? _lower[f] : _passive[i];
                upper[i] = _active[e] ? _upper[f] : _passive[i];
            }
        }
    }

    /// <summary>Active elements at the family's uniform start θ(<paramref name="level"/>), passive ones at theirs.</summary>
    public void Fill(Span<double> x, double level)
    {
        Cell.Start(level, _start);
        var n = ElementCount;
        for (var f = 0; f < FieldCount; f++)
        {
            for (var e = 0; e < n; e++)
            {
                x[(f * n) + e] = _active[e] ? _start[f] : _passive[(f * n) + e];
            }
        }
    }

    /// <summary>
    /// θ̃ and v(θ̃) of <paramref name="x"/>, computed unless x is the last design seen; true when computed.
    /// </summary>
    public bool Forward(ReadOnlySpan<double> x)
    {
        if (x.SequenceEqual(_x))
        {
            return false;
        }

        x.CopyTo(_x);
        var n = ElementCount;
        for (var f = 0; f < FieldCount; f++)
        {
            var target = _physical.AsSpan(f * n, n);
            Filter.Forward(x.Slice(f * n, n), target);
            for (var e = 0; e < n; e++)
            {
                if (!_active[e])
                {
                    target[e] = _passive[(f * n) + e];
                }
            }
        }

        Volume = Cell.MeanSolidFraction(_physical, n);
        Version++;
        return true;
    }

    /// <summary>θ̃ of a design as the element-major layout of the material models (θ of element e at [e·k, e·k + k)).</summary>
    public void ElementMajor(Span<double> designs)
    {
        var (n, k) = (ElementCount, FieldCount);
        for (var e = 0; e < n; e++)
        {
            for (var f = 0; f < k; f++)
            {
                designs[(e * k) + f] = _physical[(f * n) + e];
            }
        }
    }

    /// <summary>Zeroes a field-major gradient on passive elements (their θ̃ does not depend on x).</summary>
    public void Mask(Span<double> gradient)
    {
        var n = ElementCount;
        for (var f = 0; f < FieldCount; f++)
        {
            for (var e = 0; e < n; e++)
            {
                if (!_active[e])
                {
                    gradient[(f * n) + e] = 0;
                }
            }
        }
    }

    /// <summary>∂f/∂x from a masked ∂f/∂θ̃ (in place): the filter's backward, field by field.</summary>
    public void Backward(Span<double> gradient)
    {
        var n = ElementCount;
        for (var f = 0; f < FieldCount; f++)
        {
            var field = gradient.Slice(f * n, n);
            Filter.Backward(field, field);
        }
    }

    /// <summary>
    /// The objective's gradient from its masked ∂φ/∂θ̃: the filter's <see cref="IDesignFilter.FilterObjective"/>
    /// per field, weighted by the field of x (the paper's filter) or the solid fraction ρ(xₑ) (the solid-sensitivity
    /// filter, and angle-like fields under the paper's).
    /// </summary>
    public void FilterObjective(ReadOnlySpan<double> x, ReadOnlySpan<double> raw, Span<double> gradient)
    {
        var n = ElementCount;
        var solidWeights = false;
        for (var f = 0; f < FieldCount; f++)
        {
            var bySolid = Filter.Kind == FilterKind.SolidFractionSensitivity || Cell.Parameters[f].Weight == SensitivityWeight.SolidFraction;
            if (bySolid && !solidWeights)
            {
                SolidFractions(x, _weights);
                solidWeights = true;
            }

            Filter.FilterObjective(bySolid ? _weights : x.Slice(f * n, n), raw.Slice(f * n, n), gradient.Slice(f * n, n));
        }
    }

    /// <summary>∂v/∂θ̃ of the last design: ∂ρ/∂θ̃ₑ / n per element and field.</summary>
    public void VolumeGradient(Span<double> gradient)
    {
        var (n, k) = (ElementCount, FieldCount);
        Span<double> g = stackalloc double[k];
        for (var e = 0; e < n; e++)
        {
            for (var f = 0; f < k; f++)
            {
                _theta[f] = _physical[(f * n) + e];
            }

            Cell.SolidFractionGradient(_theta, g);
            for (var f = 0; f < k; f++)
            {
                gradient[(f * n) + e] = g[f] / n;
            }
        }
    }

    /// <summary>ρ(xₑ) of every element of a field-major design.</summary>
    public void SolidFractions(ReadOnlySpan<double> x, Span<double> fractions)
    {
        var (n, k) = (ElementCount, FieldCount);
        for (var e = 0; e < n; e++)
        {
            for (var f = 0; f < k; f++)
            {
                _theta[f] = x[(f * n) + e];
            }

            fractions[e] = Cell.SolidFraction(_theta);
        }
    }
}
