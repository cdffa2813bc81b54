namespace NeuralTopOpt.Tests.Optimization.Problems;

/// <summary>Central-difference check of a test problem's gradient and constraint Jacobian.</summary>
internal static class GradientCheck
{
    /// <summary>
    /// Asserts |∂f/∂xᵢ − (f(x + heᵢ) − f(x − heᵢ)) / 2h| ≤ tol·max(1, |∂f/∂xᵢ|) with h = 10⁻⁶·max(1, |xᵢ|),
    /// and the same for every constraint, at <paramref name="x"/> (interior, at least h from the bounds).
    /// </summary>
    public static void AssertMatchesCentralDifferences(TestProblem problem, double[] x, double tolerance = 1e-6, IEnumerable<int>? indices = null)
    {
        var n = problem.VariableCount;
        var m = problem.EqualityCount + problem.InequalityCount;
        var gradient = new double[n];
        problem.Objective(x, gradient);
        var jacobian = new double[m * n];
        var values = new double[m];
        problem.Constraints(x, values, jacobian);
        var scratch = new double[n];
        var plusValues = new double[m];
        var minusValues = new double[m];
        var scratchJ = new double[m * n];
        foreach (var i in indices ?? Enumerable.Range(0, n))
        {
            var h = 1e-6 * Math.Max(1, Math.Abs(x[i]));
            var plus = (double[])x.Clone();
            var minus = (double[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            var fd = (problem.Objective(plus, scratch) - problem.Objective(minus, scratch)) / (2 * h);
            Assert.True(
                Math.Abs(fd - gradient[i]) <= tolerance * Math.Max(1, Math.Abs(gradient[i])),
                $"df/dx[{i}]: analytic {gradient[i]:R}, central difference {fd:R}");
            Array.Clear(scratchJ);
            problem.Constraints(plus, plusValues, scratchJ);
            Array.Clear(scratchJ);
            problem.Constraints(minus, minusValues, scratchJ);
            for (var r = 0; r < m; r++)
            {
                var fdc = (plusValues[r] - minusValues[r]) / (2 * h);
                var exact = jacobian[(r * n) + i];
                Assert.True(
                    Math.Abs(fdc - exact) <= tolerance * Math.Max(1, Math.Abs(exact)),
                    $"dc{r}/dx[{i}]: analytic {exact:R}, central difference {fdc:R}");
            }
        }
    }
}
