using NeuralTopOpt.Solvers.Multigrid;

namespace NeuralTopOpt.Solvers;

/// <summary>
/// The linear solvers by name: what <c>ntopo</c> and the setup records choose from. <c>cholesky</c> (the
/// sparse direct solver), <c>mgcg</c> (multigrid-preconditioned CG, structured Q4 grids) and <c>auto</c>,
/// which picks one of them per system by <see cref="Resolve"/>.
/// </summary>
public static class LinearSolvers
{
    /// <summary>The name that picks a solver by size.</summary>
    public const string Auto = "auto";

    /// <summary>The sparse Cholesky factorization.</summary>
    public const string Cholesky = "cholesky";

    /// <summary>Multigrid-preconditioned CG.</summary>
    public const string Multigrid = "mgcg";

    /// <summary>
    /// The solver of the analysis classes when none is given (<see cref="Fem.LinearElasticAnalysis"/>,
    /// <see cref="Optimization.Topology.ComplianceProblem"/>): the exact direct one. The setup record
    /// (<see cref="Optimization.Topology.TopologySetup.Solver"/>) and <c>ntopo</c> default to <see cref="Auto"/>.
    /// </summary>
    public const string Default = Cholesky;

    /// <summary>
    /// <c>auto</c> takes the multigrid-CG above this many unknowns (free DOFs) on a structured Q4 grid, the
    /// Cholesky up to it and on any other mesh. It is the default size of the multigrid's coarsest level
    /// (<see cref="MultigridOptions.CoarsestMaxUnknowns"/>): below it the multigrid has one level, the
    /// Cholesky itself plus CG's overhead (1.0–1.2× its time, measured); above it, per optimization solve on
    /// the half MBB beam (update + warm-started solve, <c>ntopo bench crossover</c>), the Cholesky took
    /// 1.2× the multigrid's time at 300×150 (90,750 unknowns) and 1.5× at 400×200, growing with size
    /// (docs/multigrid.md).
    /// </summary>
    public const int AutoMultigridUnknowns = 65_000;

    private static readonly Dictionary<string, Func<ElasticSystem, ILinearElasticSolver>> Factories = new(StringComparer.Ordinal)
    {
        [Auto] = system => Create(Resolve(Auto, system), system),
        [Cholesky] = system => new CholeskySolver(system),
        [Multigrid] = system => new MultigridSolver(system),
        ["lu"] = system => new BandedLuSolver(system),
        ["cholesky-lu"] = system => new CholeskyOrLuSolver(system),
    };

    /// <summary>Every registered name (<c>auto</c> first).</summary>
    public static IReadOnlyList<string> Names => [.. Factories.Keys];

    /// <summary>
    /// The concrete solver <paramref name="name"/> stands for on <paramref name="system"/>: itself, or for
    /// <c>auto</c>, <c>mgcg</c> when the system is a structured Q4 grid with more than
    /// <see cref="AutoMultigridUnknowns"/> unknowns and <c>cholesky</c> otherwise.
    /// </summary>
    /// <exception cref="InvalidInputException">Unknown name.</exception>
    public static string Resolve(string name, ElasticSystem system)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(system);
        Check(name);
        return name != Auto ? name
            : MultigridSolver.Supports(system) && system.UnknownCount > AutoMultigridUnknowns ? Multigrid
            : Cholesky;
    }

    /// <summary>The solver called <paramref name="name"/> for <paramref name="system"/>.</summary>
    /// <exception cref="InvalidInputException">Unknown name, or a solver that does not take the system.</exception>
    public static ILinearElasticSolver Create(string name, ElasticSystem system)
    {
        Check(name);
        return Factories[name](system);
    }

    /// <summary>Throws <see cref="InvalidInputException"/> unless <paramref name="name"/> is registered.</summary>
    public static void Check(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!Factories.ContainsKey(name))
        {
            throw new InvalidInputException($"unknown linear solver '{name}'; expected {string.Join(", ", Factories.Keys)}");
        }
    }
}
