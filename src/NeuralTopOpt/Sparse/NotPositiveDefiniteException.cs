namespace NeuralTopOpt.Sparse;

/// <summary>
/// A Cholesky factorization met a pivot that is not safely positive: the matrix is not symmetric
/// positive definite, or it is singular to working precision (for a stiffness matrix: a structure that
/// can move without deforming because it has too few supports), or it holds NaN or infinity.
/// </summary>
public sealed class NotPositiveDefiniteException : NeuralTopOptException
{
    /// <summary>Creates the exception for the pivot of <paramref name="column"/> (original numbering).</summary>
    public NotPositiveDefiniteException(string message, int column, double pivot, PivotFailure failure)
        : base(message)
    {
        Column = column;
        Pivot = pivot;
        Failure = failure;
    }

    /// <summary>The column (row) of the matrix, in the caller's numbering, whose pivot failed.</summary>
    public int Column { get; }

    /// <summary>The pivot d = A[j, j] − Σ L[j, i]² met there (before its square root).</summary>
    public double Pivot { get; }

    /// <summary>What kind of failure it was.</summary>
    public PivotFailure Failure { get; }
}

/// <summary>Why a Cholesky pivot was rejected.</summary>
public enum PivotFailure
{
    /// <summary>The pivot is negative beyond rounding: the matrix is indefinite.</summary>
    Negative,

    /// <summary>The pivot is zero to working precision relative to the diagonal: the matrix is singular.</summary>
    Singular,

    /// <summary>The pivot is NaN or infinite: the matrix holds non-finite values.</summary>
    NotFinite,
}
