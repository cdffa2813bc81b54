using System.Globalization;
using NeuralTopOpt.Sparse.Dense;
using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Sparse.Factorization;

/// <summary>
/// LU factorization with partial pivoting, P·A = L·U, of a band matrix (Golub and Van Loan,
/// <i>Matrix Computations</i>, §4.3; LAPACK <c>dgbtf2</c>/<c>dgbtrs</c>), for symmetric matrices that may be
/// indefinite: the factorization SciPy's <c>spsolve</c> (SuperLU: Gaussian elimination with partial
/// pivoting) applies to the paper's stiffness matrices. It solves every matrix that is nonsingular to
/// working precision, where <see cref="SparseCholesky"/> refuses an indefinite one.
/// </summary>
/// <remarks>
/// Storage as LAPACK's: A[i, j] at row kl + ku + i − j of column j in a column-major (2·kl + ku + 1) × n
/// array, the top kl rows holding the fill of U that row exchanges bring (U has kl + ku superdiagonals).
/// The work is O(n·kl·(kl + ku)) and the memory O(n·(2kl + ku)): cheap for the structured grids of this
/// library in their natural order (a bandwidth of about 2·(nely + 2) DOFs), quadratic in the short side.
/// MathNet.Numerics has dense LU only (O(n³)), no sparse or band LU; hence this file.
/// </remarks>
public sealed class BandedLu
{
    private readonly double[] _band;
    private readonly int[] _pivots;
    private readonly double[] _scale;
    private readonly int _ld;
    private readonly int _kv;

    /// <summary>Allocates the factor of an n × n matrix with <paramref name="lower"/> sub- and <paramref name="upper"/> superdiagonals.</summary>
    /// <exception cref="NeuralTopOptException">The band does not fit in memory.</exception>
    public BandedLu(int size, int lower, int upper)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(lower);
        ArgumentOutOfRangeException.ThrowIfNegative(upper);
        (Size, Lower, Upper) = (size, Math.Min(lower, size - 1), Math.Min(upper, size - 1));
        _kv = Lower + Upper;
        _ld = (2 * Lower) + Upper + 1;
        var entries = (long)_ld * size;
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (entries > Array.MaxLength || 8.0 * entries > 0.9 * available)
        {
            throw new NeuralTopOptException(string.Create(
                CultureInfo.InvariantCulture,
                $"the band LU factor of {size} unknowns with bandwidth {Lower} needs {8.0 * entries / 1e9:F1} GB of memory ({available / 1e9:F1} GB available); use a coarser mesh or the Cholesky solver"));
        }

        _band = new double[entries];
        _pivots = new int[size];
        _scale = new double[size];
    }

    /// <summary>n.</summary>
    public int Size { get; }

    /// <summary>kl, the subdiagonals of A.</summary>
    public int Lower { get; }

    /// <summary>ku, the superdiagonals of A.</summary>
    public int Upper { get; }

    /// <summary>True after a successful factorization.</summary>
    public bool IsFactorized { get; private set; }

    /// <summary>
    /// The largest candidate pivot of column j must exceed this times the largest |A[i, j]| of the original
    /// column; smaller means singular to working precision (as <see cref="SparseCholesky.PivotTolerance"/>).
    /// </summary>
    public double PivotTolerance { get; init; } = 1e-12;

    /// <summary>Values stored by the factor (the band with its fill rows).</summary>
    public long StoredValues => _band.LongLength;

    /// <summary>The largest |i − j| over the stored entries of a lower triangle (its half bandwidth).</summary>
    public static int Bandwidth(CompressedColumnMatrix lower)
    {
        ArgumentNullException.ThrowIfNull(lower);
        var width = 0;
        for (var j = 0; j < lower.ColumnCount; j++)
        {
            for (var p = lower.ColumnPointers[j]; p < lower.ColumnPointers[j + 1]; p++)
            {
                width = Math.Max(width, Math.Abs(lower.RowIndices[p] - j));
            }
        }

        return width;
    }

    /// <summary>
    /// Factors the symmetric matrix whose lower triangle has the pattern of <paramref name="lower"/> and the
    /// values <paramref name="lowerValues"/> (in its storage order): both triangles go into the band.
    /// </summary>
    /// <exception cref="SingularMatrixException">A column without a usable pivot (singular, or not finite).</exception>
    public void FactorizeSymmetric(CompressedColumnMatrix lower, ReadOnlySpan<double> lowerValues)
    {
        ArgumentNullException.ThrowIfNull(lower);
        if (lower.ColumnCount != Size || lowerValues.Length != lower.NonzeroCount)
        {
            throw new ArgumentException($"expected a lower triangle of order {Size} and its {lower.NonzeroCount} values");
        }

        IsFactorized = false;
        Array.Clear(_band);
        Array.Clear(_scale);
        for (var j = 0; j < Size; j++)
        {
            for (var p = lower.ColumnPointers[j]; p < lower.ColumnPointers[j + 1]; p++)
            {
                var i = lower.RowIndices[p];
                if (i < j || i - j > Math.Min(Lower, Upper))
                {
                    throw new ArgumentException($"entry ({i}, {j}) lies outside the lower triangle's band of {Lower}");
                }

                var value = lowerValues[p];
                _band[Index(i, j)] += value;
                if (i != j)
                {
                    _band[Index(j, i)] += value;
                }
            }
        }

        for (var j = 0; j < Size; j++)
        {
            for (var i = Math.Max(0, j - Upper); i <= Math.Min(Size - 1, j + Lower); i++)
            {
                _scale[j] = Math.Max(_scale[j], Math.Abs(_band[Index(i, j)]));
            }
        }

        Factor();
    }

    /// <summary>Solves A·x = b with the factor. <paramref name="x"/> may be the same memory as <paramref name="b"/>.</summary>
    public void Solve(ReadOnlySpan<double> b, Span<double> x)
    {
        if (!IsFactorized)
        {
            throw new InvalidOperationException("Factorize must succeed before Solve");
        }

        if (b.Length != Size || x.Length != Size)
        {
            throw new ArgumentException($"b and x must hold {Size} values");
        }

        b.CopyTo(x);

        // x = L⁻¹·P·b: the row exchanges and multipliers in the order they were made.
        for (var j = 0; j < Size; j++)
        {
            var below = Math.Min(Lower, Size - 1 - j);
            var p = _pivots[j];
            if (p != j)
            {
                (x[j], x[p]) = (x[p], x[j]);
            }

            VectorOps.Axpy(-x[j], _band.AsSpan((j * _ld) + _kv + 1, below), x.Slice(j + 1, below));
        }

        // x = U⁻¹·x, column by column from the last (U has kl + ku superdiagonals).
        for (var j = Size - 1; j >= 0; j--)
        {
            x[j] /= _band[(j * _ld) + _kv];
            var top = Math.Max(0, j - _kv);
            VectorOps.Axpy(-x[j], _band.AsSpan((j * _ld) + _kv - (j - top), j - top), x.Slice(top, j - top));
        }
    }

    private int Index(int i, int j) => (j * _ld) + _kv + i - j;

    /// <summary>Gaussian elimination with partial pivoting on the band (dgbtf2).</summary>
    private void Factor()
    {
        var (n, kl, kv) = (Size, Lower, _kv);
        var last = 0;   // the last column that U reaches so far
        for (var j = 0; j < n; j++)
        {
            var below = Math.Min(kl, n - 1 - j);
            var column = _band.AsSpan((j * _ld) + kv, below + 1);   // A[j .. j + below, j]

            // Pivot: the largest |A[j + p, j]|.
            var (best, size) = (0, Math.Abs(column[0]));
            for (var p = 1; p <= below; p++)
            {
                if (Math.Abs(column[p]) > size)
                {
                    (best, size) = (p, Math.Abs(column[p]));
                }
            }

            if (!(size > PivotTolerance * _scale[j]) || !double.IsFinite(size) || double.IsNaN(column[0]))
            {
                throw PivotError(j, column[best]);
            }

            _pivots[j] = j + best;
            last = Math.Max(last, Math.Min(j + Upper + best, n - 1));

            // Exchange rows j and j + best in columns j .. last.
            if (best != 0)
            {
                for (var c = j; c <= last; c++)
                {
                    var (a, b) = (Index(j, c), Index(j + best, c));
                    (_band[a], _band[b]) = (_band[b], _band[a]);
                }
            }

            // L[j+1.., j] = A[j+1.., j] / A[j, j]; A[j+1.., c] −= L[j+1.., j]·A[j, c] for c = j+1 .. last.
            var multipliers = column.Slice(1, below);
            VectorOps.Scale(1.0 / column[0], multipliers);
            for (var c = j + 1; c <= last; c++)
            {
                var u = _band[Index(j, c)];
                if (u != 0)
                {
                    VectorOps.Axpy(-u, multipliers, _band.AsSpan(Index(j + 1, c), below));
                }
            }
        }

        IsFactorized = true;
    }

    private SingularMatrixException PivotError(int column, double pivot)
    {
        var text = pivot.ToString("G6", CultureInfo.InvariantCulture);
        return double.IsFinite(pivot) && double.IsFinite(_scale[column])
            ? new SingularMatrixException(
                $"the matrix is singular to working precision (largest pivot {text} against {_scale[column].ToString("G6", CultureInfo.InvariantCulture)} at column {column})", column, pivot)
            : new SingularMatrixException($"the matrix holds a value that is not finite (pivot {text} at column {column})", column, pivot);
    }
}
