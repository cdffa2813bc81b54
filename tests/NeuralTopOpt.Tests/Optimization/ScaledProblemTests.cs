using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Tests.Optimization;

public class ScaledProblemTests
{
    [Fact]
    public void Factor_one_returns_the_problems_own_bits()
    {
        var problem = Problem();
        var x = problem.InitialDesign();
        x[7] = 0.9;
        var (expected, scaled) = (new double[x.Length], new double[x.Length]);

        var f = problem.Evaluate(x, expected);
        var g = new ScaledProblem(problem, 1).Evaluate(x, scaled);

        Assert.Equal(BitConverter.DoubleToInt64Bits(f), BitConverter.DoubleToInt64Bits(g));
        Assert.Equal(expected, scaled);
    }

    [Fact]
    public void Objective_and_gradient_are_scaled_and_constraints_pass_through()
    {
        var problem = Problem();
        var wrapped = new ScaledProblem(problem, 0.125);
        var x = problem.InitialDesign();
        var (gradient, scaledGradient) = (new double[x.Length], new double[x.Length]);
        var f = problem.Evaluate(x, gradient);

        Assert.Equal(0.125 * f, wrapped.Evaluate(x, scaledGradient));
        Assert.Equal(gradient.Select(v => 0.125 * v), scaledGradient);
        Assert.Equal(f, wrapped.Unscale(wrapped.Scale(f)));
        var (c1, c2, j1, j2) = (new double[1], new double[1], new double[x.Length], new double[x.Length]);
        problem.EvaluateConstraints(x, c1, j1);
        wrapped.EvaluateConstraints(x, c2, j2);
        Assert.Equal(c1, c2);
        Assert.Equal(j1, j2);
        Assert.True(wrapped.IsConstraintLinear(0));
        Assert.Equal((problem.VariableCount, problem.EqualityCount, problem.InequalityCount), (wrapped.VariableCount, wrapped.EqualityCount, wrapped.InequalityCount));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(1e-320)]
    public void A_factor_that_is_not_a_positive_normal_number_is_refused(double factor)
    {
        Assert.Throws<InvalidInputException>(() => new ScaledProblem(Problem(), factor));
    }

    private static ComplianceProblem Problem() => new(StandardProblems.HalfMbb(8, 4), new SimpMaterial(), new ComplianceSettings { VolumeFraction = 0.5, FilterRadius = 1.5 });
}
