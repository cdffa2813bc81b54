using System.Diagnostics;
using System.Globalization;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Materials;

namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// Minimum compliance with a volume constraint (Eq. 9 of the paper) for any cell family, material
/// model and structural problem, as an <see cref="IOptimizationProblem"/> that knows nothing of the
/// optimizer:
/// <code>
///   minimize φ(θ) = Σ_l f_lᵀ u_l(θ)   subject to  v(θ̃) = V_t (or ≤ V_t),  θ within the family's bounds,
///   ∂φ/∂θ̃ₑ = −Σ_l u_{l,e}ᵀ (Σ_t ∂C_t/∂θ̃ₑ K_t) u_{l,e}       (Eq. 10–11)
/// </code>
/// A chain of modules, each with a forward and a backward pass: the design (filter and passive
/// elements, <see cref="DesignSpace"/>; x = k fields, field-major as in the paper's code), the material
/// (<see cref="IMaterialModel"/>: θ̃ → C, ∂C/∂θ̃), the FE solve (<see cref="LinearElasticAnalysis"/>:
/// C → u, φ and the basis energies) and the chain rule of Eq. (11). θ̃ is computed once per design and
/// shared by the objective, the constraint and the observers. Observers get one
/// <see cref="ComplianceEvaluation"/> per evaluation through <see cref="Evaluated"/>; the problem
/// records nothing itself.
/// </summary>
public sealed class ComplianceProblem : IOptimizationProblem, ILinearConstraintInfo
{
    private readonly DesignSpace _space;
    private readonly double[] _designs;
    private readonly double[] _stiffness;
    private readonly double[] _derivatives;
    private readonly double[] _displacements;
    private readonly double[] _energies;
    private readonly double[] _raw;

    /// <summary>Sets up the problem; the FE analysis (with its solver set-up) is built here unless given.</summary>
    /// <exception cref="InvalidInputException">Invalid settings, or a material model that does not take the cell family's k design variables.</exception>
    public ComplianceProblem(StructuralProblem structure, IMaterialModel material, ComplianceSettings settings, LinearElasticAnalysis? analysis = null)
    {
        ArgumentNullException.ThrowIfNull(structure);
        ArgumentNullException.ThrowIfNull(material);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var k = settings.Cell.FieldCount;
        if (material.DesignVariablesPerElement != k)
        {
            throw new InvalidInputException(
                $"the material model '{material.Name}' takes {material.DesignVariablesPerElement} design variable(s) per element, but the {settings.Cell.Name} cell has {k}");
        }

        if (analysis is not null && (!ReferenceEquals(analysis.Problem, structure) || analysis.CoefficientCount != material.StiffnessEntries))
        {
            throw new ArgumentException("the analysis belongs to another problem or takes another number of stiffness entries", nameof(analysis));
        }

        Structure = structure;
        Material = material;
        Settings = settings;
        Analysis = analysis ?? new LinearElasticAnalysis(structure, coefficientCount: material.StiffnessEntries);
        _space = new DesignSpace(structure, settings);
        CheckPassiveRegions(structure, settings);
        var n = structure.Mesh.ElementCount;
        var m = material.StiffnessEntries;
        _designs = new double[k * n];
        _stiffness = new double[m * n];
        _derivatives = new double[m * k * n];
        _displacements = new double[structure.LoadCases.Count * structure.Mesh.DofCount];
        _energies = new double[m * n];
        _raw = new double[k * n];
    }

    /// <summary>
    /// This problem with the loads divided by <paramref name="divisor"/> (<see cref="StructuralProblem.WithLoadsDividedBy"/>):
    /// same material, settings and solver; its compliance is φ/divisor². Not to be evaluated at the same time as this one.
    /// </summary>
    public ComplianceProblem WithLoadsDividedBy(double divisor)
    {
        var structure = Structure.WithLoadsDividedBy(divisor);
        return new ComplianceProblem(structure, Material, Settings, Analysis.WithLoadsOf(structure));
    }

    /// <summary>Called after every <see cref="Evaluate"/> with its record (an observer collects them per iteration).</summary>
    public event Action<ComplianceEvaluation>? Evaluated;

    /// <summary>The structural problem.</summary>
    public StructuralProblem Structure { get; }

    /// <summary>The material model θₑ → Cₑ.</summary>
    public IMaterialModel Material { get; }

    /// <summary>The settings.</summary>
    public ComplianceSettings Settings { get; }

    /// <summary>The FE analysis (reusable, e.g. for post-processing).</summary>
    public LinearElasticAnalysis Analysis { get; }

    /// <summary>The cell family of the design.</summary>
    public Cells.ICellFamily Cell => Settings.Cell;

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

    /// <inheritdoc/>
    public bool IsConstraintLinear(int index) => index == 0 && Settings.Cell.SolidFractionIsLinear;

    /// <inheritdoc/>
    public void GetBounds(Span<double> lower, Span<double> upper)
    {
        CheckLength(lower.Length, nameof(lower));
        CheckLength(upper.Length, nameof(upper));
        _space.Bounds(lower, upper);
    }

    /// <summary>
    /// The paper's starting point (Fig. 4B/4C): every active element at the family's uniform start design,
    /// passive elements at their fixed values. Without passive elements it is the start of volume V_t
    /// (the density V_t, the hole √(1 − V_t)); with them the start level is found by bisection so that
    /// v(θ̃) = V_t holds for the physical design (the constructor refuses passive regions that make the
    /// target unreachable).
    /// </summary>
    public double[] InitialDesign()
    {
        var x = new double[VariableCount];
        if (_space.ActiveCount == ElementCount)
        {
            _space.Fill(x, Cell.StartLevel(Settings.VolumeFraction));
            return x;
        }

        Span<double> ends = stackalloc double[FieldCount];
        Cell.Start(1, ends);
        var top = Cell.SolidFraction(ends);
        Cell.Start(0, ends);
        var growing = top > Cell.SolidFraction(ends);
        double low = 0, high = 1;
        for (var step = 0; step < 60; step++)
        {
            var middle = 0.5 * (low + high);
            _space.Fill(x, middle);
            _space.Forward(x);
            if ((_space.Volume < Settings.VolumeFraction) == growing)
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
        _space.Forward(x);
        values[0] = _space.Volume - Settings.VolumeFraction;
        _space.VolumeGradient(jacobian);
        _space.Mask(jacobian);
        _space.Backward(jacobian);
    }

    /// <summary>Evaluates everything about one design without notifying the observers.</summary>
    public DesignAnalysis Analyze(ReadOnlySpan<double> x)
    {
        var gradient = new double[VariableCount];
        var (compliance, record) = Compute(x, gradient);
        var m = Material.StiffnessEntries;
        var elementCompliance = new double[ElementCount];
        for (var e = 0; e < ElementCount; e++)
        {
            for (var t = 0; t < m; t++)
            {
                elementCompliance[e] += _stiffness[(m * e) + t] * _energies[(m * e) + t];
            }
        }

        return new DesignAnalysis(compliance, record.Volume, _space.Physical.ToArray(), (double[])_raw.Clone(), gradient, elementCompliance, record.ClampedEntries);
    }

    /// <summary>θ̃ for a design x (a copy, field-major): the filter's forward per field, passive elements at their values.</summary>
    public double[] PhysicalDesign(ReadOnlySpan<double> x)
    {
        CheckDesign(x);
        _space.Forward(x);
        return _space.Physical.ToArray();
    }

    /// <summary>v(θ̃) of a design x (computed once per design: the last one is kept).</summary>
    public double VolumeOf(ReadOnlySpan<double> x)
    {
        CheckDesign(x);
        _space.Forward(x);
        return _space.Volume;
    }

    /// <summary>
    /// The number of the design <paramref name="x"/> (as in <see cref="ComplianceEvaluation.Design"/>) when it is
    /// the last design the problem saw, else null: how observers tell which evaluation belongs to an iterate.
    /// </summary>
    public long? DesignOf(ReadOnlySpan<double> x) => x.Length == VariableCount && !_space.Forward(x) ? _space.Version : null;

    /// <summary>v(θ̃) of a physical design θ̃ (field-major): the mean solid fraction, Eq. (12) or (13).</summary>
    public double Volume(ReadOnlySpan<double> physical)
    {
        CheckLength(physical.Length, nameof(physical));
        return Cell.MeanSolidFraction(physical, ElementCount);
    }

    private (double Compliance, ComplianceEvaluation Record) Compute(ReadOnlySpan<double> x, Span<double> gradient)
    {
        CheckDesign(x);
        var (n, k, m) = (ElementCount, FieldCount, Material.StiffnessEntries);

        // Design module, forward: θ̃ (once per design).
        var start = Stopwatch.GetTimestamp();
        _space.Forward(x);
        _space.ElementMajor(_designs);
        var filterTime = Stopwatch.GetElapsedTime(start);

        // Material module: C(θ̃), then ∂C/∂θ̃.
        start = Stopwatch.GetTimestamp();
        var clamped = Material.Stiffness(_designs, _stiffness);
        var materialTime = Stopwatch.GetElapsedTime(start);
        start = Stopwatch.GetTimestamp();
        Material.Derivatives(_designs, _derivatives);
        var derivativeTime = Stopwatch.GetElapsedTime(start);

        // FE module: u and φ.
        start = Stopwatch.GetTimestamp();
        var compliance = Analysis.Solve(_stiffness, _displacements);
        var feTime = Stopwatch.GetElapsedTime(start);
        if (!double.IsFinite(compliance))
        {
            throw new NeuralTopOptException($"the compliance is {compliance.ToString(CultureInfo.InvariantCulture)}; the material model returned unusable stiffness");
        }

        // Backward, Eq. (11): ∂φ/∂θ̃_f(e) = −Σ_t ∂C_t/∂θ_f · Σ_l u_eᵀK_t u_e, zero where θ̃ is held fixed.
        start = Stopwatch.GetTimestamp();
        Analysis.ElementEnergies(_displacements, _energies);
        for (var e = 0; e < n; e++)
        {
            for (var f = 0; f < k; f++)
            {
                double sum = 0;
                for (var t = 0; t < m; t++)
                {
                    sum += _derivatives[(m * k * e) + (k * t) + f] * _energies[(m * e) + t];
                }

                _raw[(f * n) + e] = _space.IsActive(e) ? -sum : 0;
            }
        }

        var sensitivityTime = Stopwatch.GetElapsedTime(start);

        // Design module, backward (the sensitivity filter's heuristic, or the chain rule).
        start = Stopwatch.GetTimestamp();
        _space.FilterObjective(x, _raw, gradient);
        filterTime += Stopwatch.GetElapsedTime(start);
        EvaluationCount++;
        var record = new ComplianceEvaluation(
            EvaluationCount, _space.Version, compliance, _space.Volume, clamped, feTime, materialTime, derivativeTime, sensitivityTime, filterTime);
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
