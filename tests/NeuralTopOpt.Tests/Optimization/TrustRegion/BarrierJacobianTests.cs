using MathNet.Numerics.LinearAlgebra;
using NeuralTopOpt.Optimization.TrustRegion;

namespace NeuralTopOpt.Tests.Optimization.TrustRegion;

/// <summary>The structured projections against the same matrices built densely and solved by MathNet.</summary>
public class BarrierJacobianTests
{
    [Fact]
    public void Projections_match_the_dense_formulas()
    {
        var n = 9;
        var random = new Random(8);
        var lower = new double[n];
        var upper = new double[n];
        for (var i = 0; i < n; i++)
        {
            lower[i] = i % 4 == 3 ? double.NegativeInfinity : 0.0;  // mixed: both, lower only, upper only, none
            upper[i] = i % 3 == 2 ? double.PositiveInfinity : 1.0;
        }

        var layout = new SlackLayout(equalityCount: 1, inequalityCount: 2, lower, upper);
        var jacobian = Enumerable.Range(0, 3 * n).Select(_ => random.NextDouble() - 0.5).ToArray();
        var slacks = Enumerable.Range(0, layout.SlackCount).Select(_ => 0.01 + random.NextDouble()).ToArray();
        var structured = new BarrierJacobian(layout);
        structured.Update(jacobian, slacks);

        var a = Dense(layout, jacobian, slacks);
        var aat = a * a.Transpose();
        var v = Vector<double>.Build.Dense(layout.StepLength, _ => random.NextDouble() - 0.5);
        var b = Vector<double>.Build.Dense(layout.RowCount, _ => random.NextDouble() - 0.5);

        var z = new double[layout.StepLength];
        structured.NullSpace(v.ToArray(), z);
        AssertClose(v - (a.Transpose() * aat.Solve(a * v)), z);
        Assert.True((a * Vector<double>.Build.Dense(z)).AbsoluteMaximum() < 1e-13);

        var ls = new double[layout.RowCount];
        structured.LeastSquares(v.ToArray(), ls);
        AssertClose(aat.Solve(a * v), ls);

        var y = new double[layout.StepLength];
        structured.RowSpace(b.ToArray(), y);
        AssertClose(a.Transpose() * aat.Solve(b), y);

        var product = new double[layout.RowCount];
        structured.Multiply(v.ToArray(), product);
        AssertClose(a * v, product);
    }

    private static Matrix<double> Dense(SlackLayout layout, double[] jacobian, double[] slacks)
    {
        var (n, m) = (layout.VariableCount, layout.GeneralCount);
        var a = Matrix<double>.Build.Dense(layout.RowCount, layout.StepLength);
        for (var r = 0; r < m; r++)
        {
            for (var i = 0; i < n; i++)
            {
                a[r, i] = jacobian[(r * n) + i];
            }
        }

        for (var j = 0; j < layout.InequalityCount; j++)
        {
            a[layout.EqualityCount + j, n + j] = slacks[j];
        }

        for (var k = 0; k < layout.LowerVariables.Length; k++)
        {
            a[m + k, layout.LowerVariables[k]] = -1;
            a[m + k, n + layout.LowerOffset + k] = slacks[layout.LowerOffset + k];
        }

        for (var k = 0; k < layout.UpperVariables.Length; k++)
        {
            a[m + layout.LowerVariables.Length + k, layout.UpperVariables[k]] = 1;
            a[m + layout.LowerVariables.Length + k, n + layout.UpperOffset + k] = slacks[layout.UpperOffset + k];
        }

        return a;
    }

    private static void AssertClose(Vector<double> expected, double[] actual)
    {
        var scale = Math.Max(1, expected.AbsoluteMaximum());
        for (var i = 0; i < actual.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-11 * scale, $"[{i}] expected {expected[i]:R}, got {actual[i]:R}");
        }
    }
}
