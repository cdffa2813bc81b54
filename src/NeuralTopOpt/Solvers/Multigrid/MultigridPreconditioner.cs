using NeuralTopOpt.Solvers.Krylov;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>
/// The geometric multigrid hierarchy of a structured Q4 grid and one cycle of it as a preconditioner
/// z = B·r (Briggs, Henson and McCormick, <i>A Multigrid Tutorial</i>, Ch. 3–4; Trottenberg,
/// Oosterlee and Schüller, <i>Multigrid</i>, Ch. 2):
/// <code>
///   cycle(l):  X_l ← S_l(B_l)                          (ν pre-smoothing steps from zero)
///              B_{l+1} = R·(B_l − A_l X_l)             (restrict the residual)
///              X_{l+1} = cycle(l + 1)  [γ times]       (exact Cholesky solve on the coarsest)
///              X_l += P·X_{l+1}                        (coarse correction)
///              X_l ← S_l(X_l)                          (ν post-smoothing steps)
/// </code>
/// With the same smoother before and after and R = Pᵀ, B is symmetric positive definite, so it may
/// precondition CG.
/// </summary>
internal sealed class MultigridPreconditioner : ISymmetricPreconditioner
{
    private readonly MultigridLevel[] _levels;
    private readonly ISmoother[] _smoothers;
    private readonly GalerkinCoarsening?[] _galerkin;
    private readonly double[][] _packed;
    private readonly double[][] _windows;

    /// <summary>Level-1 element columns per window (even, so that level-2 elements do not straddle windows).</summary>
    private const int WindowColumns = 32;
    private readonly double[]?[] _coefficients;
    private readonly ElementCoefficientOperator? _matrixFree;
    private readonly TermBasis _basis;
    private readonly CoarsestSolver _coarsest;
    private readonly MultigridOptions _options;
    private readonly ColumnRanges _columns;
    private readonly BlockVectorOps _vectors;

    /// <summary>Builds the hierarchy for a grid of nelx × nely elements with the given fixed DOFs (mesh numbering).</summary>
    public MultigridPreconditioner(int elementsX, int elementsY, TermBasis basis, ReadOnlySpan<int> fixedDofs, MultigridOptions options)
    {
        _options = options;
        _basis = basis;
        _columns = new ColumnRanges(options.MaxDegreeOfParallelism);
        _vectors = new BlockVectorOps(options.MaxDegreeOfParallelism);
        var layouts = new List<GridLayout> { new(GridAxis.Uniform(elementsX), GridAxis.Uniform(elementsY)) };
        var fixedFlags = new List<bool[]> { new bool[layouts[0].Length] };
        foreach (var dof in fixedDofs)
        {
            fixedFlags[0][layouts[0].FromMeshDof(dof)] = true;
        }

        while (layouts[^1].DofCount > options.CoarsestMaxUnknowns && (layouts[^1].X.CanCoarsen || layouts[^1].Y.CanCoarsen)
            && layouts.Count < (options.MaxLevels ?? int.MaxValue))
        {
            var fine = layouts[^1];
            var coarse = new GridLayout(fine.X.CanCoarsen ? fine.X.Coarsen() : fine.X.Keep(), fine.Y.CanCoarsen ? fine.Y.Coarsen() : fine.Y.Keep());
            layouts.Add(coarse);
            fixedFlags.Add(CoarseFixed(fine, coarse, fixedFlags[^1]));
        }

        var count = layouts.Count;
        _levels = new MultigridLevel[count];
        _smoothers = new ISmoother[count];
        _galerkin = new GalerkinCoarsening?[count];
        _coefficients = new double[]?[count];
        for (var l = 0; l < count; l++)
        {
            var layout = layouts[l];
            var positions = Enumerable.Range(0, layout.Length).Where(i => fixedFlags[l][i]).ToArray();
            LevelOperator op;
            if (l == 0 && count > 1 && options.FineOperator == FineOperatorKind.MatrixFree)
            {
                _matrixFree = new ElementCoefficientOperator(layout, basis, positions, _columns);
                op = _matrixFree;
            }
            else
            {
                op = new StencilOperator(layout, _columns);
            }

            _levels[l] = new MultigridLevel(l, layout, op, positions, fixedFlags[l]);
            _smoothers[l] = options.Smoother == SmootherKind.Jacobi
                ? new JacobiSmoother(options.SmoothingSteps, options.JacobiWeight, _vectors)
                : new ChebyshevSmoother(options.ChebyshevDegree, options.ChebyshevRatio, _vectors);
            if (l > 0)
            {
                _levels[l - 1].ToCoarser = new GridTransfer(layouts[l - 1], layout, _levels[l - 1].FixedPositions, positions, _columns);
                if (options.CoarseOperator == CoarseOperatorKind.Galerkin)
                {
                    _galerkin[l] = new GalerkinCoarsening(_levels[l - 1].ToCoarser!, fixedFlags[l - 1], fixedFlags[l], l == 1 ? basis : null, _columns);
                }
            }

            // Coefficient fields: the finest level's (unless the matrix-free operator holds them), and every level's when rediscretizing.
            if ((l == 0 && _matrixFree is null) || (l > 0 && options.CoarseOperator == CoarseOperatorKind.Rediscretized))
            {
                _coefficients[l] = new double[basis.Terms * layout.ElementFieldLength];
            }
        }

        if (_matrixFree is not null)
        {
            _coefficients[0] = _matrixFree.Coefficients;
        }

        // Packed element matrices of the coarse levels, two buffers used alternately (level l from level l − 1).
        // With Galerkin operators level 1 — the largest — is never held whole: it is computed in windows of
        // columns, each assembled into level 1's stencil and coarsened into level 2 at once (see Update).
        _packed = new double[2][];
        var galerkin = options.CoarseOperator == CoarseOperatorKind.Galerkin;
        for (var parity = 0; parity < 2; parity++)
        {
            var largest = 0;
            for (var l = galerkin ? 2 : 1; l < count; l++)
            {
                if (l % 2 == parity)
                {
                    largest = Math.Max(largest, ElementMatrices.Packed * layouts[l].ElementFieldLength);
                }
            }

            _packed[parity] = new double[largest];
        }

        _windows = galerkin && count > 1
            ? Enumerable.Range(0, options.MaxDegreeOfParallelism).Select(_ => new double[ElementWindow.Length(layouts[1], WindowColumns + 2, ElementMatrices.Packed)]).ToArray()
            : [];

        _coarsest = new CoarsestSolver((StencilOperator)_levels[^1].Operator, fixedFlags[^1]);
    }

    /// <summary>The levels, finest first.</summary>
    public IReadOnlyList<MultigridLevel> Levels => _levels;

    /// <summary>The coarsest level's direct solver.</summary>
    public CoarsestSolver Coarsest => _coarsest;

    /// <summary>λ_max estimates of the Chebyshev smoothers (empty for Jacobi).</summary>
    public IEnumerable<double> ChebyshevLambdas => _smoothers.OfType<ChebyshevSmoother>().Select(s => s.LambdaMax);

    /// <summary>Bytes held by the hierarchy.</summary>
    public long MemoryBytes =>
        _levels.Sum(l => l.MemoryBytes)
        + (8L * _packed.Sum(p => p.Length))
        + (8L * _windows.Sum(w => w.Length))
        + (8L * _coefficients.Where((c, l) => c is not null && (l > 0 || _matrixFree is null)).Sum(c => c!.Length))
        + _coarsest.MemoryBytes;

    /// <summary>
    /// Sets the finest coefficients (element-major, T per element) and rebuilds what depends on them:
    /// diagonals, coarse operators, the coarsest factorization, smoother estimates.
    /// </summary>
    public void Update(ReadOnlySpan<double> coefficients)
    {
        var fine = _levels[0];
        if (_matrixFree is not null)
        {
            _matrixFree.SetCoefficients(coefficients);
        }
        else
        {
            SetCoefficients(fine.Layout, coefficients, _coefficients[0]!);
            var stencil = (StencilOperator)fine.Operator;
            StencilAssembly.FromCoefficients(_coefficients[0]!, _basis, stencil, _columns);
            MaskStencil(stencil, fine);
        }

        PrepareLevel(0);
        var first = 1;
        if (_options.CoarseOperator == CoarseOperatorKind.Galerkin && _levels.Length > 1)
        {
            GalerkinLevelsOneAndTwo();
            PrepareLevel(1);
            if (_levels.Length > 2)
            {
                PrepareLevel(2);
            }

            first = 3;
        }

        for (var l = first; l < _levels.Length; l++)
        {
            var level = _levels[l];
            var packed = _packed[l % 2];
            if (_options.CoarseOperator == CoarseOperatorKind.Galerkin)
            {
                var source = ElementWindow.Whole(_packed[(l - 1) % 2], _levels[l - 1].Layout);
                Array.Clear(packed);
                _galerkin[l]!.Compute(source, ElementWindow.Whole(packed, level.Layout), 0, level.Layout.ElementsX);
            }
            else
            {
                Rediscretization.AverageCoefficients(_levels[l - 1].Layout, level.Layout, _basis.Terms, _coefficients[l - 1]!, _coefficients[l]!, _columns);
                Rediscretization.ElementMatricesFromCoefficients(level.Layout, _basis, _coefficients[l]!, level.IsFixed, packed, _columns);
            }

            var stencil = (StencilOperator)level.Operator;
            StencilAssembly.FromElementMatrices(packed, stencil, _columns);
            MaskStencil(stencil, level);
            PrepareLevel(l);
        }

        _coarsest.Factorize();
    }

    /// <summary>
    /// Galerkin levels 1 and 2 without holding level 1's element matrices whole: windows of
    /// <see cref="WindowColumns"/> level-1 element columns (plus one on each side) are computed from the finest
    /// coefficients, gathered into level 1's stencil for their node columns and coarsened into level 2's
    /// element matrices; the windows run in parallel, each writing its own columns.
    /// </summary>
    private void GalerkinLevelsOneAndTwo()
    {
        var layout = _levels[1].Layout;
        var elements = layout.ElementsX;
        var chunks = (elements + WindowColumns - 1) / WindowColumns;
        var workers = Math.Min(_windows.Length, chunks);
        var coefficients = ElementWindow.Whole(_coefficients[0]!, _levels[0].Layout);
        var stencil = (StencilOperator)_levels[1].Operator;
        var hasLevel2 = _levels.Length > 2;
        var level2 = hasLevel2 ? ElementWindow.Whole(_packed[0], _levels[2].Layout) : default;
        var single = new ColumnRanges(1);
        if (hasLevel2)
        {
            // The buffer is shared with deeper even levels: its ghost columns must be zero again.
            Array.Clear(_packed[0]);
        }

        void Chunk(int k, double[] buffer)
        {
            var c0 = k * WindowColumns;
            var c1 = Math.Min(elements, c0 + WindowColumns);
            var window = new ElementWindow(buffer, buffer.Length / ElementMatrices.Packed, c0 - 1);
            if (c0 == 0 || c1 == elements)
            {
                Array.Clear(buffer);
            }

            _galerkin[1]!.Compute(coefficients, window, Math.Max(0, c0 - 1), Math.Min(elements, c1 + 1), single);
            StencilAssembly.FromElementMatrices(window, stencil, c0, c1 == elements ? elements + 1 : c1, single);
            if (hasLevel2)
            {
                _galerkin[2]!.Compute(window, level2, c0 / 2, (c1 + 1) / 2, single);
            }
        }

        if (workers <= 1)
        {
            for (var k = 0; k < chunks; k++)
            {
                Chunk(k, _windows[0]);
            }
        }
        else
        {
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
            {
                for (var k = (int)((long)chunks * w / workers); k < (int)((long)chunks * (w + 1) / workers); k++)
                {
                    Chunk(k, _windows[w]);
                }
            });
        }

        MaskStencil(stencil, _levels[1]);
        if (hasLevel2)
        {
            var stencil2 = (StencilOperator)_levels[2].Operator;
            StencilAssembly.FromElementMatrices(_packed[0], stencil2, _columns);
            MaskStencil(stencil2, _levels[2]);
        }
    }

    /// <summary>z = B·r: one cycle from zero on the finest level; returns the array holding z (owned by the hierarchy, valid until the next call).</summary>
    public double[] Apply(double[] r) => Apply(r, out _);

    /// <inheritdoc/>
    public double[] Apply(double[] r, out double rz)
    {
        var fine = _levels[0];
        fine.B = r;
        rz = Cycle(0, zeroStart: true);
        if (double.IsNaN(rz))
        {
            rz = _vectors.Dot(r, fine.X);
        }

        return fine.X;
    }

    /// <summary>One cycle on level l; returns BᵀX of the result when the last smoothing step fused it (else NaN).</summary>
    private double Cycle(int l, bool zeroStart)
    {
        var level = _levels[l];
        if (l == _levels.Length - 1)
        {
            _coarsest.Solve(level.B, level.X);
            return double.NaN;
        }

        var smoother = _smoothers[l];
        smoother.Smooth(level, zeroStart);
        level.Operator.Residual(level.B, level.X, level.R);
        var coarse = _levels[l + 1];
        level.ToCoarser!.Restrict(level.R, coarse.B);
        var visits = _options.Cycle == CycleKind.W && l + 1 < _levels.Length - 1 ? 2 : 1;
        for (var v = 0; v < visits; v++)
        {
            Cycle(l + 1, zeroStart: v == 0);
        }

        level.ToCoarser.ProlongAdd(coarse.X, level.X);
        return smoother.Smooth(level, zeroStart: false, dotWithRightHandSide: l == 0);
    }

    private void PrepareLevel(int l)
    {
        var level = _levels[l];
        level.UpdateInverseDiagonal();
        if (l < _levels.Length - 1)
        {
            _smoothers[l].Update(level);
        }
    }

    private static void MaskStencil(StencilOperator stencil, MultigridLevel level)
    {
        var layout = level.Layout;
        for (var ix = 0; ix < layout.NodesX; ix++)
        {
            for (var iy = 0; iy < layout.NodesY; iy++)
            {
                for (var c = 0; c < 2; c++)
                {
                    if (level.IsFixed[layout.Dof(ix, iy, c)])
                    {
                        stencil.MaskDof(ix, iy, c);
                    }
                }
            }
        }
    }

    private static void SetCoefficients(GridLayout layout, ReadOnlySpan<double> coefficients, double[] fields)
    {
        var terms = fields.Length / layout.ElementFieldLength;
        var plane = layout.ElementFieldLength;
        for (var ex = 0; ex < layout.ElementsX; ex++)
        {
            for (var ey = 0; ey < layout.ElementsY; ey++)
            {
                var at = layout.Element(ex, ey);
                var source = ((ex * layout.ElementsY) + ey) * terms;
                for (var t = 0; t < terms; t++)
                {
                    fields[(t * plane) + at] = coefficients[source + t];
                }
            }
        }
    }

    /// <summary>
    /// Fixed DOFs of a coarse level: those sitting on a fixed fine DOF, and those whose every
    /// interpolation target (same component) is fixed — their prolongation would be zero.
    /// </summary>
    private static bool[] CoarseFixed(GridLayout fine, GridLayout coarse, bool[] fineFixed)
    {
        var result = new bool[coarse.Length];
        var onCoarseX = new bool[fine.NodesX];
        var onCoarseY = new bool[fine.NodesY];
        foreach (var i in coarse.X.FineNode)
        {
            onCoarseX[i] = true;
        }

        foreach (var j in coarse.Y.FineNode)
        {
            onCoarseY[j] = true;
        }

        for (var cx = 0; cx < coarse.NodesX; cx++)
        {
            var fx = coarse.X.FineNode[cx];
            for (var cy = 0; cy < coarse.NodesY; cy++)
            {
                var fy = coarse.Y.FineNode[cy];
                for (var c = 0; c < 2; c++)
                {
                    var allFixed = true;
                    for (var i = Math.Max(0, fx - 1); i <= Math.Min(fine.NodesX - 1, fx + 1) && allFixed; i++)
                    {
                        for (var j = Math.Max(0, fy - 1); j <= Math.Min(fine.NodesY - 1, fy + 1) && allFixed; j++)
                        {
                            var inSupport = (i == fx || !onCoarseX[i]) && (j == fy || !onCoarseY[j]);
                            if (inSupport && !fineFixed[fine.Dof(i, j, c)])
                            {
                                allFixed = false;
                            }
                        }
                    }

                    result[coarse.Dof(cx, cy, c)] = fineFixed[fine.Dof(fx, fy, c)] || allFixed;
                }
            }
        }

        return result;
    }
}
