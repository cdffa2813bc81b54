using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Filters;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Solvers;

namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// One topology run as independent choices — problem, cell family, material, filter, constraint,
/// optimizer, stopping, linear solver — validated once (<see cref="Validate"/>) and built once
/// (<see cref="Build"/>). <c>ntopo optimize</c>, <c>ntopo check-gradient</c> and the study map their
/// inputs onto this record; the rules of which choices go together live here and in the cell family's
/// material factory (<see cref="ICellFamily.CreateMaterial"/>), nowhere else.
/// </summary>
/// <example>
/// <code>
/// var setup = new TopologySetup
/// {
///     Problem = StandardProblems.HalfMbb(60, 30),
///     Cell = CellFamilies.Hole,
///     Material = MaterialSource.Network(ModelFile.Load("hbto-hole-cell-1e4.json"), "nnj"),
/// };
/// TopologyRunResult result = TopologyRun.Execute(setup.Build());
/// </code>
/// </example>
public sealed record TopologySetup
{
    /// <summary>The structure: mesh, supports, loads, passive regions.</summary>
    public required StructuralProblem Problem { get; init; }

    /// <summary>The design parameterization (default: the density of DBTO).</summary>
    public ICellFamily Cell { get; init; } = CellFamilies.Density;

    /// <summary>Where the material comes from; null only while validating a plan whose networks do not exist yet.</summary>
    public MaterialSource? Material { get; init; } = MaterialSource.Simp();

    /// <summary>The 2D reduction of the solid (the paper: plane strain).</summary>
    public PlaneCondition Plane { get; init; } = PlaneCondition.Strain;

    /// <summary>V_t.</summary>
    public double VolumeFraction { get; init; } = 0.5;

    /// <summary>The filter (the paper's sensitivity filter by default).</summary>
    public FilterKind Filter { get; init; } = FilterKind.Sensitivity;

    /// <summary>Filter radius in element sides (the paper: 2.7).</summary>
    public double FilterRadius { get; init; } = 2.7;

    /// <summary>The volume constraint's form; null for the optimizer's own (an inequality for MMA, the paper's equality otherwise).</summary>
    public ConstraintForm? Constraint { get; init; }

    /// <summary>The optimizer (<see cref="TopologyOptimizers.Names"/>).</summary>
    public string Optimizer { get; init; } = "trust-region";

    /// <summary>The trust-region Hessian (<c>auto</c>, <c>bfgs</c>, <c>lbfgs</c>); null for <c>auto</c>. Only for the trust-region optimizer.</summary>
    public string? Hessian { get; init; }

    /// <summary>Iteration cap.</summary>
    public int MaxIterations { get; init; } = 3000;

    /// <summary>The optimizer's tolerance (<see cref="TopologyOptimizers.Stopping"/>); null for its default.</summary>
    public double? Tolerance { get; init; }

    /// <summary>
    /// The linear solver (<see cref="LinearSolvers.Names"/>); null for the default of the material: <c>auto</c>
    /// (the Cholesky up to <see cref="LinearSolvers.AutoMultigridUnknowns"/> unknowns, the multigrid-CG above), or
    /// <c>cholesky-lu</c> under the paper's clamp (<see cref="StiffnessClamp.Paper"/>), whose tensors may make K
    /// indefinite.
    /// </summary>
    public string? Solver { get; init; }

    /// <summary>The linear solver in effect (before <c>auto</c> picks by size).</summary>
    public string ResolvedSolver => Solver ?? (Material?.Clamp == StiffnessClamp.Paper ? "cholesky-lu" : LinearSolvers.Auto);

    /// <summary>The constraint form in effect.</summary>
    public ConstraintForm ResolvedConstraint => Constraint ?? (Optimizer == "mma" ? ConstraintForm.Inequality : ConstraintForm.Equality);

    /// <summary>The settings of the compliance problem.</summary>
    public ComplianceSettings Settings => new(VolumeFraction, Cell, Filter, FilterRadius, ResolvedConstraint);

    /// <summary>When the run stops (<see cref="TopologyOptimizers.Stopping"/>).</summary>
    public StoppingCriteria Stopping => TopologyOptimizers.Stopping(Optimizer, MaxIterations, Tolerance);

    /// <summary>The trust-region Hessian in effect for a problem of <paramref name="variableCount"/> variables (null for other optimizers).</summary>
    public string? ResolvedHessian(int variableCount) =>
        Optimizer == "trust-region" ? TopologyOptimizers.ResolveHessian(Hessian ?? "auto", variableCount) : null;

    /// <summary>
    /// Throws <see cref="InvalidInputException"/> (one line) for a choice that cannot run, and its subclass
    /// <see cref="IncompatibleChoicesException"/> for choices that do not go together (a Hessian without the
    /// trust-region optimizer, MMA with an equality, OC with a nonlinear volume, plane stress with a cell's
    /// network, SIMP for a homogenized cell).
    /// </summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Problem);
        ArgumentNullException.ThrowIfNull(Cell);
        if (!TopologyOptimizers.Names.Contains(Optimizer))
        {
            throw new InvalidInputException($"unknown optimizer '{Optimizer}'; expected {string.Join(", ", TopologyOptimizers.Names)}");
        }

        if (Hessian is not null && Optimizer != "trust-region")
        {
            throw new IncompatibleChoicesException($"the Hessian ({Hessian}) is a setting of the trust-region optimizer, not of {Optimizer}");
        }

        if (Hessian is not null)
        {
            TopologyOptimizers.ResolveHessian(Hessian, 1);
        }

        if (Optimizer == "mma" && Constraint == ConstraintForm.Equality)
        {
            throw new IncompatibleChoicesException("the optimizer mma treats the volume constraint as an inequality; take the inequality or the trust-region optimizer");
        }

        if (Optimizer == "oc" && !Cell.SolidFractionIsLinear)
        {
            throw new IncompatibleChoicesException(
                $"the optimizer oc treats one linear volume constraint; the volume of the {Cell.Name} cell is nonlinear in its fields ({string.Join(", ", Cell.Parameters.Select(p => p.Name))}): use trust-region or mma");
        }

        if (Plane == PlaneCondition.Stress && Cell != CellFamilies.Density && Material is null or NetworkSource)
        {
            // The cells' networks learn C^H homogenized in plane strain (the paper's); a run in plane stress
            // would mix the two reductions. A model of the caller's (MaterialSource.Custom) says its own.
            throw new IncompatibleChoicesException(
                $"plane stress does not apply to the {Cell.Name} cell: its network gives the plane-strain C^H it was trained on (cells are homogenized in plane strain)");
        }

        LinearSolvers.Check(ResolvedSolver);

        Settings.Validate();
        Stopping.Validate();
        if (Material is not null)
        {
            Cell.CreateMaterial(Material, Plane);
        }
    }

    /// <summary>Validates, then builds the material, the compliance problem (with its solver) and the optimizer.</summary>
    /// <exception cref="InvalidInputException">As <see cref="Validate"/>, or no material.</exception>
    public TopologyRunSetup Build()
    {
        var problem = BuildProblem();
        var hessian = ResolvedHessian(problem.VariableCount);
        return new TopologyRunSetup(problem, TopologyOptimizers.Create(Optimizer, problem.VariableCount, hessian ?? "auto"), Stopping, hessian);
    }

    /// <summary>Validates, then builds the material and the compliance problem with its solver (no optimizer: to evaluate given designs).</summary>
    /// <exception cref="InvalidInputException">As <see cref="Validate"/>, or no material.</exception>
    public ComplianceProblem BuildProblem()
    {
        Validate();
        var source = Material ?? throw new InvalidInputException("the setup has no material");
        var material = Cell.CreateMaterial(source, Plane);
        var analysis = new LinearElasticAnalysis(Problem, coefficientCount: material.StiffnessEntries, solver: ResolvedSolver);
        return new ComplianceProblem(Problem, material, Settings, analysis);
    }
}

/// <summary>What <see cref="TopologySetup.Build"/> made: ready for <see cref="TopologyRun.Execute(ComplianceProblem, IOptimizer, StoppingCriteria, TopologyRunOptions?, IProgress{TopologyIteration}?, CancellationToken)"/>.</summary>
/// <param name="Problem">The compliance problem.</param>
/// <param name="Optimizer">The optimizer.</param>
/// <param name="Stopping">When to stop.</param>
/// <param name="Hessian">The trust-region Hessian in effect (<c>bfgs</c> or <c>lbfgs</c>), null for other optimizers.</param>
public sealed record TopologyRunSetup(ComplianceProblem Problem, IOptimizer Optimizer, StoppingCriteria Stopping, string? Hessian);
