using System.Globalization;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Solvers.Krylov;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// The multigrid-preconditioned CG (<see cref="MultigridCgSolver"/>) behind the <see cref="ILinearElasticSolver"/>
/// seam, registered as <c>mgcg</c>. It needs a structured grid of Q4 elements (<see cref="GridMesh"/>,
/// <see cref="Q4Basis"/>) and takes 1 … 6 coefficients per element. <see cref="Solve"/> starts from the
/// content of the solution (the previous displacements in an optimization: a warm start) and stops when
/// ‖f − K·u‖ ≤ tol·‖f‖ over the free DOFs — relative to the load, not to the start's residual, so a warm
/// start saves iterations and never tightens the test — using CG's recurrence residual (no extra product
/// with K). tol = 10⁻⁶ by default: the compliance then agrees with the Cholesky's to about 10⁻¹⁰ and the
/// sensitivities to about 10⁻⁴ of their largest value (docs/multigrid.md).
/// </summary>
public sealed class MultigridSolver : ILinearElasticSolver
{
    private readonly MultigridCgSolver _solver;
    private int _updates;
    private int _solves;
    private long _totalIterations;
    private TimeSpan _lastSolve;

    /// <summary>Builds the hierarchy for <paramref name="system"/>.</summary>
    /// <exception cref="InvalidInputException">The mesh is not a structured Q4 grid, or the options are out of range.</exception>
    public MultigridSolver(ElasticSystem system, MultigridOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(system);
        if (!Supports(system))
        {
            throw new InvalidInputException($"the mgcg solver needs a structured grid of Q4 elements, not a {system.Mesh.GetType().Name} of {system.Element.Name} elements; use --solver cholesky");
        }

        System = system;
        _solver = new MultigridCgSolver((GridMesh)system.Mesh, (Q4Basis)system.Element, system.CoefficientCount, system.FixedDofs, options);
    }

    /// <inheritdoc/>
    public string Name => "mgcg";

    /// <inheritdoc/>
    public ElasticSystem System { get; }

    /// <summary>The solver itself (levels, options, memory, last statistics).</summary>
    public MultigridCgSolver Inner => _solver;

    /// <summary>CG iterations summed over every solve so far.</summary>
    public long TotalIterations => _totalIterations;

    /// <inheritdoc/>
    public SolverStatistics Statistics => new(
        Name,
        System.UnknownCount,
        _updates,
        _solves,
        _solver.AnalysisTime,
        _solver.UpdateTime,
        _lastSolve,
        LastIterations: _solver.LastStatistics?.Iterations,
        LastRelativeResidual: _solver.LastStatistics?.RelativeResidual,
        TotalIterations: _totalIterations);

    /// <summary>True when <paramref name="system"/> is one this solver takes: a <see cref="GridMesh"/> of <see cref="Q4Basis"/> elements.</summary>
    public static bool Supports(ElasticSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return system.Mesh is GridMesh && system.Element is Q4Basis;
    }

    /// <inheritdoc/>
    public void Update(ReadOnlySpan<double> coefficients)
    {
        System.CheckCoefficients(coefficients);
        _solver.Update(coefficients);
        _updates++;
    }

    /// <inheritdoc/>
    /// <exception cref="SolverNotConvergedException">CG reached its iteration limit or broke down.</exception>
    public void Solve(ReadOnlySpan<double> rhs, Span<double> solution, int count)
    {
        System.CheckRightHandSides(rhs.Length, solution.Length, count);
        var statistics = _solver.Solve(rhs, solution, count);
        _solves += count;
        _totalIterations += statistics.Iterations;
        _lastSolve = statistics.SolveTime;
        if (!statistics.Converged)
        {
            var why = statistics.Exit == IterativeSolveExit.IterationLimit
                ? string.Create(CultureInfo.InvariantCulture, $"after {statistics.MaxIterations} iterations the relative residual is {statistics.RelativeResidual:G3}, above {_solver.Options.RelativeTolerance:G3}")
                : string.Create(CultureInfo.InvariantCulture, $"CG broke down after {statistics.MaxIterations} iterations (the stiffness matrix is not positive definite, or not finite)");
            throw new SolverNotConvergedException($"the mgcg solver did not converge: {why}; use --solver cholesky", statistics.MaxIterations, statistics.RelativeResidual);
        }
    }
}
