using System.Diagnostics;
using System.Globalization;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Materials;

namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// Minimum compliance with a volume constraint (Eq. 9 of the paper) for any material model and any
/// structural problem, as an <see cref="IOptimizationProblem"/> that knows nothing of the optimizer:
/// <code>
///   minimize φ(θ) = Σ_l f_lᵀ u_l(θ)   subject to  v(θ̃) = V_t (or ≤ V_t),  0 ≤ θ ≤ 1,
///   ∂φ/∂θ̃ₑ = −Σ_l u_{l,e}ᵀ (Σ_ij ∂C_ij/∂θ̃ₑ K_ij) u_{l,e}       (Eq. 10–11)
/// </code>
/// x holds k design fields, field-major as in the paper's code: x = [θ₁ of all elements, θ₂ of all
/// elements]. The physical design θ̃ is x, or Hx/Hs per field under the density filter, with passive
/// elements at their fixed values. The sensitivity filter acts on ∂φ/∂θ of each field (the volume
/// gradient unfiltered); the density filter applies the chain rule to both gradients.
/// </summary>
public sealed class ComplianceProblem : IOptimizationProblem, ILinearConstraintInfo
{
    private readonly DesignSpace _space;
    private readonly double[] _physical;
    private readonly double[] _designs;
    private readonly double[] _stiffness;
    private readonly double[] _derivatives;
    private readonly double[] _displacements;
    private readonly double[] _energies;
    private readonly double[] _raw;
    private double[]? _weights;

    /// <summary>Sets up the problem; the FE analysis (with its symbolic factorization) is built here unless given.</summary>
    public ComplianceProblem(StructuralProblem structure, IMaterialModel material, ComplianceSettings settings, LinearElasticAnalysis? analysis = null)
    {
        ArgumentNullException.ThrowIfNull(structure);
        ArgumentNullException.ThrowIfNull(material);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var k = settings.Measure.FieldCount();
        if (material.DesignVariablesPerElement != k)
        {
            throw new InvalidInputException(
                $"the material model '{material.Name}' takes {material.DesignVariablesPerElement} design variable(s) per element, but the {settings.Measure} formulation has {k}");
        }

        if (analysis is not null && !ReferenceEquals(analysis.Problem, structure))
        {
            throw new ArgumentException("the analysis belongs to another problem", nameof(analysis));
        }

        Structure = structure;
        Material = material;
        Settings = settings;
        Analysis = analysis ?? new LinearElasticAnalysis(structure);
        _space = new DesignSpace(structure, settings);
        CheckPassiveRegions(structure, settings);
        var n = structure.Mesh.ElementCount;
        _physical = new double[k * n];
        _designs = new double[k * n];
        _stiffness = new double[4 * n];
        _derivatives = new double[4 * k * n];
        _displacements = new double[structure.LoadCases.Count * structure.Mesh.DofCount];
        _energies = new double[4 * n];
        _raw = new double[k * n];
    }

    /// <summary>The structural problem.</summary>
    public StructuralProblem Structure { get; }

    /// <summary>The material model θₑ → Cₑ.</summary>
    public IMaterialModel Material { get; }

    /// <summary>The settings.</summary>
    public ComplianceSettings Settings { get; }

    /// <summary>The FE analysis (reusable, e.g. for post-processing).</summary>
    public LinearElasticAnalysis Analysis { get; }

    /// <summary>k, design fields per element.</summary>
    public int FieldCount => _space.FieldCount;

    /// <summary>Number of elements.</summary>
    public int ElementCount => _space.ElementCount;

    /// <inheritdoc/>
    public int VariableCount => _space.VariableCount;

    /// <inheritdoc/>
    public int EqualityCount => Settings.Constraint == ConstraintForm.Equality ? 1 : 0;

    /// <inheritdoc/>
    public int InequalityCount => Settings.Constraint == ConstraintForm.Inequality ? 1 : 0;

    /// <summary>Evaluations so far.</summary>
    public int EvaluationCount { get; private set; }

    /// <summary>The record of the latest <see cref="Evaluate"/>, or null before the first.</summary>
    public ComplianceEvaluation? LastEvaluation { get; private set; }

    /// <summary>Called after every evaluation with its record (collect them per iteration).</summary>
    public Action<ComplianceEvaluation>? Evaluated { get; set; }

    /// <inheritdoc/>
    public bool IsConstraintLinear(int index) => index == 0 && Settings.Measure == VolumeMeasure.Density;

    /// <inheritdoc/>
    public void GetBounds(Span<double> lower, Span<double> upper)
    {
        CheckLength(lower.Length, nameof(lower));
        CheckLength(upper.Length, nameof(upper));
        _space.Bounds(lower, upper);
    }

    /// <summary>
    /// The paper's starting point (Fig. 4B/4C): every active element at one uniform value, passive
    /// elements at their fixed values. Without passive elements the value is V_t (density) or √(1 − V_t)
    /// (hole cell); with them it is found by bisection so that v(θ̃) = V_t holds for the physical design
    /// (the constructor refuses passive regions that make the target unreachable).
    /// </summary>
    public double[] InitialDesign()
    {
        var x = new double[VariableCount];
        if (_space.ActiveCount == ElementCount)
        {
            _space.Fill(x, Settings.Measure.UniformStart(Settings.VolumeFraction));
            return x;
        }

        // v(θ̃(s)) grows with s for the density and shrinks with s for the hole cell.
        var growing = Settings.Measure == VolumeMeasure.Density;
        double low = 0, high = 1;
        for (var step = 0; step < 60; step++)
        {
            var middle = 0.5 * (low + high);
            _space.Fill(x, middle);
            _space.Forward(x, _physical);
            if ((_space.Volume(_physical) < Settings.VolumeFraction) == growing)
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        _space.Fill(x, 0.5 * (low + high));
        return x;
    }

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        CheckLength(gradient.Length, nameof(gradient));
        var (compliance, record) = Compute(x, gradient);
        LastEvaluation = record;
        Evaluated?.Invoke(record);
        return compliance;
    }

    /// <inheritdoc/>
    public void EvaluateConstraints(ReadOnlySpan<double> x, Span<double> values, Span<double> jacobian)
    {
        CheckDesign(x);
        if (values.Length != 1)
        {
            throw new ArgumentException("the problem has one constraint", nameof(values));
        }

        CheckLength(jacobian.Length, nameof(jacobian));
        _space.Forward(x, _physical);
        values[0] = _space.Volume(_physical) - Settings.VolumeFraction;
        _space.VolumeGradient(_physical, jacobian);
        _space.Backward(jacobian);
    }

    /// <summary>Evaluates everything about one design without touching the evaluation records.</summary>
    public DesignAnalysis Analyze(ReadOnlySpan<double> x)
    {
        var gradient = new double[VariableCount];
        var (compliance, record) = Compute(x, gradient);
        var elementCompliance = new double[ElementCount];
        for (var e = 0; e < ElementCount; e++)
        {
            for (var t = 0; t < 4; t++)
            {
                elementCompliance[e] += _stiffness[(4 * e) + t] * _energies[(4 * e) + t];
            }
        }

        return new DesignAnalysis(compliance, record.Volume, (double[])_physical.Clone(), (double[])_raw.Clone(), gradient, elementCompliance);
    }

    /// <summary>θ̃ for a design x (a copy, field-major): x or Hx/Hs per field, passive elements at their values.</summary>
    public double[] PhysicalDesign(ReadOnlySpan<double> x)
    {
        CheckDesign(x);
        var physical = new double[VariableCount];
        _space.Forward(x, physical);
        return physical;
    }

    /// <summary>v(θ̃): mean(θ̃) (Eq. 12) or 1 − mean(θ̃₁θ̃₂) (Eq. 13).</summary>
    public double Volume(ReadOnlySpan<double> physical)
    {
        CheckLength(physical.Length, nameof(physical));
        return _space.Volume(physical);
    }

    private (double Compliance, ComplianceEvaluation Record) Compute(ReadOnlySpan<double> x, Span<double> gradient)
    {
        CheckDesign(x);
        var n = ElementCount;
        var k = FieldCount;
        var clock = Stopwatch.StartNew();
        _space.Forward(x, _physical);
        var filterTime = clock.Elapsed;

        // θ̃ field-major → element-major for the material model.
        for (var e = 0; e < n; e++)
        {
            for (var f = 0; f < k; f++)
            {
                _designs[(e * k) + f] = _physical[(f * n) + e];
            }
        }

        var material = Material.Evaluate(_designs, _stiffness, _derivatives);
        var compliance = Analysis.Solve(_stiffness, _displacements);
        if (!double.IsFinite(compliance))
        {
            throw new NeuralTopOptException($"the compliance is {compliance.ToString(CultureInfo.InvariantCulture)}; the material model returned unusable stiffness");
        }

        // Eq. (11): ∂φ/∂θ̃_f(e) = −Σ_t ∂C_t/∂θ_f · Σ_l u_eᵀK_t u_e, zero where θ̃ is held fixed.
        clock.Restart();
        Analysis.ElementEnergies(_displacements, _energies);
        for (var e = 0; e < n; e++)
        {
            for (var f = 0; f < k; f++)
            {
                double sum = 0;
                for (var t = 0; t < 4; t++)
                {
                    sum += _derivatives[(4 * k * e) + (k * t) + f] * _energies[(4 * e) + t];
                }

                _raw[(f * n) + e] = _space.IsActive(e) ? -sum : 0;
            }
        }

        var sensitivityTime = clock.Elapsed;
        clock.Restart();
        if (Settings.Filter == FilterKind.Sensitivity)
        {
            for (var f = 0; f < k; f++)
            {
                _space.Filter!.FilterSensitivities(x.Slice(f * n, n), _raw.AsSpan(f * n, n), gradient.Slice(f * n, n));
            }
        }
        else if (Settings.Filter == FilterKind.SolidFractionSensitivity)
        {
            _weights ??= new double[n];
            for (var e = 0; e < n; e++)
            {
                _weights[e] = k == 1 ? x[e] : 1 - (x[e] * x[n + e]);
            }

            for (var f = 0; f < k; f++)
            {
                _space.Filter!.FilterSensitivities(_weights, _raw.AsSpan(f * n, n), gradient.Slice(f * n, n));
            }
        }
        else
        {
            _raw.CopyTo(gradient);
            _space.Backward(gradient);
        }

        filterTime += clock.Elapsed;
        EvaluationCount++;
        var record = new ComplianceEvaluation(
            EvaluationCount,
            compliance,
            _space.Volume(_physical),
            material.ClampedEntries,
            Analysis.LastTimings.Total,
            material.ModelTime,
            material.DerivativeTime,
            sensitivityTime,
            filterTime);
        return (compliance, record);
    }

    /// <summary>
    /// The volume target must be reachable with the passive elements at their values: passive solid
    /// fills at least its share of the volume, passive void keeps its share empty (Eq. 12 and 13 count
    /// every element).
    /// </summary>
    private static void CheckPassiveRegions(StructuralProblem structure, ComplianceSettings settings)
    {
        var (solid, voids) = (0, 0);
        foreach (var kind in structure.Passive)
        {
            solid += kind == PassiveKind.Solid ? 1 : 0;
            voids += kind == PassiveKind.Void ? 1 : 0;
        }

        var n = (double)structure.Mesh.ElementCount;
        var target = settings.VolumeFraction;
        var c = CultureInfo.InvariantCulture;
        if (solid / n > target + 1e-12)
        {
            throw new InvalidInputException(string.Create(c,
                $"the passive solid regions fill {solid / n:P1} of the domain ({solid} of {n} elements), more than the volume fraction {target}: no design meets the volume constraint; shrink the passive solid or raise the volume fraction"));
        }

        if (settings.Constraint == ConstraintForm.Equality && 1 - (voids / n) < target - 1e-12)
        {
            throw new InvalidInputException(string.Create(c,
                $"the passive void regions leave {1 - (voids / n):P1} of the domain for material ({n - voids} of {n} elements), less than the volume fraction {target} the equality constraint asks for; shrink the passive void or lower the volume fraction"));
        }
    }

    private void CheckDesign(ReadOnlySpan<double> x)
    {
        CheckLength(x.Length, nameof(x));
        for (var i = 0; i < x.Length; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                throw new InvalidInputException($"design variable {i} is {x[i].ToString(CultureInfo.InvariantCulture)}; every design variable must be a finite number");
            }
        }
    }

    private void CheckLength(int length, string name)
    {
        if (length != VariableCount)
        {
            throw new ArgumentException($"expected {VariableCount} values ({FieldCount} field(s) x {ElementCount} elements), got {length}", name);
        }
    }
}
