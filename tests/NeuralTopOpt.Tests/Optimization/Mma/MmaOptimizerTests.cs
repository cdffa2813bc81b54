using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Mma;
using NeuralTopOpt.Optimization.TrustRegion;
using NeuralTopOpt.Tests.Optimization.Problems;
using NeuralTopOpt.Tests.Optimization.TrustRegion;

namespace NeuralTopOpt.Tests.Optimization.Mma;

/// <summary>MMA against problems with known optima; its rules for equalities and bounds.</summary>
public class MmaOptimizerTests
{
    [Theory]
    [InlineData("hs071-ineq")]
    [InlineData("hs035-box")]
    public void Reaches_the_known_optimum_of_hock_schittkowski_problems(string name)
    {
        var (problem, start, expected, optimum) = TrustRegionOptimizerTests.Case(name);

        var result = new MmaOptimizer().Minimize(problem, start, new StoppingCriteria(500, 1e-10, 1e-8));

        Assert.True(Math.Abs(result.Objective - optimum) <= 2e-7 * Math.Max(1, Math.Abs(optimum)), $"f = {result.Objective:R}, f* = {optimum:R}");
        Assert.True(TrustRegionOptimizerTests.MaxError(result.X, expected) < 1e-6, $"max |x − x*| = {TrustRegionOptimizerTests.MaxError(result.X, expected):E2}");
        Assert.InRange(result.History[^1].ConstraintViolation, 0, 1e-8);
    }

    [Fact]
    public void Compliance_like_problem_reaches_the_exact_solution_in_far_fewer_iterations_than_trust_region()
    {
        var problem = new ComplianceLike(1800, 0.5, 0.001, seed: 1, asInequality: true);
        var (expected, optimum, _) = problem.Exact();
        var stop = new StoppingCriteria(1000, 1e-4, 0);

        var mma = new MmaOptimizer().Minimize(problem, problem.Start, stop);
        var trustRegion = new TrustRegionOptimizer().Minimize(new ComplianceLike(1800, 0.5, 0.001, seed: 1), problem.Start, stop);

        Assert.Equal(ExitReason.ChangeBelowTolerance, mma.ExitReason);
        Assert.InRange((mma.Objective - optimum) / optimum, 0, 1e-7);
        Assert.True(TrustRegionOptimizerTests.MaxError(mma.X, expected) < 1e-3);
        Assert.InRange(mma.History[^1].ConstraintViolation, 0, 1e-9);
        Assert.InRange((trustRegion.Objective - optimum) / optimum, 0, 1e-7);
        Assert.True(5 * mma.Iterations < trustRegion.Iterations, $"mma {mma.Iterations}, trust-region {trustRegion.Iterations} iterations");
    }

    [Fact]
    public void Bilinear_volume_problem_reaches_the_exact_solution()
    {
        // lb = 0.01: with 0.001 the standard asymptote floor (0.01·range from x) cannot model aᵢ/xᵢ
        // near x ≈ 0.002 and two variables 2-cycle (a limitation of MMA without GCMMA's conservatism)
        var problem = new BilinearComplianceLike(1800, 0.5, 0.01, seed: 2, asInequality: true);
        var (expected, optimum) = problem.Exact();

        var result = new MmaOptimizer().Minimize(problem, problem.Start, new StoppingCriteria(1000, 1e-6, 0));

        Assert.Equal(ExitReason.ChangeBelowTolerance, result.ExitReason);
        Assert.InRange((result.Objective - optimum) / optimum, 0, 2e-7);
        Assert.True(TrustRegionOptimizerTests.MaxError(result.X, expected) < 2e-3);
        Assert.InRange(result.History[^1].ConstraintViolation, 0, 1e-9);
    }

    [Fact]
    public void Equality_constraints_are_rejected_naming_the_alternatives()
    {
        var problem = new ComplianceLike(10, 0.5, 0.001, seed: 1);

        var error = Assert.Throws<InvalidInputException>(() => new MmaOptimizer().Minimize(problem, problem.Start, new StoppingCriteria()));

        Assert.Contains("equality", error.Message, StringComparison.Ordinal);
        Assert.Contains("trust-region", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Infinite_bounds_are_rejected()
    {
        var error = Assert.Throws<InvalidInputException>(() => new MmaOptimizer().Minimize(new Hs035(), [0.5, 0.5, 0.5], new StoppingCriteria()));

        Assert.Contains("finite bounds", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, 0.5, 1.2, 0.7, 1e5)]
    [InlineData(0.5, 0.0, 1.2, 0.7, 1e5)]
    [InlineData(0.5, 0.5, 0.9, 0.7, 1e5)]
    [InlineData(0.5, 0.5, 1.2, 1.5, 1e5)]
    [InlineData(0.5, 0.5, 1.2, 0.7, double.NaN)]
    public void Invalid_options_are_rejected(double move, double initial, double increase, double decrease, double c) =>
        Assert.Throws<InvalidInputException>(() => new MmaOptimizer(new MmaOptions
        {
            Move = move,
            AsymptoteInitial = initial,
            AsymptoteIncrease = increase,
            AsymptoteDecrease = decrease,
            C = c,
        }));
}
