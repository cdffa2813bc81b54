namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// Bilinear prolongation P from a coarse level to the next finer one and its transpose, the
/// restriction R = Pᵀ (full weighting), with the Dirichlet masks of both levels: P = M_f·P̂·M_c, so
/// corrections never move a fixed DOF and fixed coarse DOFs receive no residual.
/// </summary>
/// <remarks>
/// P̂ is the tensor product of the two 1D interpolations (<see cref="GridAxis.InterpolationTo"/>),
/// applied per DOF component: e_f(i, j, c) = Σ_{I, J} w_x(i, I)·w_y(j, J)·e_c(I, J, c). It runs in two
/// passes — along x (whole columns at once, vectorizable), then along y within each column.
/// </remarks>
internal sealed class GridTransfer
{
    private readonly int[] _leftX;
    private readonly double[] _weightX;
    private readonly int[] _leftY;
    private readonly double[] _weightY;
    private readonly int[] _fineFixed;
    private readonly int[] _coarseFixed;
    private readonly ColumnRanges _columns;
    private readonly double[] _columnBuffer;

    public GridTransfer(GridLayout fine, GridLayout coarse, int[] fineFixed, int[] coarseFixed, ColumnRanges columns)
    {
        Fine = fine;
        Coarse = coarse;
        _leftX = new int[fine.NodesX];
        _weightX = new double[fine.NodesX];
        _leftY = new int[fine.NodesY];
        _weightY = new double[fine.NodesY];
        coarse.X.InterpolationTo(fine.X, _leftX, _weightX);
        coarse.Y.InterpolationTo(fine.Y, _leftY, _weightY);
        _fineFixed = fineFixed;
        _coarseFixed = coarseFixed;
        _columns = columns;

        // x-interpolated coarse columns: one per fine column, coarse rows.
        _columnBuffer = new double[fine.NodesX * 2 * coarse.Stride];
    }

    public GridLayout Fine { get; }

    public GridLayout Coarse { get; }

    /// <summary>Bytes of the transfer's own tables and buffer.</summary>
    public long MemoryBytes => 8L * (_columnBuffer.Length + _weightX.Length + _weightY.Length) + (4L * (_leftX.Length + _leftY.Length));

    /// <summary>Weight of coarse node J in the interpolation to fine node i along x (or y when <paramref name="alongY"/>).</summary>
    public double Weight(bool alongY, int i, int coarseNode)
    {
        var left = alongY ? _leftY[i] : _leftX[i];
        var weight = alongY ? _weightY[i] : _weightX[i];
        return coarseNode == left ? weight : coarseNode == left + 1 ? 1 - weight : 0;
    }

    /// <summary>fine += P·coarse (the fixed entries of <paramref name="coarse"/> are set to zero first: P = M_f·P̂·M_c).</summary>
    public void ProlongAdd(double[] coarse, double[] fine)
    {
        foreach (var position in _coarseFixed)
        {
            coarse[position] = 0;
        }

        var cs = Coarse.Stride;
        var fineLayout = Fine;
        _columns.For(fineLayout.NodesX, 8L * fineLayout.Stride, (first, end) =>
        {
            for (var i = first; i < end; i++)
            {
                var left = _leftX[i];
                var wl = _weightX[i];
                for (var c = 0; c < 2; c++)
                {
                    // Along x: t = wl·coarse column (left) + (1 − wl)·coarse column (left + 1), coarse rows.
                    var t = _columnBuffer.AsSpan(((2 * i) + c) * cs, cs);
                    var a = coarse.AsSpan(Coarse.Plane(left, c), cs);
                    if (wl == 1)
                    {
                        a.CopyTo(t);
                    }
                    else
                    {
                        var b = coarse.AsSpan(Coarse.Plane(left + 1, c), cs);
                        for (var k = 0; k < cs; k++)
                        {
                            t[k] = (wl * a[k]) + ((1 - wl) * b[k]);
                        }
                    }

                    // Along y: fine row j from coarse rows left_y(j), left_y(j) + 1 (padded rows +1).
                    var target = fine.AsSpan(fineLayout.Plane(i, c) + 1, fineLayout.NodesY);
                    for (var j = 0; j < target.Length; j++)
                    {
                        var l = _leftY[j] + 1;
                        var w = _weightY[j];
                        target[j] += (w * t[l]) + ((1 - w) * t[l + 1]);
                    }
                }
            }
        });

        foreach (var position in _fineFixed)
        {
            fine[position] = 0;
        }
    }

    /// <summary>coarse = R·fine = Pᵀ·fine (the fixed entries of <paramref name="fine"/> are set to zero first).</summary>
    public void Restrict(double[] fine, double[] coarse)
    {
        foreach (var position in _fineFixed)
        {
            fine[position] = 0;
        }

        var cs = Coarse.Stride;
        var fineLayout = Fine;

        // Along y within each fine column: t(J) = Σ_j w_y(j, J)·fine(j).
        _columns.For(fineLayout.NodesX, 4L * fineLayout.Stride, (first, end) =>
        {
            for (var i = first; i < end; i++)
            {
                for (var c = 0; c < 2; c++)
                {
                    var t = _columnBuffer.AsSpan(((2 * i) + c) * cs, cs);
                    t.Clear();
                    var source = fine.AsSpan(fineLayout.Plane(i, c) + 1, fineLayout.NodesY);
                    for (var j = 0; j < source.Length; j++)
                    {
                        var l = _leftY[j] + 1;
                        var w = _weightY[j];
                        t[l] += w * source[j];
                        t[l + 1] += (1 - w) * source[j];
                    }
                }
            }
        });

        // Along x: coarse column I = Σ_i w_x(i, I)·t(i), each coarse column from at most three fine columns.
        var coarseLayout = Coarse;
        _columns.For(coarseLayout.NodesX, 12L * cs, (first, end) =>
        {
            for (var ci = first; ci < end; ci++)
            {
                var centre = coarseLayout.X.FineNode[ci];
                for (var c = 0; c < 2; c++)
                {
                    var target = coarse.AsSpan(coarseLayout.Plane(ci, c), cs);
                    target.Clear();
                    for (var i = Math.Max(0, centre - 1); i <= Math.Min(fineLayout.NodesX - 1, centre + 1); i++)
                    {
                        var w = Weight(alongY: false, i, ci);
                        if (w == 0)
                        {
                            continue;
                        }

                        var t = _columnBuffer.AsSpan(((2 * i) + c) * cs, cs);
                        for (var k = 0; k < cs; k++)
                        {
                            target[k] += w * t[k];
                        }
                    }

                    // Ghost rows stay zero.
                    target[0] = 0;
                    target[(coarseLayout.NodesY + 1)..].Clear();
                }
            }
        });

        foreach (var position in _coarseFixed)
        {
            coarse[position] = 0;
        }
    }

    /// <summary>
    /// The element-local prolongation of fine element (ex, ey) inside coarse element (cx, cy):
    /// P[a, b] (8 × 8, row-major) maps the coarse element's local DOF b to the fine element's local DOF a.
    /// Fine DOFs in <paramref name="fineFixed"/> (a predicate on padded positions) get zero rows.
    /// </summary>
    public void ElementProlongation(int cx, int cy, int ex, int ey, Func<int, bool> fineFixed, Span<double> p)
    {
        p.Clear();
        for (var a = 0; a < 4; a++)
        {
            var (ax, ay) = NodeNeighbourhood.LocalNodes[a];
            int fx = ex + ax, fy = ey + ay;
            for (var b = 0; b < 4; b++)
            {
                var (bx, by) = NodeNeighbourhood.LocalNodes[b];
                var w = Weight(alongY: false, fx, cx + bx) * Weight(alongY: true, fy, cy + by);
                for (var c = 0; c < 2; c++)
                {
                    if (!fineFixed(Fine.Dof(fx, fy, c)))
                    {
                        p[(((2 * a) + c) * 8) + (2 * b) + c] = w;
                    }
                }
            }
        }
    }
}
