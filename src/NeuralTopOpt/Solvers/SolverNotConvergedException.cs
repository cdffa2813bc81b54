namespace NeuralTopOpt.Solvers;

/// <summary>
/// An iterative linear solver stopped before its convergence test was met (iteration limit, or a
/// breakdown of CG on a matrix or preconditioner that is not positive definite). The message names the
/// residual reached and suggests the direct solver.
/// </summary>
public sealed class SolverNotConvergedException : NeuralTopOptException
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public SolverNotConvergedException(string message, int iterations, double relativeResidual)
        : base(message)
    {
        Iterations = iterations;
        RelativeResidual = relativeResidual;
    }

    /// <summary>Iterations done.</summary>
    public int Iterations { get; }

    /// <summary>‖f − K·u‖/‖f‖ reached.</summary>
    public double RelativeResidual { get; }
}
