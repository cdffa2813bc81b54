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
    private readonly int _uniformY;

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

        // x-interpolated coarse columns: one per fine column, coarse rows (ghost rows stay zero).
        _columnBuffer = new double[fine.NodesX * 2 * coarse.Stride];

        // Coarse intervals 0 … U − 1 along y halve two equal fine elements: weights 1 and ½ (the SIMD path).
        _uniformY = 0;
        while (_uniformY < coarse.ElementsY && coarse.Y.ChildCount(_uniformY) == 2
               && fine.Y.Width(2 * _uniformY) == fine.Y.Width((2 * _uniformY) + 1))
        {
            _uniformY++;
        }
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
                    // Along x: t = wl·(coarse column left) + (1 − wl)·(coarse column left + 1), coarse rows.
                    var t = _columnBuffer.AsSpan(((2 * i) + c) * cs, cs);
                    var a = coarse.AsSpan(Coarse.Plane(left, c), cs);
                    if (wl == 1)
                    {
                        a.CopyTo(t);
                    }
                    else
                    {
                        TransferKernels.Combine(wl, a, 1 - wl, coarse.AsSpan(Coarse.Plane(left + 1, c), cs), t);
                    }

                    // Along y: fine row j from coarse rows left_y(j), left_y(j) + 1 (padded rows + 1).
                    var target = fine.AsSpan(fineLayout.Plane(i, c), fineLayout.Stride);
                    var j0 = TransferKernels.ProlongUniform(t, target, _uniformY);
                    for (var j = j0; j < fineLayout.NodesY; j++)
                    {
                        var l = _leftY[j] + 1;
                        var w = _weightY[j];
                        target[j + 1] += (w * t[l]) + ((1 - w) * t[l + 1]);
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
        var coarseLayout = Coarse;

        // Along y within each fine column: t(J) = Σ_j w_y(j, J)·fine(j), j within one of J's fine node.
        _columns.For(fineLayout.NodesX, 4L * fineLayout.Stride, (first, end) =>
        {
            for (var i = first; i < end; i++)
            {
                for (var c = 0; c < 2; c++)
                {
                    var t = _columnBuffer.AsSpan(((2 * i) + c) * cs, cs);
                    var source = fine.AsSpan(fineLayout.Plane(i, c), fineLayout.Stride);
                    var j0 = TransferKernels.RestrictUniform(source, t, _uniformY);
                    for (var cj = j0; cj < coarseLayout.NodesY; cj++)
                    {
                        var centre = coarseLayout.Y.FineNode[cj];
                        double sum = 0;
                        for (var j = Math.Max(0, centre - 1); j <= Math.Min(fineLayout.NodesY - 1, centre + 1); j++)
                        {
                            sum += Weight(alongY: true, j, cj) * source[j + 1];
                        }

                        t[cj + 1] = sum;
                    }
                }
            }
        });

        // Along x: coarse column I = Σ_i w_x(i, I)·t(i), each coarse column from at most three fine columns.
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
                        if (w != 0)
                        {
                            TransferKernels.AddScaled(w, _columnBuffer.AsSpan(((2 * i) + c) * cs, cs), target);
                        }
                    }
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
