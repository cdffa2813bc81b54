using NeuralTopOpt.Sparse;

namespace NeuralTopOpt.Solvers;

/// <summary>
/// The sparse Cholesky (<see cref="CholeskySolver"/>) while K is positive definite, the band LU with
/// partial pivoting (<see cref="BandedLuSolver"/>, built on first need) for an update whose K the
/// Cholesky finds indefinite: fast for the usual design, and refusing nothing that the paper's LU solved.
/// A singular K is refused by both.
/// </summary>
public sealed class CholeskyOrLuSolver : ILinearElasticSolver
{
    private readonly CholeskySolver _cholesky;
    private BandedLuSolver? _lu;
    private ILinearElasticSolver _current;

    /// <summary>Sets up the Cholesky of <paramref name="system"/> (the LU waits until it is needed).</summary>
    public CholeskyOrLuSolver(ElasticSystem system)
    {
        _cholesky = new CholeskySolver(system);
        _current = _cholesky;
    }

    /// <inheritdoc/>
    public string Name => "cholesky-lu";

    /// <inheritdoc/>
    public ElasticSystem System => _cholesky.System;

    /// <summary>Updates the LU took because the Cholesky found K indefinite.</summary>
    public int LuUpdates { get; private set; }

    /// <summary>Which factorization the last update used (<c>cholesky</c> or <c>lu</c>).</summary>
    public string LastFactorization => _current.Name;

    /// <inheritdoc/>
    public SolverStatistics Statistics => _cholesky.Statistics with
    {
        Solver = Name,
        Updates = _cholesky.Statistics.Updates + LuUpdates,
        Solves = _cholesky.Statistics.Solves + (_lu?.Statistics.Solves ?? 0),
        LastUpdate = _current.Statistics.LastUpdate,
        LastSolve = _current.Statistics.LastSolve,
    };

    /// <inheritdoc/>
    public void Update(ReadOnlySpan<double> coefficients)
    {
        try
        {
            _cholesky.Update(coefficients);
            _current = _cholesky;
        }
        catch (NotPositiveDefiniteException error) when (error.Failure == PivotFailure.Negative)
        {
            _lu ??= new BandedLuSolver(System);
            _lu.Update(coefficients);
            _current = _lu;
            LuUpdates++;
        }
    }

    /// <inheritdoc/>
    public void Solve(ReadOnlySpan<double> rhs, Span<double> solution, int count) => _current.Solve(rhs, solution, count);
}
