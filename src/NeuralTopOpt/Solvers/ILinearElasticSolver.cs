namespace NeuralTopOpt.Solvers;

/// <summary>
/// The linear-solver seam of the FE analysis: solves K(c)·u = f for the stiffness matrix of a
/// <see cref="ElasticSystem"/>,
/// <code>
///   K(c) = Σₑ Σ_t c_{e,t} K_t,   t &lt; <see cref="ElasticSystem.CoefficientCount"/>,   fixed DOFs eliminated,
/// </code>
/// given the per-element coefficients c (the material's stiffness entries) rather than an assembled
/// matrix, so that a direct solver may assemble and factorize (<see cref="CholeskySolver"/>) and a
/// matrix-free iterative one may refresh its operators instead. Created once per system (analyze the
/// pattern), then <see cref="Update"/> per design and <see cref="Solve"/> for any number of
/// right-hand sides. Not thread-safe.
/// </summary>
public interface ILinearElasticSolver
{
    /// <summary>Short name (<c>cholesky</c>, …).</summary>
    string Name { get; }

    /// <summary>The system solved.</summary>
    ElasticSystem System { get; }

    /// <summary>
    /// Takes new coefficients: c_{e,t} of element e at e·m + t, m = <see cref="ElasticSystem.CoefficientCount"/>.
    /// A direct solver assembles and factorizes here.
    /// </summary>
    /// <exception cref="Sparse.NotPositiveDefiniteException">A Cholesky found K singular, indefinite or not finite (the message names the node and direction).</exception>
    /// <exception cref="Sparse.SingularMatrixException">An LU found K singular or not finite.</exception>
    void Update(ReadOnlySpan<double> coefficients);

    /// <summary>
    /// Solves K·u = f for <paramref name="count"/> right-hand sides, each over all mesh DOFs
    /// (count × <see cref="Fem.IElementMesh.DofCount"/> values, one after another). Entries of f on fixed DOFs are
    /// ignored; u is zero there. On entry <paramref name="solution"/> holds the initial guess of an
    /// iterative solver (a warm start from the previous solution); a direct solver ignores it.
    /// </summary>
    void Solve(ReadOnlySpan<double> rhs, Span<double> solution, int count);

    /// <summary>What the solver did so far (sizes, counts, times; iterations and residuals for iterative solvers).</summary>
    SolverStatistics Statistics { get; }
}
