using NeuralTopOpt.Optimization.LinearAlgebra;

namespace NeuralTopOpt.Optimization.Common;

/// <summary>
/// Calls the problem and fails loudly on a non-finite result: f, ∇f, c, g and their Jacobian must be
/// finite at every evaluated point (<see cref="InvalidInputException"/> naming the quantity and the
/// evaluation). Counts the evaluations.
/// </summary>
internal sealed class ProblemEvaluator
{
    private readonly string _optimizer;
    private readonly IOptimizationProblem _problem;

    public ProblemEvaluator(string optimizer, IOptimizationProblem problem)
    {
        _optimizer = optimizer;
        _problem = problem;
    }

    /// <summary>Objective-and-gradient evaluations so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>Returns f(x), writes ∇f(x), the constraint values (m) and the Jacobian (m × n, row-major).</summary>
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient, Span<double> constraints, Span<double> jacobian)
    {
        Evaluations++;
        var f = _problem.Evaluate(x, gradient);
        if (!double.IsFinite(f))
        {
            throw Fail($"the objective is {ProblemInput.Format(f)}");
        }

        if (!VectorOps.AllFinite(gradient))
        {
            throw Fail("the gradient has a non-finite entry");
        }

        if (constraints.Length > 0)
        {
            _problem.EvaluateConstraints(x, constraints, jacobian);
            if (!VectorOps.AllFinite(constraints))
            {
                throw Fail("a constraint value is not finite");
            }

            if (!VectorOps.AllFinite(jacobian))
            {
                throw Fail("the constraint Jacobian has a non-finite entry");
            }
        }

        return f;
    }

    private InvalidInputException Fail(string what) =>
        new($"{_optimizer}: {what} at evaluation {Evaluations}; the problem must return finite values within its bounds");
}
