using System.Diagnostics;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Sparse;
using NeuralTopOpt.Sparse.Factorization;
using NeuralTopOpt.Sparse.Ordering;
using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Solvers;

/// <summary>
/// The direct <see cref="ILinearElasticSolver"/>: the free DOFs become the unknowns (in mesh order), the
/// pattern and scatter map (<see cref="StiffnessAssembler"/>), the nested-dissection ordering of the mesh
/// and the symbolic factorization are built once; <see cref="Update"/> assembles K(c) and factorizes it
/// (<see cref="SparseCholesky"/>), <see cref="Solve"/> solves every right-hand side with that factor.
/// </summary>
public sealed class CholeskySolver : ILinearElasticSolver
{
    private readonly FreeDofs _free;
    private readonly int[] _dofOf;
    private double[] _rhs = [];
    private double[] _solution = [];
    private int _updates;
    private int _solves;

    /// <summary>Builds the maps, pattern, ordering and symbolic factorization of <paramref name="system"/>.</summary>
    public CholeskySolver(ElasticSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        System = system;
        var mesh = system.Mesh;
        var clock = Stopwatch.StartNew();

        // Free DOFs become the unknowns, in mesh order.
        var free = new FreeDofs(system);
        _free = free;
        _dofOf = free.DofOf;
        Assembler = new StiffnessAssembler(free.Count, free.ElementTable, mesh.DofsPerElement);
        var ordering = Permutation.Restrict(Permutation.ExpandBlocks(mesh.NodeOrdering(), mesh.DofsPerNode), free.UnknownOf);
        Cholesky = SparseCholesky.Create(Assembler.Matrix, ordering);
        SetupTime = clock.Elapsed;
    }

    /// <inheritdoc/>
    public string Name => "cholesky";

    /// <inheritdoc/>
    public ElasticSystem System { get; }

    /// <summary>Assembly of the reduced stiffness matrix (free DOFs only); its <see cref="StiffnessAssembler.Matrix"/> holds the last K.</summary>
    public StiffnessAssembler Assembler { get; }

    /// <summary>The reduced stiffness matrix K of the last <see cref="Update"/> (lower triangle, unknowns in mesh order).</summary>
    public CompressedColumnMatrix Matrix => Assembler.Matrix;

    /// <summary>The factorization (symbolic analysis and the numeric factor of the last update).</summary>
    public SparseCholesky Cholesky { get; }

    /// <summary>Time of the constructor (maps, pattern, ordering, symbolic factorization).</summary>
    public TimeSpan SetupTime { get; }

    /// <summary>Time of the assembly in the last <see cref="Update"/>.</summary>
    public TimeSpan LastAssembly { get; private set; }

    /// <summary>Time of the numeric factorization in the last <see cref="Update"/>.</summary>
    public TimeSpan LastFactorization { get; private set; }

    /// <summary>Time of the last <see cref="Solve"/>.</summary>
    public TimeSpan LastSolve { get; private set; }

    /// <inheritdoc/>
    public SolverStatistics Statistics => new(
        Name, _dofOf.Length, _updates, _solves, SetupTime, LastAssembly + LastFactorization, LastSolve, Cholesky.Symbolic.FactorNonzeros);

    /// <summary>The mesh DOF of unknown <paramref name="unknown"/>.</summary>
    public int DofOf(int unknown) => _dofOf[unknown];

    /// <inheritdoc/>
    public void Update(ReadOnlySpan<double> coefficients)
    {
        System.CheckCoefficients(coefficients);
        var start = Stopwatch.GetTimestamp();
        Assembler.Assemble(coefficients, System.Element);
        var assembled = Stopwatch.GetTimestamp();
        try
        {
            Cholesky.Factorize(Assembler.Matrix.Values);
        }
        catch (NotPositiveDefiniteException error)
        {
            throw Explain(error);
        }

        LastAssembly = Stopwatch.GetElapsedTime(start, assembled);
        LastFactorization = Stopwatch.GetElapsedTime(assembled);
        _updates++;
    }

    /// <inheritdoc/>
    public void Solve(ReadOnlySpan<double> rhs, Span<double> solution, int count)
    {
        System.CheckRightHandSides(rhs.Length, solution.Length, count);
        if (!Cholesky.IsFactorized)
        {
            throw new InvalidOperationException("Update the solver with coefficients before solving");
        }

        var start = Stopwatch.GetTimestamp();
        var n = _dofOf.Length;
        if (_rhs.Length != count * n)
        {
            _rhs = new double[count * n];
            _solution = new double[count * n];
        }

        _free.Gather(rhs, _rhs, count);
        Cholesky.Solve(_rhs, _solution, count);
        _free.Scatter(_solution, solution, count);
        _solves += count;
        LastSolve = Stopwatch.GetElapsedTime(start);
    }

    /// <summary>Restates a pivot failure in terms of the mesh: which node and direction.</summary>
    private NotPositiveDefiniteException Explain(NotPositiveDefiniteException error)
    {
        var dof = _dofOf[error.Column];
        var where = System.Mesh.DescribeDof(dof);
        var message = error.Failure switch
        {
            PivotFailure.Singular => $"the stiffness matrix is singular at {where}: the structure can move without deforming; add supports",
            PivotFailure.NotFinite => $"the stiffness matrix holds NaN or infinity at {where}; check the element stiffness values",
            _ => $"the stiffness matrix is not positive definite at {where}; check for negative element stiffness, or take the solver lu (partial pivoting, as the paper's SuperLU) for an indefinite material",
        };
        return new NotPositiveDefiniteException(message, dof, error.Pivot, error.Failure);
    }
}
