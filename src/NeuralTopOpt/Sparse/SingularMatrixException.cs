namespace NeuralTopOpt.Sparse;

/// <summary>
/// An LU factorization with partial pivoting found no usable pivot in a column: the matrix is singular
/// to working precision (for a stiffness matrix: a structure that can move without deforming), or it
/// holds NaN or infinity.
/// </summary>
public sealed class SingularMatrixException : NeuralTopOptException
{
    /// <summary>Creates the exception for the pivot of <paramref name="column"/> (the caller's numbering).</summary>
    public SingularMatrixException(string message, int column, double pivot)
        : base(message)
    {
        Column = column;
        Pivot = pivot;
    }

    /// <summary>The column of the matrix whose pivot failed.</summary>
    public int Column { get; }

    /// <summary>The largest candidate pivot met in that column.</summary>
    public double Pivot { get; }
}
