using System.Diagnostics;
using System.Globalization;
using NeuralTopOpt.Sparse;
using NeuralTopOpt.Sparse.Factorization;
using NeuralTopOpt.Sparse.Ordering;

namespace NeuralTopOpt.Fem;

/// <summary>
/// Static analysis K(C)·u = f of a <see cref="StructuralProblem"/> for every load case, with a
/// different orthotropic C per element. Everything that depends only on the problem — DOF maps,
/// sparsity pattern, scatter map, nested-dissection ordering, symbolic factorization — is built once
/// here; <see cref="Solve"/> refills, refactors and solves.
/// </summary>
public sealed class LinearElasticAnalysis
{
    private readonly int[] _unknownOf;
    private readonly int[] _dofOf;
    private readonly double[] _forces;
    private readonly double[] _rhs;
    private readonly double[] _solution;

    /// <summary>Prepares the analysis (symbolic work included) for <paramref name="problem"/>.</summary>
    public LinearElasticAnalysis(StructuralProblem problem, Q4Basis? basis = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        Problem = problem;
        Basis = basis ?? Q4Element.UnitSquare;
        var mesh = problem.Mesh;
        var clock = Stopwatch.StartNew();

        // Free DOFs become the unknowns, in mesh order.
        _unknownOf = new int[mesh.DofCount];
        foreach (var dof in problem.FixedDofs)
        {
            _unknownOf[dof] = -1;
        }

        var unknowns = 0;
        for (var dof = 0; dof < mesh.DofCount; dof++)
        {
            if (_unknownOf[dof] == 0)
            {
                _unknownOf[dof] = unknowns++;
            }
        }

        _dofOf = new int[unknowns];
        for (var dof = 0; dof < mesh.DofCount; dof++)
        {
            if (_unknownOf[dof] >= 0)
            {
                _dofOf[_unknownOf[dof]] = dof;
            }
        }

        var table = new int[mesh.ElementDofs.Length];
        for (var t = 0; t < table.Length; t++)
        {
            table[t] = _unknownOf[mesh.ElementDofs[t]];
        }

        Assembler = new StiffnessAssembler(unknowns, table);
        var nodeOrder = GridNestedDissection.Order(mesh.NodesX, mesh.NodesY);
        var ordering = Permutation.Restrict(Permutation.ExpandBlocks(nodeOrder, 2), _unknownOf);
        Cholesky = SparseCholesky.Create(Assembler.Matrix, ordering);

        var cases = problem.LoadCases.Count;
        _forces = new double[cases * mesh.DofCount];
        for (var l = 0; l < cases; l++)
        {
            problem.ForceVector(l, _forces.AsSpan(l * mesh.DofCount, mesh.DofCount));
        }

        _rhs = new double[cases * unknowns];
        _solution = new double[cases * unknowns];
        AnalysisTime = clock.Elapsed;
    }

    /// <summary>The problem analyzed.</summary>
    public StructuralProblem Problem { get; }

    /// <summary>The element basis matrices used.</summary>
    public Q4Basis Basis { get; }

    /// <summary>Assembly of the reduced stiffness matrix (free DOFs only).</summary>
    public StiffnessAssembler Assembler { get; }

    /// <summary>The sparse Cholesky factorization of the reduced stiffness matrix.</summary>
    public SparseCholesky Cholesky { get; }

    /// <summary>Number of free DOFs (unknowns).</summary>
    public int UnknownCount => _dofOf.Length;

    /// <summary>Time spent in the constructor (maps, pattern, ordering, symbolic factorization).</summary>
    public TimeSpan AnalysisTime { get; }

    /// <summary>Time split of the last <see cref="Solve"/>.</summary>
    public SolveTimings LastTimings { get; private set; }

    /// <summary>The force vectors of all load cases, one after another (length cases × DOFs).</summary>
    public ReadOnlySpan<double> Forces => _forces;

    /// <summary>
    /// Solves K·u = f for every load case. <paramref name="elementTensors"/>: C11, C12, C22, C33 of each
    /// element (4 per element); <paramref name="displacements"/> receives u of every load case, one after
    /// another (length cases × DOFs), zero on fixed DOFs. Returns the compliance φ = Σ_l f_lᵀu_l (Eq. 9).
    /// </summary>
    /// <exception cref="NotPositiveDefiniteException">
    /// K is singular (the structure can move without deforming), indefinite or not finite; the message
    /// names the node and direction.
    /// </exception>
    public double Solve(ReadOnlySpan<double> elementTensors, Span<double> displacements)
    {
        var mesh = Problem.Mesh;
        var cases = Problem.LoadCases.Count;
        if (displacements.Length != cases * mesh.DofCount)
        {
            throw new ArgumentException($"displacements need {cases} x {mesh.DofCount} values", nameof(displacements));
        }

        var start = Stopwatch.GetTimestamp();
        Assembler.Assemble(elementTensors, Basis);
        var assembled = Stopwatch.GetTimestamp();
        try
        {
            Cholesky.Factorize(Assembler.Matrix.Values);
        }
        catch (NotPositiveDefiniteException error)
        {
            throw Explain(error);
        }

        var factored = Stopwatch.GetTimestamp();
        var n = UnknownCount;
        for (var l = 0; l < cases; l++)
        {
            var force = _forces.AsSpan(l * mesh.DofCount, mesh.DofCount);
            for (var u = 0; u < n; u++)
            {
                _rhs[(l * n) + u] = force[_dofOf[u]];
            }
        }

        Cholesky.Solve(_rhs, _solution, cases);
        displacements.Clear();
        double compliance = 0;
        for (var l = 0; l < cases; l++)
        {
            var u = displacements.Slice(l * mesh.DofCount, mesh.DofCount);
            for (var k = 0; k < n; k++)
            {
                u[_dofOf[k]] = _solution[(l * n) + k];
            }

            compliance += Dot(_forces.AsSpan(l * mesh.DofCount, mesh.DofCount), u);
        }

        var solved = Stopwatch.GetTimestamp();
        LastTimings = new SolveTimings(
            Stopwatch.GetElapsedTime(start, assembled), Stopwatch.GetElapsedTime(assembled, factored), Stopwatch.GetElapsedTime(factored, solved));
        return compliance;
    }

    /// <summary>
    /// The basis energies Σ_l uₑᵀK_t uₑ (t = C11, C12, C22, C33) of every element, summed over load
    /// cases: 4 values per element. Element compliance = Σ_t C_t·energy_t, and the sensitivity of Eq. (11)
    /// is ∂φ/∂θ = −Σ_t (∂C_t/∂θ)·energy_t.
    /// </summary>
    public void ElementEnergies(ReadOnlySpan<double> displacements, Span<double> energies)
    {
        var mesh = Problem.Mesh;
        var cases = Problem.LoadCases.Count;
        if (displacements.Length != cases * mesh.DofCount || energies.Length != 4 * mesh.ElementCount)
        {
            throw new ArgumentException("displacements must hold every load case and energies 4 values per element");
        }

        energies.Clear();
        Span<double> ue = stackalloc double[8];
        Span<double> e4 = stackalloc double[4];
        for (var l = 0; l < cases; l++)
        {
            var u = displacements.Slice(l * mesh.DofCount, mesh.DofCount);
            for (var e = 0; e < mesh.ElementCount; e++)
            {
                var dofs = mesh.DofsOf(e);
                for (var a = 0; a < 8; a++)
                {
                    ue[a] = u[dofs[a]];
                }

                Basis.Energies(ue, e4);
                for (var t = 0; t < 4; t++)
                {
                    energies[(4 * e) + t] += e4[t];
                }
            }
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double sum = 0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    /// <summary>Restates a pivot failure in terms of the mesh: which node and direction.</summary>
    private NotPositiveDefiniteException Explain(NotPositiveDefiniteException error)
    {
        var mesh = Problem.Mesh;
        var dof = _dofOf[error.Column];
        var node = dof / 2;
        var x = node / mesh.NodesY;
        var y = mesh.ElementsY - (node % mesh.NodesY);
        var where = string.Create(CultureInfo.InvariantCulture, $"DOF {dof} (node at x={x}, y={y}, direction {(dof % 2 == 0 ? "x" : "y")})");
        var message = error.Failure switch
        {
            PivotFailure.Singular => $"the stiffness matrix is singular at {where}: the structure can move without deforming; add supports",
            PivotFailure.NotFinite => $"the stiffness matrix holds NaN or infinity at {where}; check the element stiffness values",
            _ => $"the stiffness matrix is not positive definite at {where}; check for negative element stiffness",
        };
        return new NotPositiveDefiniteException(message, dof, error.Pivot, error.Failure);
    }
}

/// <summary>Time split of one <see cref="LinearElasticAnalysis.Solve"/>.</summary>
/// <param name="Assembly">Refilling the stiffness matrix.</param>
/// <param name="Factorization">Numeric Cholesky factorization.</param>
/// <param name="Solution">Triangular solves for all load cases, and the compliance.</param>
public readonly record struct SolveTimings(TimeSpan Assembly, TimeSpan Factorization, TimeSpan Solution)
{
    /// <summary>Assembly + factorization + solution.</summary>
    public TimeSpan Total => Assembly + Factorization + Solution;
}
