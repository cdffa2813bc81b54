namespace NeuralTopOpt.Optimization.Topology;

/// <summary>
/// What one evaluation of the compliance problem did: the values and where the time went. One is
/// produced per call of <see cref="ComplianceProblem.Evaluate"/>; observers collect them per iteration.
/// </summary>
/// <param name="Index">1 for the first evaluation of the problem, 2 for the next, …</param>
/// <param name="Design">The number of the design evaluated (<see cref="ComplianceProblem.DesignOf"/>): evaluations of one design share it.</param>
/// <param name="Compliance">φ = Σ fᵀu over the load cases (Eq. 9).</param>
/// <param name="Volume">v(θ̃) of the physical design (Eq. 12 or 13).</param>
/// <param name="ClampedEntries">Stiffness entries the material model clamped to its admissible range.</param>
/// <param name="FeSolve">Assembly, factorization and solves.</param>
/// <param name="Material">The material model's C(θ).</param>
/// <param name="Derivative">The material model's ∂C/∂θ.</param>
/// <param name="Sensitivity">Element energies and the chain rule of Eq. (10)–(11).</param>
/// <param name="Filter">Density filter (forward and back) or sensitivity filter.</param>
public sealed record ComplianceEvaluation(
    int Index,
    long Design,
    double Compliance,
    double Volume,
    int ClampedEntries,
    TimeSpan FeSolve,
    TimeSpan Material,
    TimeSpan Derivative,
    TimeSpan Sensitivity,
    TimeSpan Filter)
{
    /// <summary>The sum of the timed parts.</summary>
    public TimeSpan Total => FeSolve + Material + Derivative + Sensitivity + Filter;
}

/// <summary>A full look at one design (for initial sensitivities, checks and reports).</summary>
/// <param name="Compliance">φ.</param>
/// <param name="Volume">v(θ̃).</param>
/// <param name="PhysicalDesign">θ̃ (after the density filter and passive values), field-major like x.</param>
/// <param name="RawSensitivities">∂φ/∂θ̃ of Eq. (11) before any filter, field-major.</param>
/// <param name="Gradient">The gradient the optimizer receives (filtered as configured), field-major.</param>
/// <param name="ElementCompliance">uₑᵀKₑuₑ summed over load cases, per element.</param>
/// <param name="ClampedEntries">Stiffness entries the material model clamped to its admissible range.</param>
public sealed record DesignAnalysis(
    double Compliance,
    double Volume,
    double[] PhysicalDesign,
    double[] RawSensitivities,
    double[] Gradient,
    double[] ElementCompliance,
    int ClampedEntries = 0);
