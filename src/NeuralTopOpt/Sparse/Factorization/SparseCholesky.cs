using System.Globalization;
using NeuralTopOpt.Sparse.Dense;
using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Sparse.Factorization;

/// <summary>
/// Supernodal multifrontal Cholesky factorization P·A·Pᵀ = L·Lᵀ of a sparse symmetric positive-definite
/// matrix, and solves with it (Duff and Reid 1983; Liu 1992; Davis, <i>Direct Methods for Sparse Linear
/// Systems</i>). Build it once per pattern with <see cref="Create"/> (symbolic analysis), then call
/// <see cref="Factorize"/> whenever the values change and <see cref="Solve(ReadOnlySpan{double}, Span{double})"/>
/// for as many right-hand sides as needed.
/// </summary>
/// <remarks>
/// Numeric phase, for each supernode s in postorder (children first), with k columns and m rows below:
/// the entries of A are already scattered into its (k + m) × k block; the update matrices of its
/// children are extend-added into that block and into a fresh m × m update matrix W; the block is
/// factored (L11·L11ᵀ = A11, L21 = A21·L11⁻ᵀ); W −= L21·L21ᵀ; W is pushed on a stack for the parent.
/// A pivot that is not positive beyond <see cref="PivotTolerance"/> times its original diagonal raises
/// <see cref="NotPositiveDefiniteException"/>, so a singular or indefinite matrix never yields NaNs.
/// An instance holds one factor and is not thread-safe; threads that factor matrices of the same
/// pattern each create their own from the shared (immutable) <see cref="SymbolicAnalysis"/>.
/// </remarks>
public sealed class SparseCholesky
{
    private readonly double[] _values;
    private readonly double[] _stack;
    private readonly double[] _diagonal;
    private double[] _work;
    private double[] _temp;
    private int _parallelism = Environment.ProcessorCount;

    /// <summary>Allocates the factor for a symbolic analysis (no numeric work yet).</summary>
    public SparseCholesky(SymbolicAnalysis symbolic)
    {
        ArgumentNullException.ThrowIfNull(symbolic);
        Symbolic = symbolic;
        var needed = 8.0 * (symbolic.StoredValues + symbolic.StackSize + (3.0 * symbolic.Size));
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (needed > 0.9 * available || symbolic.StackSize > Array.MaxLength)
        {
            throw new NeuralTopOptException(string.Create(
                CultureInfo.InvariantCulture,
                $"the Cholesky factor needs {needed / 1e9:F1} GB of memory, more than the {available / 1e9:F1} GB available; use a coarser mesh"));
        }

        _values = new double[symbolic.StoredValues];
        _stack = new double[symbolic.StackSize];
        _diagonal = new double[symbolic.Size];
        _work = new double[symbolic.Size];
        _temp = new double[symbolic.MaxBelow];
    }

    /// <summary>The pattern-dependent part, shared by every factorization of the same pattern.</summary>
    public SymbolicAnalysis Symbolic { get; }

    /// <summary>n, the order of the matrix.</summary>
    public int Size => Symbolic.Size;

    /// <summary>True after a successful <see cref="Factorize"/>.</summary>
    public bool IsFactorized { get; private set; }

    /// <summary>
    /// A pivot d of column j must exceed this times A[j, j]: smaller means singular to working precision
    /// (a rigid-body mode of an under-supported structure gives d ≈ 1e-16·A[j, j]; a void element at 1e-9
    /// stiffness still gives d of the order of its own diagonal).
    /// </summary>
    public double PivotTolerance { get; init; } = 1e-12;

    /// <summary>
    /// Threads a large dense update may use (default: all cores). Only products of several million
    /// multiply-adds are split, so small problems run on one thread whatever this says; set 1 when
    /// the caller already runs one factorization per core.
    /// </summary>
    public int MaxDegreeOfParallelism
    {
        get => _parallelism;
        set => _parallelism = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "at least one thread");
    }

    /// <summary>Bytes held by the numeric factor and its workspace.</summary>
    public long MemoryBytes => 8L * (_values.Length + _stack.Length + _diagonal.Length + _work.Length + _temp.Length);

    /// <summary>Analyzes the pattern of <paramref name="lower"/> (its lower triangle) under <paramref name="ordering"/> and allocates the factor.</summary>
    public static SparseCholesky Create(CompressedColumnMatrix lower, ReadOnlySpan<int> ordering) =>
        new(SymbolicAnalysis.Analyze(lower, ordering));

    /// <summary>
    /// Computes L for the values of A, given in the storage order of the pattern analyzed (the
    /// <see cref="CompressedColumnMatrix.Values"/> of the lower triangle).
    /// </summary>
    /// <exception cref="NotPositiveDefiniteException">A is not positive definite, singular to working precision, or not finite.</exception>
    public void Factorize(ReadOnlySpan<double> lowerValues)
    {
        var symbolic = Symbolic;
        var targets = symbolic.ValueTargets;
        if (lowerValues.Length != targets.Length)
        {
            throw new ArgumentException($"expected {targets.Length} values of the analyzed pattern, got {lowerValues.Length}", nameof(lowerValues));
        }

        IsFactorized = false;
        Array.Clear(_values);
        for (var p = 0; p < targets.Length; p++)
        {
            _values[targets[p]] += lowerValues[p];
        }

        for (var j = 0; j < symbolic.Size; j++)
        {
            _diagonal[j] = _values[symbolic.DiagonalPositions[j]];
        }

        long top = 0;
        for (var s = 0; s < symbolic.SupernodeCount; s++)
        {
            top = FactorSupernode(s, top);
        }

        IsFactorized = true;
    }

    /// <summary>Solves A·x = b (length n each). <paramref name="x"/> may be the same memory as <paramref name="b"/>.</summary>
    public void Solve(ReadOnlySpan<double> b, Span<double> x) => Solve(b, x, 1);

    /// <summary>
    /// Solves A·X = B for <paramref name="rightHandSides"/> columns stored one after another
    /// (column-major n × r) in <paramref name="b"/> and <paramref name="x"/>.
    /// </summary>
    public void Solve(ReadOnlySpan<double> b, Span<double> x, int rightHandSides)
    {
        if (!IsFactorized)
        {
            throw new InvalidOperationException("Factorize must succeed before Solve");
        }

        var n = Size;
        ArgumentOutOfRangeException.ThrowIfLessThan(rightHandSides, 1);
        if (b.Length != n * rightHandSides || x.Length != n * rightHandSides)
        {
            throw new ArgumentException($"b and x must hold {rightHandSides} columns of {n} values");
        }

        // Y = P·B, then L·Lᵀ·Y' = Y, then X = Pᵀ·Y', all right-hand sides together.
        if (_work.Length < n * rightHandSides)
        {
            _work = new double[n * rightHandSides];
            _temp = new double[Symbolic.MaxBelow * rightHandSides];
        }

        var permutation = Symbolic.Permutation;
        var y = _work.AsSpan(0, n * rightHandSides);
        for (var r = 0; r < rightHandSides; r++)
        {
            var bColumn = b.Slice(r * n, n);
            var yColumn = y.Slice(r * n, n);
            for (var k = 0; k < n; k++)
            {
                yColumn[k] = bColumn[permutation[k]];
            }
        }

        SupernodalSolve.Forward(Symbolic, _values, y, rightHandSides, _temp);
        SupernodalSolve.Backward(Symbolic, _values, y, rightHandSides, _temp);
        for (var r = 0; r < rightHandSides; r++)
        {
            var xColumn = x.Slice(r * n, n);
            var yColumn = y.Slice(r * n, n);
            for (var k = 0; k < n; k++)
            {
                xColumn[permutation[k]] = yColumn[k];
            }
        }
    }

    /// <summary>The dense block of supernode s: (k + m) × k, column-major (for tests and diagnostics).</summary>
    internal ReadOnlySpan<double> Block(int s) =>
        _values.AsSpan((int)Symbolic.ValuePointers[s], (int)(Symbolic.ValuePointers[s + 1] - Symbolic.ValuePointers[s]));

    /// <summary>Assembles, factors and updates supernode s; returns the new stack top.</summary>
    private long FactorSupernode(int s, long top)
    {
        var symbolic = Symbolic;
        var k = symbolic.Width(s);
        var rows = symbolic.RowCount(s);
        var m = rows - k;
        var panelOffset = (int)symbolic.ValuePointers[s];
        var panel = _values.AsSpan(panelOffset, rows * k);

        // The children's update matrices are the topmost entries of the stack, in child order.
        var children = symbolic.ChildIndices.AsSpan(symbolic.ChildPointers[s], symbolic.ChildPointers[s + 1] - symbolic.ChildPointers[s]);
        var childStart = top;
        foreach (var c in children)
        {
            var below = symbolic.RowCount(c) - symbolic.Width(c);
            childStart -= (long)below * below;
        }

        var w = _stack.AsSpan((int)top, m * m);
        for (var j = 0; j < m; j++)
        {
            w.Slice((j * m) + j, m - j).Clear();
        }

        var position = childStart;
        foreach (var c in children)
        {
            position = ExtendAdd(c, position, panel, rows, k, w, m);
        }

        var first = symbolic.SupernodeStart[s];
        var failed = PanelFactorization.Factor(_values, panelOffset, rows, k, _diagonal.AsSpan(first, k), PivotTolerance, _parallelism, out var pivot);
        if (failed >= 0)
        {
            throw PivotError(first + failed, pivot);
        }

        if (m > 0)
        {
            ProductUpdate.SubtractProduct(_stack, (int)top, m, _values, panelOffset + k, rows, _values, panelOffset + k, rows, m, m, k, lower: true, _parallelism);
            if (childStart != top)
            {
                w.CopyTo(_stack.AsSpan((int)childStart, m * m));
            }
        }

        return childStart + ((long)m * m);
    }

    /// <summary>
    /// Adds the update matrix of child c (at stack offset <paramref name="offset"/>) into the parent's block
    /// and W: U_c[i, j] goes to parent position (rel[i], rel[j]), in the block when rel[j] &lt; k, else in W.
    /// Rows are moved run by run (consecutive parent positions), so most of the work is vector adds.
    /// </summary>
    private long ExtendAdd(int c, long offset, Span<double> panel, int ld, int k, Span<double> w, int m)
    {
        var symbolic = Symbolic;
        var start = symbolic.RowPointers[c] + symbolic.Width(c);
        var below = symbolic.RowPointers[c + 1] - start;
        var relative = symbolic.RelativeIndices.AsSpan(start, below);
        var runStarts = symbolic.RunStarts.AsSpan(symbolic.RunPointers[c], symbolic.RunPointers[c + 1] - symbolic.RunPointers[c]);
        var runTargets = symbolic.RunTargets.AsSpan(symbolic.RunPointers[c], runStarts.Length);
        var update = _stack.AsSpan((int)offset, below * below);
        var cursor = 0;
        for (var jj = 0; jj < below; jj++)
        {
            // Skip runs that end above row jj (the diagonal of this column).
            while (cursor + 1 < runStarts.Length && runStarts[cursor + 1] <= jj)
            {
                cursor++;
            }

            var pj = relative[jj];
            var target = pj < k ? panel.Slice(pj * ld, ld) : w.Slice((pj - k) * m, m);
            var shift = pj < k ? 0 : k;
            var column = update.Slice(jj * below, below);
            for (var r = cursor; r < runStarts.Length; r++)
            {
                var from = Math.Max(runStarts[r], jj);
                var to = r + 1 < runStarts.Length ? runStarts[r + 1] : below;
                VectorOps.Add(column[from..to], target[(runTargets[r] + (from - runStarts[r]) - shift)..]);
            }
        }

        return offset + ((long)below * below);
    }

    private NotPositiveDefiniteException PivotError(int factorColumn, double pivot)
    {
        var column = Symbolic.Permutation[factorColumn];
        var diagonal = _diagonal[factorColumn];
        var text = pivot.ToString("G6", CultureInfo.InvariantCulture);
        if (!double.IsFinite(pivot) || !double.IsFinite(diagonal))
        {
            return new NotPositiveDefiniteException(
                $"the matrix holds a value that is not finite (pivot {text} at row/column {column})", column, pivot, PivotFailure.NotFinite);
        }

        if (pivot < -PivotTolerance * Math.Abs(diagonal) || diagonal <= 0)
        {
            return new NotPositiveDefiniteException(
                $"the matrix is not positive definite (pivot {text} at row/column {column})", column, pivot, PivotFailure.Negative);
        }

        return new NotPositiveDefiniteException(
            $"the matrix is singular to working precision (pivot {text} against diagonal {diagonal.ToString("G6", CultureInfo.InvariantCulture)} at row/column {column})",
            column,
            pivot,
            PivotFailure.Singular);
    }
}
