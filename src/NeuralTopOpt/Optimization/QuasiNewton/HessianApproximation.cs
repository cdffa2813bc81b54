namespace NeuralTopOpt.Optimization.QuasiNewton;

/// <summary>How the trust-region method approximates the Hessian of the Lagrangian, ∇²ₓₓL.</summary>
public enum HessianApproximation
{
    /// <summary>
    /// Limited-memory BFGS in compact representation (Byrd, Nocedal &amp; Schnabel 1994;
    /// Nocedal &amp; Wright Eq. 7.24): B = σI − W·M⁻¹·Wᵀ with the last r pairs, O(n·r) memory and
    /// O(n·r) per product.
    /// </summary>
    LimitedMemoryBfgs,

    /// <summary>
    /// Full-memory BFGS as SciPy's <c>BFGS</c> Hessian update strategy (Nocedal &amp; Wright Eq. 6.19, scaled
    /// at the first update by Eq. 6.20): every applied update kept, as σI plus k rank-one pairs while k &lt; n/4
    /// (O(kn) memory and per product), then as the dense lower triangle (O(n²): 52 MB at n = 3,600).
    /// </summary>
    DenseBfgs,
}

/// <summary>What a BFGS update does when the curvature condition sᵀy &gt; κ·sᵀBs fails.</summary>
public enum CurvatureSafeguard
{
    /// <summary>
    /// Powell's damping (Nocedal &amp; Wright Procedure 18.2, κ = 0.2): y is replaced by
    /// r = θy + (1 − θ)Bs with θ = 0.8·sᵀBs / (sᵀBs − sᵀy), so sᵀr = 0.2·sᵀBs and B stays positive definite.
    /// SciPy's <c>exception_strategy='damp_update'</c>.
    /// </summary>
    Damp,

    /// <summary>
    /// Skip the update (κ = 10⁻⁸). SciPy's default, <c>exception_strategy='skip_update'</c>, which is what
    /// <c>trust-constr</c> uses when no Hessian is given.
    /// </summary>
    Skip,
}

/// <summary>What one quasi-Newton update did.</summary>
internal enum UpdateOutcome
{
    /// <summary>The pair (s, y) was used as is.</summary>
    Applied,

    /// <summary>y was damped before use.</summary>
    Damped,

    /// <summary>Nothing changed (s = 0, y = 0, or the curvature condition failed under <see cref="CurvatureSafeguard.Skip"/>).</summary>
    Skipped,
}

/// <summary>A symmetric positive definite approximation B ≈ ∇²ₓₓL updated from secant pairs.</summary>
internal interface IHessianApproximation
{
    /// <summary>n.</summary>
    int Dimension { get; }

    /// <summary>result = B·v.</summary>
    void Multiply(ReadOnlySpan<double> v, Span<double> result);

    /// <summary>Updates B with s = x₊ − x and y = ∇L(x₊) − ∇L(x), with the safeguard of the approximation.</summary>
    UpdateOutcome Update(ReadOnlySpan<double> s, ReadOnlySpan<double> y);
}

/// <summary>Builds the approximation chosen by the options.</summary>
internal static class HessianApproximations
{
    /// <summary>Threshold κ of the curvature test sᵀy ≤ κ·sᵀBs for a safeguard (SciPy's defaults).</summary>
    public static double MinCurvature(CurvatureSafeguard safeguard) => safeguard == CurvatureSafeguard.Damp ? 0.2 : 1e-8;

    public static IHessianApproximation Create(HessianApproximation kind, int n, CurvatureSafeguard safeguard, int memory) => kind switch
    {
        HessianApproximation.DenseBfgs => new DenseBfgs(n, safeguard),
        HessianApproximation.LimitedMemoryBfgs => new LimitedMemoryBfgs(n, memory, safeguard),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown Hessian approximation"),
    };

    /// <summary>
    /// Replaces y in place by the damped r = θy + (1 − θ)Bs when sᵀy ≤ κ·sᵀBs (Procedure 18.2), or
    /// reports that the pair must be skipped. Returns the outcome and leaves y as the vector to use.
    /// </summary>
    public static UpdateOutcome Safeguard(CurvatureSafeguard safeguard, double sy, double sBs, ReadOnlySpan<double> bs, Span<double> y)
    {
        var kappa = MinCurvature(safeguard);
        if (sy > kappa * sBs)
        {
            return UpdateOutcome.Applied;
        }

        if (safeguard == CurvatureSafeguard.Skip)
        {
            return UpdateOutcome.Skipped;
        }

        var theta = (1.0 - kappa) / (1.0 - (sy / sBs));
        for (var i = 0; i < y.Length; i++)
        {
            y[i] = (theta * y[i]) + ((1.0 - theta) * bs[i]);
        }

        return UpdateOutcome.Damped;
    }

    /// <summary>True when every entry is exactly zero (SciPy skips such s or y).</summary>
    public static bool IsZero(ReadOnlySpan<double> v)
    {
        foreach (var e in v)
        {
            if (e != 0.0)
            {
                return false;
            }
        }

        return true;
    }
}
