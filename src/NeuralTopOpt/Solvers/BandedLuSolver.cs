using System.Diagnostics;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Sparse;
using NeuralTopOpt.Sparse.Factorization;

namespace NeuralTopOpt.Solvers;

/// <summary>
/// The <see cref="ILinearElasticSolver"/> for stiffness matrices that need not be positive definite: LU
/// with partial pivoting (<see cref="BandedLu"/>) on the free DOFs in mesh order, the factorization class
/// of the paper's <c>scipy.sparse.linalg.spsolve</c> (SuperLU). An element tensor C that is indefinite
/// (the paper's clamp, <see cref="Materials.StiffnessClamp.Paper"/>, allows C12 &gt; √(C11·C22)) can make
/// K indefinite; <see cref="CholeskySolver"/> refuses such a K, this solver solves it as long as it is
/// nonsingular. Slower than the Cholesky (O(n·b²) with b ≈ 2·(short side + 2) DOFs in the 88-line code's
/// column-by-column numbering), so the default stays the Cholesky.
/// </summary>
public sealed class BandedLuSolver : ILinearElasticSolver
{
    private readonly FreeDofs _free;
    private double[] _rhs = [];
    private double[] _solution = [];
    private int _updates;
    private int _solves;

    /// <summary>Builds the maps, the pattern and the band factor of <paramref name="system"/>.</summary>
    /// <exception cref="NeuralTopOptException">The band does not fit in memory.</exception>
    public BandedLuSolver(ElasticSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        System = system;
        var clock = Stopwatch.StartNew();
        _free = new FreeDofs(system);
        Assembler = new StiffnessAssembler(_free.Count, _free.ElementTable, system.Mesh.DofsPerElement);
        var width = BandedLu.Bandwidth(Assembler.Matrix);
        Lu = new BandedLu(Math.Max(1, _free.Count), width, width);
        SetupTime = clock.Elapsed;
    }

    /// <inheritdoc/>
    public string Name => "lu";

    /// <inheritdoc/>
    public ElasticSystem System { get; }

    /// <summary>Assembly of the reduced stiffness matrix (lower triangle, unknowns in mesh order).</summary>
    public StiffnessAssembler Assembler { get; }

    /// <summary>The band factorization.</summary>
    public BandedLu Lu { get; }

    /// <summary>Time of the constructor.</summary>
    public TimeSpan SetupTime { get; }

    private TimeSpan LastUpdate { get; set; }

    private TimeSpan LastSolve { get; set; }

    /// <inheritdoc/>
    public SolverStatistics Statistics => new(Name, _free.Count, _updates, _solves, SetupTime, LastUpdate, LastSolve, Lu.StoredValues);

    /// <inheritdoc/>
    /// <exception cref="SingularMatrixException">K is singular or not finite (the message names the node and direction).</exception>
    public void Update(ReadOnlySpan<double> coefficients)
    {
        System.CheckCoefficients(coefficients);
        var start = Stopwatch.GetTimestamp();
        Assembler.Assemble(coefficients, System.Element);
        try
        {
            Lu.FactorizeSymmetric(Assembler.Matrix, Assembler.Matrix.Values);
        }
        catch (SingularMatrixException error)
        {
            var where = System.Mesh.DescribeDof(_free.DofOf[error.Column]);
            throw new SingularMatrixException(
                double.IsFinite(error.Pivot)
                    ? $"the stiffness matrix is singular at {where}: the structure can move without deforming; add supports"
                    : $"the stiffness matrix holds NaN or infinity at {where}; check the element stiffness values",
                _free.DofOf[error.Column],
                error.Pivot);
        }

        LastUpdate = Stopwatch.GetElapsedTime(start);
        _updates++;
    }

    /// <inheritdoc/>
    public void Solve(ReadOnlySpan<double> rhs, Span<double> solution, int count)
    {
        System.CheckRightHandSides(rhs.Length, solution.Length, count);
        if (!Lu.IsFactorized)
        {
            throw new InvalidOperationException("Update the solver with coefficients before solving");
        }

        var start = Stopwatch.GetTimestamp();
        var n = _free.Count;
        if (_rhs.Length != count * n)
        {
            _rhs = new double[count * n];
            _solution = new double[count * n];
        }

        _free.Gather(rhs, _rhs, count);
        for (var l = 0; l < count; l++)
        {
            Lu.Solve(_rhs.AsSpan(l * n, n), _solution.AsSpan(l * n, n));
        }

        _free.Scatter(_solution, solution, count);
        _solves += count;
        LastSolve = Stopwatch.GetElapsedTime(start);
    }
}
