using System.Globalization;
using NeuralTopOpt.Sparse;
using NeuralTopOpt.Sparse.Factorization;
using NeuralTopOpt.Sparse.Ordering;
using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// The exact solve on the coarsest level with the project's sparse Cholesky: the free DOFs of the
/// stencil become the unknowns (fixed DOFs eliminated), ordered by geometric nested dissection of the
/// level's nodes; pattern, ordering and symbolic analysis are built once, every update refills the
/// values from the stencil fields and refactors.
/// </summary>
internal sealed class CoarsestSolver
{
    private readonly StencilOperator _stencil;
    private readonly int[] _position;
    private readonly int[] _source;
    private readonly double[] _values;
    private readonly double[] _rhs;
    private readonly double[] _solution;

    public CoarsestSolver(StencilOperator stencil, bool[] isFixed)
    {
        _stencil = stencil;
        var layout = stencil.Layout;
        var nodesY = layout.NodesY;

        // Unknowns: free DOFs in mesh order, 2·(ix·nodesY + iy) + c.
        var unknownOf = new int[layout.DofCount];
        var positions = new List<int>();
        for (var ix = 0; ix < layout.NodesX; ix++)
        {
            for (var iy = 0; iy < nodesY; iy++)
            {
                for (var c = 0; c < 2; c++)
                {
                    var dof = (2 * ((ix * nodesY) + iy)) + c;
                    var at = layout.Dof(ix, iy, c);
                    unknownOf[dof] = isFixed[at] ? -1 : positions.Count;
                    if (!isFixed[at])
                    {
                        positions.Add(at);
                    }
                }
            }
        }

        _position = positions.ToArray();
        var n = _position.Length;

        // Lower-triangle pattern, column by column, each entry remembering its stencil field position.
        var pointers = new int[n + 1];
        var rows = new List<int>();
        var sources = new List<int>();
        var plane = layout.NodeFieldLength;
        var column = new List<(int Row, int Source)>();
        for (var ix = 0; ix < layout.NodesX; ix++)
        {
            for (var iy = 0; iy < nodesY; iy++)
            {
                for (var c = 0; c < 2; c++)
                {
                    var j = unknownOf[(2 * ((ix * nodesY) + iy)) + c];
                    if (j < 0)
                    {
                        continue;
                    }

                    column.Clear();
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        for (var dy = -1; dy <= 1; dy++)
                        {
                            int jx = ix + dx, jy = iy + dy;
                            if (jx < 0 || jy < 0 || jx >= layout.NodesX || jy >= nodesY)
                            {
                                continue;
                            }

                            for (var b = 0; b < 2; b++)
                            {
                                var i = unknownOf[(2 * ((jx * nodesY) + jy)) + b];
                                if (i >= j)
                                {
                                    column.Add((i, FieldPosition(layout, plane, ix, iy, c, jx, jy, b)));
                                }
                            }
                        }
                    }

                    column.Sort();
                    foreach (var (row, source) in column)
                    {
                        rows.Add(row);
                        sources.Add(source);
                    }

                    pointers[j + 1] = rows.Count;
                }
            }
        }

        _source = sources.ToArray();
        _values = new double[_source.Length];
        var pattern = new CompressedColumnMatrix(n, n, pointers, rows.ToArray(), _values);
        var nodeOrder = GridNestedDissection.Order(layout.NodesX, nodesY);
        var ordering = Permutation.Restrict(Permutation.ExpandBlocks(nodeOrder, 2), unknownOf);
        Cholesky = SparseCholesky.Create(pattern, ordering);
        Cholesky.MaxDegreeOfParallelism = 1;
        _rhs = new double[n];
        _solution = new double[n];
    }

    /// <summary>The factorization (one per hierarchy; the coarsest level is small).</summary>
    public SparseCholesky Cholesky { get; }

    /// <summary>Unknowns of the coarsest system.</summary>
    public int UnknownCount => _position.Length;

    /// <summary>Bytes of the factor, its workspace and the value arrays.</summary>
    public long MemoryBytes => Cholesky.MemoryBytes + (8L * (_values.Length + _rhs.Length + _solution.Length)) + (4L * (_source.Length + _position.Length));

    /// <summary>Refills the values from the stencil and refactors.</summary>
    public void Factorize()
    {
        var fields = _stencil.Fields;
        for (var k = 0; k < _values.Length; k++)
        {
            _values[k] = fields[_source[k]];
        }

        try
        {
            Cholesky.Factorize(_values);
        }
        catch (NotPositiveDefiniteException error)
        {
            var unknown = error.Column;
            var position = (uint)unknown < (uint)_position.Length ? _position[unknown] : -1;
            var layout = _stencil.Layout;
            var where = position < 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" near x={(position / (2 * layout.Stride)) - 1}, row {(position % layout.Stride) - 1} from the top of a {layout.ElementsX}x{layout.ElementsY} coarse grid");
            var message = error.Failure switch
            {
                PivotFailure.Singular => $"the stiffness matrix is singular{where}: the structure can move without deforming; add supports",
                PivotFailure.NotFinite => $"the stiffness matrix holds NaN or infinity{where}",
                _ => $"the stiffness matrix is not positive definite{where}; check for negative element stiffness",
            };
            throw new NotPositiveDefiniteException(message, error.Column, error.Pivot, error.Failure);
        }
    }

    /// <summary>x = A⁻¹·b on the free DOFs (fixed and ghost entries of x zero).</summary>
    public void Solve(double[] b, double[] x)
    {
        for (var k = 0; k < _position.Length; k++)
        {
            _rhs[k] = b[_position[k]];
        }

        Cholesky.Solve(_rhs, _solution);
        Array.Clear(x);
        for (var k = 0; k < _position.Length; k++)
        {
            x[_position[k]] = _solution[k];
        }
    }

    /// <summary>Position in the stencil's field array of A[(i, a), (j, b)] for neighbouring nodes.</summary>
    private static int FieldPosition(GridLayout layout, int plane, int ix, int iy, int a, int jx, int jy, int b)
    {
        int dx = jx - ix, dy = jy - iy;
        if (dx == 0 && dy == 0)
        {
            return (StencilOperator.DiagonalField(a, b) * plane) + layout.Node(ix, iy);
        }

        for (var f = 0; f < 4; f++)
        {
            var (fx, fy) = NodeNeighbourhood.Forward[f];
            if (fx == dx && fy == dy)
            {
                return (StencilOperator.ForwardField(f, a, b) * plane) + layout.Node(ix, iy);
            }

            if (fx == -dx && fy == -dy)
            {
                return (StencilOperator.ForwardField(f, b, a) * plane) + layout.Node(jx, jy);
            }
        }

        throw new InvalidOperationException("nodes are not neighbours");
    }
}
