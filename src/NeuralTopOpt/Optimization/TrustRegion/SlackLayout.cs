namespace NeuralTopOpt.Optimization.TrustRegion;

/// <summary>
/// Where things live in the interior-point reformulation. The step z = (dx, dₛ) has the n variables
/// first, then one slack per general inequality, per finite lower bound and per finite upper bound;
/// the constraints of the barrier problem come in the same order:
/// <code>
///   rows 0 … m_eq−1          cᵢ(x)            = 0
///   rows m_eq … m−1          gⱼ(x) + sⱼ       = 0
///   next n_l rows            lᵢ − xᵢ + s_lᵢ   = 0
///   last n_u rows            xᵢ − uᵢ + s_uᵢ   = 0
/// </code>
/// (SciPy's <c>tr_interior_point</c> with the bounds as <c>keep_feasible</c> inequalities.)
/// </summary>
internal sealed class SlackLayout
{
    public SlackLayout(int equalityCount, int inequalityCount, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper)
    {
        VariableCount = lower.Length;
        EqualityCount = equalityCount;
        InequalityCount = inequalityCount;
        LowerSlot = new int[VariableCount];
        UpperSlot = new int[VariableCount];
        var lowerVars = new List<int>();
        var upperVars = new List<int>();
        for (var i = 0; i < VariableCount; i++)
        {
            LowerSlot[i] = double.IsNegativeInfinity(lower[i]) ? -1 : lowerVars.Count;
            if (LowerSlot[i] >= 0)
            {
                lowerVars.Add(i);
            }

            UpperSlot[i] = double.IsPositiveInfinity(upper[i]) ? -1 : upperVars.Count;
            if (UpperSlot[i] >= 0)
            {
                upperVars.Add(i);
            }
        }

        LowerVariables = [.. lowerVars];
        UpperVariables = [.. upperVars];
    }

    /// <summary>n.</summary>
    public int VariableCount { get; }

    /// <summary>m_eq.</summary>
    public int EqualityCount { get; }

    /// <summary>m_in.</summary>
    public int InequalityCount { get; }

    /// <summary>m = m_eq + m_in, the dense rows.</summary>
    public int GeneralCount => EqualityCount + InequalityCount;

    /// <summary>Variables with a finite lower bound, in order.</summary>
    public int[] LowerVariables { get; }

    /// <summary>Variables with a finite upper bound, in order.</summary>
    public int[] UpperVariables { get; }

    /// <summary>Per variable, its index among <see cref="LowerVariables"/>, or −1.</summary>
    public int[] LowerSlot { get; }

    /// <summary>Per variable, its index among <see cref="UpperVariables"/>, or −1.</summary>
    public int[] UpperSlot { get; }

    /// <summary>p, the number of slacks.</summary>
    public int SlackCount => InequalityCount + LowerVariables.Length + UpperVariables.Length;

    /// <summary>N = n + p, the length of a step.</summary>
    public int StepLength => VariableCount + SlackCount;

    /// <summary>M = m + n_l + n_u, the number of barrier constraints.</summary>
    public int RowCount => GeneralCount + LowerVariables.Length + UpperVariables.Length;

    /// <summary>Offset of the lower-bound slacks within the slack vector (and of their rows after the general rows).</summary>
    public int LowerOffset => InequalityCount;

    /// <summary>Offset of the upper-bound slacks within the slack vector.</summary>
    public int UpperOffset => InequalityCount + LowerVariables.Length;
}
