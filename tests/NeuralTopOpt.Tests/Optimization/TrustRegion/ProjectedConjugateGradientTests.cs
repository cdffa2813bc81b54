using MathNet.Numerics.LinearAlgebra;
using NeuralTopOpt.Optimization.TrustRegion;

namespace NeuralTopOpt.Tests.Optimization.TrustRegion;

/// <summary>The projected CG against the equality-constrained quadratic solved densely by MathNet, and its count of products.</summary>
public class ProjectedConjugateGradientTests
{
    [Fact]
    public void Converges_to_the_constrained_minimizer_with_one_product_per_iteration()
    {
        const int N = 12;
        var random = new Random(3);
        var layout = new SlackLayout(equalityCount: 1, inequalityCount: 0, Enumerable.Repeat(double.NegativeInfinity, N).ToArray(), Enumerable.Repeat(double.PositiveInfinity, N).ToArray());
        var row = Enumerable.Range(0, N).Select(_ => random.NextDouble() + 0.5).ToArray();
        var jacobian = new BarrierJacobian(layout);
        jacobian.Update(row, []);
        var diagonal = Enumerable.Range(0, N).Select(i => 1.0 + i).ToArray();
        var c = Enumerable.Range(0, N).Select(_ => 1e4 * (random.NextDouble() - 0.5)).ToArray();   // large: the stop test is relative to √(r₀ᵀg₀)
        var h = new CountingDiagonal(diagonal);
        var cg = new ProjectedConjugateGradient(jacobian, layout.StepLength, layout.RowCount);
        var t = new double[N];

        var info = cg.Solve(h, c, radius: 1e6, Enumerable.Repeat(double.NegativeInfinity, N).ToArray(), Enumerable.Repeat(double.PositiveInfinity, N).ToArray(), t);

        // the KKT system [H aᵀ; a 0] [t; λ] = [−c; 0]
        var kkt = Matrix<double>.Build.Dense(N + 1, N + 1);
        for (var i = 0; i < N; i++)
        {
            kkt[i, i] = diagonal[i];
            kkt[i, N] = kkt[N, i] = row[i];
        }

        var exact = kkt.Solve(Vector<double>.Build.Dense([.. c.Select(x => -x), 0.0]));
        Assert.Equal(CgStop.Converged, info.Stop);
        Assert.False(info.HitsBoundary);
        Assert.Equal(info.Iterations, h.Applications);   // no product after the last iteration (SciPy takes one and drops it)
        Assert.InRange(info.Iterations, 2, N - 1);
        Assert.True(Math.Abs(row.Select((a, i) => a * t[i]).Sum()) < 1e-9);
        var error = Enumerable.Range(0, N).Max(i => Math.Abs(t[i] - exact[i])) / exact.SubVector(0, N).AbsoluteMaximum();
        Assert.True(error < 1e-3, $"relative error {error}");
    }

    private sealed class CountingDiagonal(double[] diagonal) : ILinearOperator
    {
        public int Applications { get; private set; }

        public void Apply(ReadOnlySpan<double> v, Span<double> result)
        {
            Applications++;
            for (var i = 0; i < v.Length; i++)
            {
                result[i] = diagonal[i] * v[i];
            }
        }
    }
}
