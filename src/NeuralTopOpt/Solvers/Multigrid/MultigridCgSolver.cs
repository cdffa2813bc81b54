using System.Diagnostics;
using System.Globalization;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Solvers.Krylov;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>The outcome of one <see cref="MultigridCgSolver.Solve(ReadOnlySpan{double}, Span{double})"/> call.</summary>
/// <param name="Iterations">CG iterations (each one product with K and one multigrid cycle), summed over right-hand sides.</param>
/// <param name="MaxIterations">The most iterations any one right-hand side took.</param>
/// <param name="RelativeResidual">The largest final ‖f − K·u‖/‖f‖ over the right-hand sides (CG's recurrence residual).</param>
/// <param name="Exit">Converged, or the first failure met.</param>
/// <param name="SolveTime">Wall time of the solve.</param>
public sealed record SolveStatistics(int Iterations, int MaxIterations, double RelativeResidual, IterativeSolveExit Exit, TimeSpan SolveTime)
{
    /// <summary>True when every right-hand side converged.</summary>
    public bool Converged => Exit == IterativeSolveExit.Converged;
}

/// <summary>One level of the hierarchy, for reports.</summary>
/// <param name="ElementsX">Elements along x.</param>
/// <param name="ElementsY">Elements along y.</param>
/// <param name="Unknowns">Free DOFs.</param>
public sealed record MultigridLevelInfo(int ElementsX, int ElementsY, int Unknowns);

/// <summary>
/// Multigrid-preconditioned conjugate gradients for K(c)·u = f on a structured grid of Q4 elements
/// (<see cref="GridMesh"/>), with the element stiffness given as a combination of basis matrices,
/// Kₑ = Σ_t c_{e,t}·K_t (Eq. 10 of the paper; T = 4 for the orthotropic C11, C12, C22, C33, 6 with
/// C13, C23). Geometric multigrid on nested grids (bilinear transfers, Galerkin coarse operators by
/// default, damped-Jacobi smoothing, the project's sparse Cholesky on the coarsest level) preconditions
/// CG; the finest operator is applied matrix-free. See docs/multigrid.md for the design and measurements.
/// </summary>
/// <remarks>
/// Use: construct once per mesh and supports (the hierarchy, transfers and the coarsest symbolic
/// factorization are built here), <see cref="Update"/> with each new set of coefficients (diagonals,
/// coarse operators, coarsest factorization), then <see cref="Solve(ReadOnlySpan{double}, Span{double})"/>
/// for any number of right-hand sides. Fixed DOFs are eliminated (masked): the solution is zero there
/// and forces on them are ignored, as in <see cref="LinearElasticAnalysis"/>. Results do not depend on the
/// number of threads. Not thread-safe.
/// </remarks>
public sealed class MultigridCgSolver
{
    private readonly GridLayout _layout;
    private readonly MultigridPreconditioner _preconditioner;
    private readonly ConjugateGradient _cg;
    private readonly BlockVectorOps _ops;
    private readonly double[] _x;
    private readonly int _terms;
    private bool _updated;

    /// <summary>
    /// Builds the solver for <paramref name="mesh"/> with element basis <paramref name="basis"/>, of which the first
    /// <paramref name="terms"/> matrices are used (1 … 6), and the homogeneous supports <paramref name="fixedDofs"/>
    /// (mesh DOF numbers).
    /// </summary>
    public MultigridCgSolver(GridMesh mesh, Q4Basis basis, int terms, ReadOnlySpan<int> fixedDofs, MultigridOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(mesh);
        ArgumentNullException.ThrowIfNull(basis);
        Options = options ?? new MultigridOptions();
        Options.Validate();
        if (terms < 1 || terms > 6)
        {
            throw new InvalidInputException($"a Q4 element has 1 to 6 basis matrices, not {terms}");
        }

        foreach (var dof in fixedDofs)
        {
            if ((uint)dof >= (uint)mesh.DofCount)
            {
                throw new InvalidInputException($"fixed DOF {dof} is outside 0..{mesh.DofCount - 1}");
            }
        }

        var clock = Stopwatch.StartNew();
        Mesh = mesh;
        _terms = terms;
        _preconditioner = new MultigridPreconditioner(mesh.ElementsX, mesh.ElementsY, new TermBasis(basis, terms), fixedDofs, Options);
        _layout = _preconditioner.Levels[0].Layout;
        _ops = new BlockVectorOps(Options.MaxDegreeOfParallelism);
        _cg = new ConjugateGradient(_layout.Length, _ops);
        _x = new double[_layout.Length];
        FixedDofs = fixedDofs.ToArray();
        AnalysisTime = clock.Elapsed;
    }

    /// <summary>The mesh.</summary>
    public GridMesh Mesh { get; }

    /// <summary>The settings.</summary>
    public MultigridOptions Options { get; }

    /// <summary>The fixed DOFs (mesh numbering).</summary>
    public IReadOnlyList<int> FixedDofs { get; }

    /// <summary>Coefficients per element (T).</summary>
    public int Terms => _terms;

    /// <summary>The levels, finest first; the last is solved by Cholesky.</summary>
    public IReadOnlyList<MultigridLevelInfo> Levels =>
        _preconditioner.Levels.Select(l => new MultigridLevelInfo(l.Layout.ElementsX, l.Layout.ElementsY, l.Layout.DofCount - l.FixedPositions.Length)).ToArray();

    /// <summary>Time spent in the constructor (hierarchy, transfers, coarsest symbolic factorization).</summary>
    public TimeSpan AnalysisTime { get; }

    /// <summary>Time of the last <see cref="Update"/>.</summary>
    public TimeSpan UpdateTime { get; private set; }

    /// <summary>Statistics of the last solve.</summary>
    public SolveStatistics? LastStatistics { get; private set; }

    /// <summary>Bytes held by the solver: hierarchy (operators, vectors, transfers, coarsest factor) and CG vectors.</summary>
    public long MemoryBytes => _preconditioner.MemoryBytes + _cg.MemoryBytes + (8L * _x.Length);

    /// <summary>
    /// Sets the element coefficients c (element-major: T values per element, elements numbered as in the
    /// mesh) and rebuilds the diagonals, coarse operators and the coarsest factorization.
    /// </summary>
    /// <exception cref="InvalidInputException">A coefficient is NaN or infinite, or the length is wrong.</exception>
    /// <exception cref="Sparse.NotPositiveDefiniteException">The stiffness is not positive definite (e.g. a free DOF without stiffness, or too few supports).</exception>
    public void Update(ReadOnlySpan<double> coefficients)
    {
        if (coefficients.Length != _terms * Mesh.ElementCount)
        {
            throw new InvalidInputException($"expected {_terms} coefficients for each of {Mesh.ElementCount} elements, got {coefficients.Length} values");
        }

        for (var i = 0; i < coefficients.Length; i++)
        {
            if (!double.IsFinite(coefficients[i]))
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"coefficient {i % _terms} of element {i / _terms} is {coefficients[i]}, not a finite number"));
            }
        }

        var clock = Stopwatch.StartNew();
        _updated = false;
        _preconditioner.Update(coefficients);
        _updated = true;
        UpdateTime = clock.Elapsed;
    }

    /// <summary>
    /// Solves K·u = f for one right-hand side in mesh numbering. <paramref name="solution"/> holds the start on
    /// entry (the previous solution for a warm start; zeros for a cold one) and u on exit (zero on fixed DOFs).
    /// </summary>
    public SolveStatistics Solve(ReadOnlySpan<double> rhs, Span<double> solution) => Solve(rhs, solution, 1);

    /// <summary>
    /// Solves K·U = F for <paramref name="rightHandSides"/> columns stored one after another (each of
    /// <see cref="GridMesh.DofCount"/> values), each warm-started from its column of <paramref name="solution"/>.
    /// </summary>
    public SolveStatistics Solve(ReadOnlySpan<double> rhs, Span<double> solution, int rightHandSides)
    {
        if (!_updated)
        {
            throw new InvalidOperationException("Update must succeed before Solve");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(rightHandSides, 1);
        var n = Mesh.DofCount;
        if (rhs.Length != n * rightHandSides || solution.Length != n * rightHandSides)
        {
            throw new ArgumentException($"the right-hand sides and solutions must hold {rightHandSides} columns of {n} values");
        }

        var clock = Stopwatch.StartNew();
        var fixedPositions = _preconditioner.Levels[0].FixedPositions;
        int total = 0, most = 0;
        double worst = 0;
        var exit = IterativeSolveExit.Converged;
        for (var k = 0; k < rightHandSides; k++)
        {
            var b = _cg.Residual;
            _layout.FromMesh(rhs.Slice(k * n, n), b);
            _layout.FromMesh(solution.Slice(k * n, n), _x);
            foreach (var position in fixedPositions)
            {
                b[position] = 0;
                _x[position] = 0;
            }

            var outcome = _cg.Solve(_preconditioner.Levels[0].Operator, _preconditioner, _x, Options.RelativeTolerance, Options.MaxIterations);
            _layout.ToMesh(_x, solution.Slice(k * n, n));
            total += outcome.Iterations;
            most = Math.Max(most, outcome.Iterations);
            worst = Math.Max(worst, outcome.RelativeResidual);
            if (exit == IterativeSolveExit.Converged)
            {
                exit = outcome.Exit;
            }
        }

        LastStatistics = new SolveStatistics(total, most, worst, exit, clock.Elapsed);
        return LastStatistics;
    }
}
