using System.Globalization;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>How the operators of the coarse levels are made.</summary>
public enum CoarseOperatorKind
{
    /// <summary>A_c = Pᵀ·A·P (element by element): exact energy of the coarse space; robust at high contrast.</summary>
    Galerkin,

    /// <summary>Q4 elements of the coarse size with the area-averaged coefficients of their children.</summary>
    Rediscretized,
}

/// <summary>The smoother on every level but the coarsest.</summary>
public enum SmootherKind
{
    /// <summary>Damped Jacobi, X ← X + ω·D⁻¹(B − A·X).</summary>
    Jacobi,

    /// <summary>Chebyshev polynomial in D⁻¹A on [λ_max/α, λ_max].</summary>
    Chebyshev,
}

/// <summary>The recursion of the multigrid cycle.</summary>
public enum CycleKind
{
    /// <summary>One visit of each coarser level per cycle.</summary>
    V,

    /// <summary>Two visits of each coarser level per visit of its finer neighbour.</summary>
    W,
}

/// <summary>How the finest operator is applied.</summary>
public enum FineOperatorKind
{
    /// <summary>From the per-element coefficients and the basis on the fly (T values per element in memory).</summary>
    MatrixFree,

    /// <summary>Assembled once per update into a 19-field node stencil.</summary>
    Assembled,
}

/// <summary>
/// Settings of <see cref="MultigridCgSolver"/>. The defaults are the measured best on the half MBB beam
/// at SIMP contrast 10⁻⁹ (docs/multigrid.md): Galerkin coarse operators, one damped-Jacobi sweep
/// (ω = 0.6) before and after the coarse correction, V-cycles, matrix-free fine level, coarsest level at
/// most 65,000 unknowns, relative residual 10⁻⁶ (compliance to ~10⁻¹⁰ and sensitivities to ~10⁻⁴ of
/// their largest value on the MBB designs measured).
/// </summary>
public sealed record MultigridOptions
{
    /// <summary>Coarse operators (Galerkin or rediscretized).</summary>
    public CoarseOperatorKind CoarseOperator { get; init; } = CoarseOperatorKind.Galerkin;

    /// <summary>Smoother.</summary>
    public SmootherKind Smoother { get; init; } = SmootherKind.Jacobi;

    /// <summary>Jacobi sweeps before and after the coarse correction (the same number, so the cycle is symmetric).</summary>
    public int SmoothingSteps { get; init; } = 1;

    /// <summary>ω of damped Jacobi.</summary>
    public double JacobiWeight { get; init; } = 0.6;

    /// <summary>Degree of the Chebyshev smoother (products of A per smoothing).</summary>
    public int ChebyshevDegree { get; init; } = 2;

    /// <summary>α: the Chebyshev smoother targets the eigenvalues of D⁻¹A in [λ_max/α, λ_max].</summary>
    public double ChebyshevRatio { get; init; } = 4;

    /// <summary>V- or W-cycle.</summary>
    public CycleKind Cycle { get; init; } = CycleKind.V;

    /// <summary>Matrix-free or assembled finest operator.</summary>
    public FineOperatorKind FineOperator { get; init; } = FineOperatorKind.MatrixFree;

    /// <summary>Coarsening stops once a level has at most this many DOFs (or cannot be coarsened); that level is factored.</summary>
    public int CoarsestMaxUnknowns { get; init; } = 65_000;

    /// <summary>
    /// Most levels, the finest included (null: no limit). Coarsening also stops here, and the last level is
    /// factored however large it is. A structure drawn at the pixel scale (fine-scale verification: walls and
    /// holes of a few pixels) needs it: bilinear coarse spaces much coarser than its features do not carry its
    /// low-energy modes, and CG stalls (measured on the paper-network design at M = 10, K = 2, 1.44M unknowns:
    /// 4 levels, relative residual 1.9·10⁻³ after 2,000 iterations; 3 levels, 372 iterations; 2 levels, 22).
    /// </summary>
    public int? MaxLevels { get; init; }

    /// <summary>CG stops when ‖b − A·x‖ ≤ tolerance·‖b‖ (Euclidean norms over the free DOFs).</summary>
    public double RelativeTolerance { get; init; } = 1e-6;

    /// <summary>Most CG iterations per right-hand side.</summary>
    public int MaxIterations { get; init; } = 500;

    /// <summary>Threads for the kernels (results do not depend on it).</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Throws <see cref="InvalidInputException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        static string F(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        if (SmoothingSteps < 1 || SmoothingSteps > 20)
        {
            throw new InvalidInputException($"multigrid smoothing steps must be 1 to 20, not {SmoothingSteps}");
        }

        if (!(JacobiWeight > 0 && JacobiWeight < 2))
        {
            throw new InvalidInputException($"the Jacobi weight must lie in (0, 2), not {F(JacobiWeight)}");
        }

        if (ChebyshevDegree < 1 || ChebyshevDegree > 20)
        {
            throw new InvalidInputException($"the Chebyshev degree must be 1 to 20, not {ChebyshevDegree}");
        }

        if (!(ChebyshevRatio > 1) || double.IsInfinity(ChebyshevRatio))
        {
            throw new InvalidInputException($"the Chebyshev eigenvalue ratio must be a finite number above 1, not {F(ChebyshevRatio)}");
        }

        if (CoarsestMaxUnknowns < 2)
        {
            throw new InvalidInputException($"the coarsest level needs room for at least 2 unknowns, not {CoarsestMaxUnknowns}");
        }

        if (!(RelativeTolerance > 0 && RelativeTolerance < 1))
        {
            throw new InvalidInputException($"the relative tolerance must lie in (0, 1), not {F(RelativeTolerance)}");
        }

        if (MaxLevels is < 1)
        {
            throw new InvalidInputException($"the multigrid needs at least 1 level, not {MaxLevels}");
        }

        if (MaxIterations < 1)
        {
            throw new InvalidInputException($"the iteration limit must be at least 1, not {MaxIterations}");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new InvalidInputException($"the degree of parallelism must be at least 1, not {MaxDegreeOfParallelism}");
        }

        if (!Enum.IsDefined(CoarseOperator) || !Enum.IsDefined(Smoother) || !Enum.IsDefined(Cycle) || !Enum.IsDefined(FineOperator))
        {
            throw new InvalidInputException("unknown multigrid option value");
        }
    }
}
