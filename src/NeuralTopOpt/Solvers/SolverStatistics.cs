namespace NeuralTopOpt.Solvers;

/// <summary>What an <see cref="ILinearElasticSolver"/> did so far.</summary>
/// <param name="Solver">Its name.</param>
/// <param name="Unknowns">Free DOFs.</param>
/// <param name="Updates">Calls of <see cref="ILinearElasticSolver.Update"/>.</param>
/// <param name="Solves">Right-hand sides solved.</param>
/// <param name="Setup">Time of the set-up (maps, pattern, ordering, symbolic analysis or hierarchy).</param>
/// <param name="LastUpdate">Time of the last update (assembly and factorization for a direct solver).</param>
/// <param name="LastSolve">Time of the last <see cref="ILinearElasticSolver.Solve"/> call.</param>
/// <param name="FactorNonzeros">Nonzeros of the factor L (direct solvers; null otherwise).</param>
/// <param name="LastIterations">Iterations of the last solve (iterative solvers; null otherwise).</param>
/// <param name="LastRelativeResidual">‖f − Ku‖/‖f‖ at the end of the last solve (iterative solvers; null otherwise).</param>
/// <param name="TotalIterations">Iterations summed over every solve so far (iterative solvers; null otherwise).</param>
public sealed record SolverStatistics(
    string Solver,
    int Unknowns,
    int Updates,
    int Solves,
    TimeSpan Setup,
    TimeSpan LastUpdate,
    TimeSpan LastSolve,
    long? FactorNonzeros = null,
    int? LastIterations = null,
    double? LastRelativeResidual = null,
    long? TotalIterations = null);
