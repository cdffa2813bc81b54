namespace NeuralTopOpt.Optimization;

/// <summary>
/// Optional companion of <see cref="IOptimizationProblem"/>: says which constraints are affine in x,
/// so that methods that need linear constraints (optimality criteria) can check, and others may
/// exploit it. A problem that does not implement it is treated as having nonlinear constraints.
/// </summary>
public interface ILinearConstraintInfo
{
    /// <summary>True when constraint <paramref name="index"/> (equalities first, then inequalities) is affine in x.</summary>
    bool IsConstraintLinear(int index);
}
