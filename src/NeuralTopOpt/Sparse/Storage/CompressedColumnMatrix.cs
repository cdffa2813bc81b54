namespace NeuralTopOpt.Sparse.Storage;

/// <summary>
/// A sparse matrix in compressed-column (CSC) form: the row indices and values of column j are at
/// positions [<see cref="ColumnPointers"/>[j], <see cref="ColumnPointers"/>[j + 1]) of
/// <see cref="RowIndices"/> and <see cref="Values"/>. A symmetric matrix is stored as its lower
/// triangle (every row index ≥ its column), the form <see cref="Factorization.SparseCholesky"/> takes.
/// </summary>
public sealed class CompressedColumnMatrix
{
    /// <summary>Wraps the arrays (not copied) after checking that they describe a valid matrix.</summary>
    /// <exception cref="ArgumentException">Lengths or indices are inconsistent.</exception>
    public CompressedColumnMatrix(int rowCount, int columnCount, int[] columnPointers, int[] rowIndices, double[] values)
    {
        ArgumentNullException.ThrowIfNull(columnPointers);
        ArgumentNullException.ThrowIfNull(rowIndices);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfNegative(columnCount);
        if (columnPointers.Length != columnCount + 1 || columnPointers[0] != 0)
        {
            throw new ArgumentException($"column pointers must have {columnCount + 1} entries starting at 0", nameof(columnPointers));
        }

        var nonzeros = columnPointers[columnCount];
        if (rowIndices.Length < nonzeros || values.Length < nonzeros)
        {
            throw new ArgumentException($"{nonzeros} entries need as many row indices and values", nameof(rowIndices));
        }

        for (var j = 0; j < columnCount; j++)
        {
            if (columnPointers[j + 1] < columnPointers[j])
            {
                throw new ArgumentException($"column pointers decrease at column {j}", nameof(columnPointers));
            }

            for (var p = columnPointers[j]; p < columnPointers[j + 1]; p++)
            {
                if ((uint)rowIndices[p] >= (uint)rowCount)
                {
                    throw new ArgumentException($"row index {rowIndices[p]} in column {j} is outside 0..{rowCount - 1}", nameof(rowIndices));
                }
            }
        }

        RowCount = rowCount;
        ColumnCount = columnCount;
        ColumnPointers = columnPointers;
        RowIndices = rowIndices;
        Values = values;
    }

    /// <summary>Number of rows.</summary>
    public int RowCount { get; }

    /// <summary>Number of columns.</summary>
    public int ColumnCount { get; }

    /// <summary>Start of each column in <see cref="RowIndices"/> and <see cref="Values"/> (length columns + 1).</summary>
    public int[] ColumnPointers { get; }

    /// <summary>Row index of each stored entry.</summary>
    public int[] RowIndices { get; }

    /// <summary>Value of each stored entry; refill it in place to change the matrix but keep its pattern.</summary>
    public double[] Values { get; }

    /// <summary>Number of stored entries.</summary>
    public int NonzeroCount => ColumnPointers[ColumnCount];

    /// <summary>True when every stored entry lies on or below the diagonal.</summary>
    public bool IsLowerTriangular
    {
        get
        {
            for (var j = 0; j < ColumnCount; j++)
            {
                for (var p = ColumnPointers[j]; p < ColumnPointers[j + 1]; p++)
                {
                    if (RowIndices[p] < j)
                    {
                        return false;
                    }
                }
            }

            return true;
        }
    }

    /// <summary>
    /// Builds a matrix from (row, column, value) triplets, summing duplicates; rows are sorted within
    /// each column.
    /// </summary>
    public static CompressedColumnMatrix FromTriplets(int rowCount, int columnCount, ReadOnlySpan<int> rows, ReadOnlySpan<int> columns, ReadOnlySpan<double> values)
    {
        if (rows.Length != columns.Length || rows.Length != values.Length)
        {
            throw new ArgumentException("rows, columns and values must have the same length", nameof(values));
        }

        var counts = new int[columnCount + 1];
        for (var t = 0; t < columns.Length; t++)
        {
            if ((uint)columns[t] >= (uint)columnCount || (uint)rows[t] >= (uint)rowCount)
            {
                throw new ArgumentException($"triplet {t} ({rows[t]}, {columns[t]}) is outside {rowCount}x{columnCount}", nameof(rows));
            }

            counts[columns[t] + 1]++;
        }

        for (var j = 0; j < columnCount; j++)
        {
            counts[j + 1] += counts[j];
        }

        // Bucket by column, then sort each column by row and merge duplicates.
        var next = counts[..columnCount];
        var bucketRows = new int[rows.Length];
        var bucketValues = new double[rows.Length];
        for (var t = 0; t < columns.Length; t++)
        {
            var q = next[columns[t]]++;
            bucketRows[q] = rows[t];
            bucketValues[q] = values[t];
        }

        var pointers = new int[columnCount + 1];
        var outRows = new List<int>(rows.Length);
        var outValues = new List<double>(rows.Length);
        for (var j = 0; j < columnCount; j++)
        {
            Array.Sort(bucketRows, bucketValues, counts[j], counts[j + 1] - counts[j]);
            for (var q = counts[j]; q < counts[j + 1]; q++)
            {
                if (q > counts[j] && bucketRows[q] == bucketRows[q - 1])
                {
                    outValues[^1] += bucketValues[q];
                }
                else
                {
                    outRows.Add(bucketRows[q]);
                    outValues.Add(bucketValues[q]);
                }
            }

            pointers[j + 1] = outRows.Count;
        }

        return new CompressedColumnMatrix(rowCount, columnCount, pointers, outRows.ToArray(), outValues.ToArray());
    }

    /// <summary>y = A·x for the matrix as stored.</summary>
    public void Multiply(ReadOnlySpan<double> x, Span<double> y)
    {
        CheckLengths(x.Length, y.Length, ColumnCount, RowCount);
        y.Clear();
        for (var j = 0; j < ColumnCount; j++)
        {
            var xj = x[j];
            for (var p = ColumnPointers[j]; p < ColumnPointers[j + 1]; p++)
            {
                y[RowIndices[p]] += Values[p] * xj;
            }
        }
    }

    /// <summary>
    /// y = A·x where this matrix holds the lower triangle of a symmetric A (entries above the
    /// diagonal are the mirror images of the stored ones).
    /// </summary>
    public void MultiplySymmetric(ReadOnlySpan<double> x, Span<double> y)
    {
        CheckLengths(x.Length, y.Length, ColumnCount, RowCount);
        if (RowCount != ColumnCount)
        {
            throw new InvalidOperationException("a symmetric product needs a square matrix");
        }

        y.Clear();
        for (var j = 0; j < ColumnCount; j++)
        {
            var xj = x[j];
            var sum = 0.0;
            for (var p = ColumnPointers[j]; p < ColumnPointers[j + 1]; p++)
            {
                var i = RowIndices[p];
                y[i] += Values[p] * xj;
                if (i != j)
                {
                    sum += Values[p] * x[i];
                }
            }

            y[j] += sum;
        }
    }

    private static void CheckLengths(int xLength, int yLength, int columns, int rows)
    {
        if (xLength != columns || yLength != rows)
        {
            throw new ArgumentException($"x must have {columns} entries and y {rows}, not {xLength} and {yLength}");
        }
    }
}
