using NeuralTopOpt.Optimization.Common;

namespace NeuralTopOpt.Optimization.Mma;

/// <summary>
/// Settings of <see cref="MmaOptimizer"/>, with the defaults of Svanberg's <c>mmasub</c>
/// ("MMA and GCMMA – two methods for nonlinear optimization", 2007) and the artificial-variable
/// weights of the problem
/// <code>
///   minimize f₀(x) + a₀z + Σ (cᵢyᵢ + ½dᵢyᵢ²)   subject to fᵢ(x) − aᵢz − yᵢ ≤ 0,  l ≤ x ≤ u,  y ≥ 0,  z ≥ 0
/// </code>
/// which for a₀ = 1, aᵢ = 0 and large cᵢ is the ordinary problem when it is feasible (yᵢ = 0 unless a
/// constraint's multiplier would exceed cᵢ).
/// </summary>
public sealed record MmaOptions
{
    /// <summary>The defaults.</summary>
    public static MmaOptions Default { get; } = new();

    /// <summary>Move limit: |x₊ − x| ≤ move·(u − l). Default 0.5.</summary>
    public double Move { get; init; } = 0.5;

    /// <summary>Asymptotes of the first two iterations at x ∓ this·(u − l). Default 0.5.</summary>
    public double AsymptoteInitial { get; init; } = 0.5;

    /// <summary>Factor that widens the asymptotes when a variable keeps its direction. Default 1.2.</summary>
    public double AsymptoteIncrease { get; init; } = 1.2;

    /// <summary>Factor that narrows them when it oscillates. Default 0.7.</summary>
    public double AsymptoteDecrease { get; init; } = 0.7;

    /// <summary>a₀. Default 1.</summary>
    public double A0 { get; init; } = 1.0;

    /// <summary>aᵢ, the same for every constraint. Default 0.</summary>
    public double A { get; init; }

    /// <summary>
    /// cᵢ, the linear cost of the artificial yᵢ. Default 10⁵ (Svanberg's examples use 1000, but a volume
    /// constraint mean(x) ≤ V has a multiplier of order n·|∂f/∂xⱼ|, which must stay below cᵢ for y = 0).
    /// Like raa0 = 10⁻⁵ in the approximation, the default presumes an objective of moderate size: the
    /// topology runs hand MMA the nondimensional compliance (<c>ComplianceScale</c>), and the optimizer
    /// shrinks an objective whose multipliers reach c (see <see cref="MmaOptimizer"/>).
    /// </summary>
    public double C { get; init; } = 1e5;

    /// <summary>dᵢ, the quadratic cost of the artificial yᵢ. Default 1.</summary>
    public double D { get; init; } = 1.0;

    /// <summary>Throws <see cref="InvalidInputException"/> for a setting outside its range.</summary>
    public void Validate()
    {
        Check(Move > 0 && Move <= 1, "move limit", Move, "in (0, 1]");
        Check(AsymptoteInitial > 0 && AsymptoteInitial <= 10, "initial asymptote distance", AsymptoteInitial, "in (0, 10]");
        Check(AsymptoteIncrease >= 1 && AsymptoteIncrease <= 10, "asymptote increase", AsymptoteIncrease, "in [1, 10]");
        Check(AsymptoteDecrease > 0 && AsymptoteDecrease <= 1, "asymptote decrease", AsymptoteDecrease, "in (0, 1]");
        Check(A0 > 0 && double.IsFinite(A0), "a0", A0, "a finite number > 0");
        Check(A >= 0 && double.IsFinite(A), "a", A, "a finite number >= 0");
        Check(C >= 0 && double.IsFinite(C), "c", C, "a finite number >= 0");
        Check(D >= 0 && double.IsFinite(D), "d", D, "a finite number >= 0");
        Check(C + D > 0, "c + d", C + D, "positive (the artificial variables need a cost)");
    }

    private static void Check(bool ok, string name, double value, string expected)
    {
        if (!ok)
        {
            throw new InvalidInputException($"mma: the {name} must be {expected}, not {ProblemInput.Format(value)}");
        }
    }
}
