using NeuralTopOpt.Fem;
using NeuralTopOpt.Solvers;
using NeuralTopOpt.Solvers.Multigrid;

namespace NeuralTopOpt.Verification;

/// <summary>
/// Keeps the last fine-scale analysis (DOF maps, sparsity pattern, ordering and symbolic factorization) so that the
/// next solve of the same fine problem only refills it: the points of a sweep with one n = M·K share a mesh, and two
/// designs on one coarse problem share every fine problem. Holds one analysis at a time (a 1200 × 600 pixel mesh's
/// Cholesky is over a gigabyte); not thread-safe.
/// </summary>
public sealed class FineAnalysisCache
{
    private LinearElasticAnalysis? _analysis;
    private string? _solver;

    /// <summary>How many times an analysis was reused instead of built.</summary>
    public int Reused { get; private set; }

    /// <summary>How many analyses were built.</summary>
    public int Built { get; private set; }

    /// <summary>
    /// The analysis of <paramref name="fine"/> with <paramref name="solver"/>: the kept one when its problem has the
    /// same mesh, supports and loads and the same solver, else a new one (which replaces it). A multigrid-CG
    /// (<c>mgcg</c>, or what <c>auto</c> picks on a large mesh) gets at most
    /// <see cref="FineScaleLimits.MultigridLevels"/>(<paramref name="pixelsPerCell"/>) levels, so that its coarsest
    /// grid still resolves the cells' features.
    /// </summary>
    public LinearElasticAnalysis Analysis(StructuralProblem fine, string solver, int pixelsPerCell)
    {
        ArgumentNullException.ThrowIfNull(fine);
        ArgumentNullException.ThrowIfNull(solver);
        // the level cap only matters to a multigrid: a direct solver's analysis serves every M of one mesh
        var key = solver is LinearSolvers.Multigrid or LinearSolvers.Auto ? $"{solver} {FineScaleLimits.MultigridLevels(pixelsPerCell)}" : solver;
        if (_analysis is not null && _solver == key && Same(_analysis.Problem, fine))
        {
            Reused++;
            return _analysis;
        }

        _analysis = null; // let the old factor go before the new one is built
        var options = new MultigridOptions { MaxLevels = FineScaleLimits.MultigridLevels(pixelsPerCell) };
        _analysis = new LinearElasticAnalysis(fine, null, coefficientCount: 4, system =>
            LinearSolvers.Resolve(solver, system) == LinearSolvers.Multigrid ? new MultigridSolver(system, options) : LinearSolvers.Create(solver, system));
        _solver = key;
        Built++;
        return _analysis;
    }

    /// <summary>Drops the kept analysis.</summary>
    public void Clear() => (_analysis, _solver) = (null, null);

    private static bool Same(StructuralProblem a, StructuralProblem b)
    {
        if (a.Mesh.ElementsX != b.Mesh.ElementsX || a.Mesh.ElementsY != b.Mesh.ElementsY || a.LoadCases.Count != b.LoadCases.Count
            || !a.FixedDofs.SequenceEqual(b.FixedDofs) || !a.Passive.SequenceEqual(b.Passive))
        {
            return false;
        }

        for (var l = 0; l < a.LoadCases.Count; l++)
        {
            if (!a.LoadCases[l].Loads.SequenceEqual(b.LoadCases[l].Loads))
            {
                return false;
            }
        }

        return true;
    }
}
