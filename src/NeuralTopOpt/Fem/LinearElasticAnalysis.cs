using System.Diagnostics;
using NeuralTopOpt.Solvers;

namespace NeuralTopOpt.Fem;

/// <summary>
/// Static analysis K(C)·u = f of a <see cref="StructuralProblem"/> for every load case, with a different
/// constitutive matrix C per element: the FE-solve module of the compliance problem. Forward,
/// <see cref="Solve"/> gives u and φ = Σ_l f_lᵀu_l; backward, <see cref="ElementEnergies(ReadOnlySpan{double}, Span{double})"/> gives
/// ∂φ/∂C_{e,t} = −Σ_l u_{l,e}ᵀK_t u_{l,e} (the compliance is self-adjoint). The linear algebra is behind
/// the <see cref="ILinearElasticSolver"/> seam (the sparse Cholesky by default), which builds everything
/// that depends only on the problem once.
/// </summary>
public sealed class LinearElasticAnalysis
{
    private readonly double[] _forces;

    /// <summary>
    /// Prepares the analysis of <paramref name="problem"/> with <paramref name="coefficientCount"/> stiffness
    /// entries per element (4: C11, C12, C22, C33 of an orthotropic material; 6 with C13, C23), on the
    /// <paramref name="element"/> type (default: the unit-square Q4) with the solver <paramref name="solver"/>
    /// (default <see cref="LinearSolvers.Default"/>).
    /// </summary>
    public LinearElasticAnalysis(StructuralProblem problem, IElementBasis? element = null, int coefficientCount = 4, string solver = LinearSolvers.Default)
        : this(problem, element, coefficientCount, system => LinearSolvers.Create(solver, system))
    {
    }

    /// <summary>As the other constructor, with a solver factory of the caller's.</summary>
    public LinearElasticAnalysis(StructuralProblem problem, IElementBasis? element, int coefficientCount, Func<ElasticSystem, ILinearElasticSolver> solver)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(solver);
        Problem = problem;
        Element = element ?? Q4Element.UnitSquare;
        var mesh = problem.Mesh;
        Solver = solver(new ElasticSystem(mesh, Element, coefficientCount, problem.FixedDofs));
        _forces = ForceVectors(problem);
    }

    /// <summary>
    /// The analysis of <paramref name="problem"/>, which has this problem's mesh and supports and other loads,
    /// sharing this analysis' element and solver (its set-up and factorization are reused; the two analyses
    /// must not solve at the same time).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="problem"/> has another mesh or other supports.</exception>
    public LinearElasticAnalysis WithLoadsOf(StructuralProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        if (!ReferenceEquals(problem.Mesh, Problem.Mesh) || !problem.FixedDofs.SequenceEqual(Problem.FixedDofs))
        {
            throw new ArgumentException("the problem has another mesh or other supports", nameof(problem));
        }

        return new LinearElasticAnalysis(problem, Element, Solver);
    }

    private LinearElasticAnalysis(StructuralProblem problem, IElementBasis element, ILinearElasticSolver solver)
    {
        Problem = problem;
        Element = element;
        Solver = solver;
        _forces = ForceVectors(problem);
    }

    // f of every load case, one after another.
    private static double[] ForceVectors(StructuralProblem problem)
    {
        var dofs = problem.Mesh.DofCount;
        var forces = new double[problem.LoadCases.Count * dofs];
        for (var l = 0; l < problem.LoadCases.Count; l++)
        {
            problem.ForceVector(l, forces.AsSpan(l * dofs, dofs));
        }

        return forces;
    }

    /// <summary>The problem analyzed.</summary>
    public StructuralProblem Problem { get; }

    /// <summary>The element type and its basis matrices.</summary>
    public IElementBasis Element { get; }

    /// <summary>The linear solver.</summary>
    public ILinearElasticSolver Solver { get; }

    /// <summary>m, stiffness entries per element.</summary>
    public int CoefficientCount => Solver.System.CoefficientCount;

    /// <summary>Number of free DOFs (unknowns).</summary>
    public int UnknownCount => Solver.System.UnknownCount;

    /// <summary>Time spent setting up the solver (maps, pattern, ordering, symbolic factorization).</summary>
    public TimeSpan AnalysisTime => Solver.Statistics.Setup;

    /// <summary>Time split of the last <see cref="Solve"/>.</summary>
    public SolveTimings LastTimings { get; private set; }

    /// <summary>The force vectors of all load cases, one after another (length cases × DOFs).</summary>
    public ReadOnlySpan<double> Forces => _forces;

    /// <summary>
    /// Solves K·u = f for every load case. <paramref name="coefficients"/>: the m stiffness entries of each
    /// element (C11, C12, C22, C33[, C13, C23]); <paramref name="displacements"/> receives u of every load case,
    /// one after another (length cases × DOFs), zero on fixed DOFs — its content on entry is the initial
    /// guess of an iterative solver. Returns the compliance φ = Σ_l f_lᵀu_l (Eq. 9).
    /// </summary>
    /// <exception cref="Sparse.NotPositiveDefiniteException">
    /// K is singular (the structure can move without deforming), indefinite or not finite; the message
    /// names the node and direction.
    /// </exception>
    public double Solve(ReadOnlySpan<double> coefficients, Span<double> displacements)
    {
        var mesh = Problem.Mesh;
        var cases = Problem.LoadCases.Count;
        if (displacements.Length != cases * mesh.DofCount)
        {
            throw new ArgumentException($"displacements need {cases} x {mesh.DofCount} values", nameof(displacements));
        }

        var start = Stopwatch.GetTimestamp();
        Solver.Update(coefficients);
        var updated = Stopwatch.GetTimestamp();
        Solver.Solve(_forces, displacements, cases);
        double compliance = 0;
        for (var l = 0; l < cases; l++)
        {
            compliance += Dot(_forces.AsSpan(l * mesh.DofCount, mesh.DofCount), displacements.Slice(l * mesh.DofCount, mesh.DofCount));
        }

        LastTimings = new SolveTimings(Stopwatch.GetElapsedTime(start, updated), Stopwatch.GetElapsedTime(updated));
        return compliance;
    }

    /// <summary>
    /// The basis energies Σ_l uₑᵀK_t uₑ (t &lt; m: C11, C12, C22, C33[, C13, C23]) of every element, summed over
    /// load cases: m values per element. Element compliance = Σ_t C_t·energy_t, and the sensitivity of Eq. (11)
    /// is ∂φ/∂θ = −Σ_t (∂C_t/∂θ)·energy_t.
    /// </summary>
    public void ElementEnergies(ReadOnlySpan<double> displacements, Span<double> energies)
    {
        CheckEnergyLengths(displacements.Length, energies.Length);
        EnergiesOf(displacements, energies, 0, Problem.Mesh.ElementCount);
    }

    /// <summary>
    /// As <see cref="ElementEnergies(ReadOnlySpan{double}, Span{double})"/>, over blocks of elements on the machine's
    /// cores when the mesh is large (every element's energies are its own: the values do not depend on the split).
    /// </summary>
    public void ElementEnergies(double[] displacements, double[] energies)
    {
        ArgumentNullException.ThrowIfNull(displacements);
        ArgumentNullException.ThrowIfNull(energies);
        CheckEnergyLengths(displacements.Length, energies.Length);
        const int BlockSize = 1 << 14;
        var elements = Problem.Mesh.ElementCount;
        var blocks = (elements + BlockSize - 1) / BlockSize;
        if (blocks < 4 || Environment.ProcessorCount == 1)
        {
            EnergiesOf(displacements, energies, 0, elements);
            return;
        }

        Parallel.For(0, blocks, b => EnergiesOf(displacements, energies, b * BlockSize, Math.Min(elements, (b + 1) * BlockSize)));
    }

    private void CheckEnergyLengths(int displacements, int energies)
    {
        var mesh = Problem.Mesh;
        if (displacements != Problem.LoadCases.Count * mesh.DofCount || energies != CoefficientCount * mesh.ElementCount)
        {
            throw new ArgumentException($"displacements must hold every load case and energies {CoefficientCount} values per element");
        }
    }

    // Σ_l u_{l,e}ᵀK_t u_{l,e} for the elements [first, end).
    private void EnergiesOf(ReadOnlySpan<double> displacements, Span<double> energies, int first, int end)
    {
        var mesh = Problem.Mesh;
        var cases = Problem.LoadCases.Count;
        var m = CoefficientCount;
        energies[(m * first)..(m * end)].Clear();
        var dofCount = Element.DofCount;
        Span<double> ue = stackalloc double[dofCount];
        Span<double> em = stackalloc double[m];
        for (var l = 0; l < cases; l++)
        {
            var u = displacements.Slice(l * mesh.DofCount, mesh.DofCount);
            for (var e = first; e < end; e++)
            {
                var dofs = mesh.DofsOf(e);
                for (var a = 0; a < dofCount; a++)
                {
                    ue[a] = u[dofs[a]];
                }

                Element.Energies(ue, em);
                for (var t = 0; t < m; t++)
                {
                    energies[(m * e) + t] += em[t];
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
}

/// <summary>Time split of one <see cref="LinearElasticAnalysis.Solve"/>.</summary>
/// <param name="Update">The solver's update (assembly and factorization for the Cholesky).</param>
/// <param name="Solution">The solves for all load cases, and the compliance.</param>
public readonly record struct SolveTimings(TimeSpan Update, TimeSpan Solution)
{
    /// <summary>Update + solution.</summary>
    public TimeSpan Total => Update + Solution;
}
