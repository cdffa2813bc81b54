using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// The stiffness operator of one level on padded vectors (<see cref="GridLayout"/>), with Dirichlet
/// DOFs masked: A = M·K·M on the free DOFs, rows and columns of fixed DOFs zero (vectors keep zero
/// there). Every kernel computes A·u for a block of node rows and finishes it with an epilogue (the
/// product itself, a residual, a Jacobi sweep), so a smoother pass reads u and writes its result once.
/// </summary>
internal abstract class LevelOperator : Krylov.ISymmetricOperator
{
    private readonly double[] _columnSums;

    protected LevelOperator(GridLayout layout, ColumnRanges columns)
    {
        Layout = layout;
        Columns = columns;
        _columnSums = new double[layout.NodesX];
    }

    /// <summary>The level's layout.</summary>
    public GridLayout Layout { get; }

    /// <summary>Bytes held by the operator's own arrays.</summary>
    public abstract long MemoryBytes { get; }

    protected ColumnRanges Columns { get; }

    /// <summary>y = A·u.</summary>
    public void Apply(double[] u, double[] y)
    {
        Run(u, y, default(ProductEpilogue), null);
        AfterKernel(y);
    }

    /// <summary>y = A·u; returns uᵀA·u, summed in the same pass (per column, then the columns in order: reproducible).</summary>
    public double ApplyWithEnergy(double[] u, double[] y)
    {
        Run(u, y, default(ProductEpilogue), u);
        AfterKernel(y);
        return SumColumns();
    }

    /// <summary>r = b − A·u.</summary>
    public void Residual(double[] b, double[] u, double[] r)
    {
        Run(u, r, new ResidualEpilogue(b), null);
        AfterKernel(r);
    }

    /// <summary>
    /// One damped Jacobi sweep: u' = u + ω·D⁻¹(b − A·u) (D⁻¹ zero on fixed DOFs); u' must not be u. With
    /// <paramref name="dotWith"/> returns its dot product with u' from the same pass (else 0).
    /// </summary>
    public double JacobiSweep(double[] b, double[] u, double[] inverseDiagonal, double weight, double[] next, double[]? dotWith = null)
    {
        if (ReferenceEquals(u, next))
        {
            throw new ArgumentException("a Jacobi sweep needs a separate output vector", nameof(next));
        }

        Run(u, next, new JacobiEpilogue(b, u, inverseDiagonal, weight), dotWith);
        return dotWith is null ? 0 : SumColumns();
    }

    /// <summary>The diagonal of A (a padded vector; zero on ghosts and fixed DOFs).</summary>
    public abstract void Diagonal(double[] diagonal);

    /// <summary>
    /// Runs the kernel over all node rows, writing <paramref name="epilogue"/>(A·u) into <paramref name="output"/>;
    /// with <paramref name="dotWith"/>, also Σ dotWith·output of each node column into <see cref="ColumnSum"/>.
    /// </summary>
    protected abstract void Run<TEpilogue>(double[] u, double[] output, TEpilogue epilogue, double[]? dotWith)
        where TEpilogue : struct, IRowEpilogue;

    /// <summary>Stores the partial dot product of node column <paramref name="column"/>.</summary>
    protected void ColumnSum(int column, double value) => _columnSums[column] = value;

    private double SumColumns()
    {
        double sum = 0;
        foreach (var value in _columnSums)
        {
            sum += value;
        }

        return sum;
    }

    /// <summary>Fix-ups after a product or residual (the matrix-free operator zeroes fixed DOFs here).</summary>
    protected virtual void AfterKernel(double[] output)
    {
    }
}

/// <summary>What a kernel writes for a block of rows, given the product p = (A·u)[i … i + 3].</summary>
internal interface IRowEpilogue
{
    Vector256<double> Finish(Vector256<double> product, int position);
}

/// <summary>Writes A·u.</summary>
internal readonly struct ProductEpilogue : IRowEpilogue
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Finish(Vector256<double> product, int position) => product;

}

/// <summary>Writes b − A·u.</summary>
internal readonly struct ResidualEpilogue(double[] b) : IRowEpilogue
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Finish(Vector256<double> product, int position) =>
        Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(b), (nuint)position) - product;

}

/// <summary>Writes u + ω·D⁻¹(b − A·u).</summary>
internal readonly struct JacobiEpilogue(double[] b, double[] u, double[] inverseDiagonal, double weight) : IRowEpilogue
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vector256<double> Finish(Vector256<double> product, int position)
    {
        var residual = Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(b), (nuint)position) - product;
        var scaled = Vector256.Create(weight) * Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(inverseDiagonal), (nuint)position);
        return Vector256.FusedMultiplyAdd(scaled, residual, Vector256.LoadUnsafe(ref MemoryMarshal.GetArrayDataReference(u), (nuint)position));
    }
}
