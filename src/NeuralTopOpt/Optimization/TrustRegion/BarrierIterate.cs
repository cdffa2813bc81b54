namespace NeuralTopOpt.Optimization.TrustRegion;

/// <summary>
/// One point of the barrier problem (Byrd, Hribar &amp; Nocedal 1999, Eq. 1.2)
/// <code>
///   minimize  φ(x, s) = f(x) − μ Σ ln sₖ
///   subject to cᵢ(x) = 0,  gⱼ(x) + sⱼ = 0,  lᵢ − xᵢ + s_lᵢ = 0,  xᵢ − uᵢ + s_uᵢ = 0
/// </code>
/// with f, ∇f, c, g and their Jacobian at x. The bound slacks are always reset to s_l = x − l and
/// s_u = u − x (SciPy's <c>keep_feasible</c> bounds, Nocedal &amp; Wright p. 576), so their rows hold
/// exactly; the general inequality slacks move freely.
/// </summary>
internal sealed class BarrierIterate
{
    private readonly SlackLayout _layout;

    public BarrierIterate(SlackLayout layout)
    {
        _layout = layout;
        X = new double[layout.VariableCount];
        Gradient = new double[layout.VariableCount];
        Constraints = new double[layout.GeneralCount];
        Jacobian = new double[layout.GeneralCount * layout.VariableCount];
        Slacks = new double[layout.SlackCount];
    }

    public double[] X { get; }

    public double Objective { get; set; }

    public double[] Gradient { get; }

    /// <summary>c (m_eq) then g (m_in).</summary>
    public double[] Constraints { get; }

    /// <summary>m × n, row-major.</summary>
    public double[] Jacobian { get; }

    /// <summary>s_g (m_in), s_l (n_l), s_u (n_u).</summary>
    public double[] Slacks { get; }

    /// <summary>s_l = x − l and s_u = u − x.</summary>
    public void ResetBoundSlacks(ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        var lowerVars = _layout.LowerVariables;
        for (var k = 0; k < lowerVars.Length; k++)
        {
            Slacks[_layout.LowerOffset + k] = X[lowerVars[k]] - lower[lowerVars[k]];
        }

        var upperVars = _layout.UpperVariables;
        for (var k = 0; k < upperVars.Length; k++)
        {
            Slacks[_layout.UpperOffset + k] = upper[upperVars[k]] - X[upperVars[k]];
        }
    }

    /// <summary>True when every slack is positive (the barrier is finite).</summary>
    public bool IsStrictlyInterior()
    {
        foreach (var s in Slacks)
        {
            if (!(s > 0))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>φ = f − μ Σ ln s.</summary>
    public double Barrier(double mu)
    {
        var sum = 0.0;
        foreach (var s in Slacks)
        {
            sum += Math.Log(s);
        }

        return Objective - (mu * sum);
    }

    /// <summary>The barrier constraints b (length M): c, g + s_g, and zeros for the bound rows.</summary>
    public void Residual(Span<double> b)
    {
        b.Clear();
        var mEq = _layout.EqualityCount;
        for (var i = 0; i < mEq; i++)
        {
            b[i] = Constraints[i];
        }

        for (var j = 0; j < _layout.InequalityCount; j++)
        {
            b[mEq + j] = Constraints[mEq + j] + Slacks[j];
        }
    }

    /// <summary>The scaled gradient [∇f; −μ·1] of φ (the slack part multiplied by S).</summary>
    public void ScaledGradient(double mu, Span<double> gradient)
    {
        Gradient.CopyTo(gradient);
        gradient[_layout.VariableCount..].Fill(-mu);
    }

    /// <summary>max(|cᵢ|, max(0, gⱼ)): the violation of the original constraints (bounds hold by construction).</summary>
    public double Violation()
    {
        var violation = 0.0;
        for (var i = 0; i < Constraints.Length; i++)
        {
            violation = Math.Max(violation, i < _layout.EqualityCount ? Math.Abs(Constraints[i]) : Math.Max(0.0, Constraints[i]));
        }

        return violation;
    }

    public void CopyFrom(BarrierIterate other)
    {
        other.X.CopyTo(X);
        Objective = other.Objective;
        other.Gradient.CopyTo(Gradient);
        other.Constraints.CopyTo(Constraints);
        other.Jacobian.CopyTo(Jacobian);
        other.Slacks.CopyTo(Slacks);
    }
}
