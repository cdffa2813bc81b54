using MathNet.Numerics.LinearAlgebra;

namespace NeuralTopOpt.Tests.Optimization.Problems;

/// <summary>
/// A strictly convex QP with linear equalities, f = ½xᵀQx + qᵀx, A x = b, Q = MᵀM + I from a seed,
/// with optional finite bounds (wide enough to be inactive). Its solution is the KKT system
/// [Q Aᵀ; A 0][x; λ] = [−q; b], solved with MathNet.Numerics as an independent reference.
/// </summary>
internal sealed class ConvexQp : TestProblem
{
    private readonly Matrix<double> _q;
    private readonly Vector<double> _linear;
    private readonly Matrix<double> _a;
    private readonly Vector<double> _b;

    public ConvexQp(int n, int m, int seed, double bound = double.PositiveInfinity)
        : base(n, m, 0, ComplianceLike.Fill(n, -bound), ComplianceLike.Fill(n, bound))
    {
        var random = new Random(seed);
        var mm = Matrix<double>.Build.Dense(n, n, (_, _) => random.NextDouble() - 0.5);
        _q = (mm.TransposeThisAndMultiply(mm)) + Matrix<double>.Build.DenseIdentity(n);
        _linear = Vector<double>.Build.Dense(n, _ => random.NextDouble() - 0.5);
        _a = Matrix<double>.Build.Dense(m, n, (_, _) => random.NextDouble() - 0.5);
        _b = Vector<double>.Build.Dense(m, _ => random.NextDouble() - 0.5);
    }

    public override double Objective(ReadOnlySpan<double> x, Span<double> g)
    {
        var v = Vector<double>.Build.Dense(x.ToArray());
        var qx = _q * v;
        for (var i = 0; i < x.Length; i++)
        {
            g[i] = qx[i] + _linear[i];
        }

        return (0.5 * v.DotProduct(qx)) + _linear.DotProduct(v);
    }

    public override void Constraints(ReadOnlySpan<double> x, Span<double> c, Span<double> j)
    {
        var v = Vector<double>.Build.Dense(x.ToArray());
        var ax = _a * v;
        for (var r = 0; r < _a.RowCount; r++)
        {
            c[r] = ax[r] - _b[r];
            for (var i = 0; i < x.Length; i++)
            {
                j[(r * x.Length) + i] = _a[r, i];
            }
        }
    }

    /// <summary>The KKT solution x* and f(x*).</summary>
    public (double[] X, double Objective) Exact()
    {
        var (n, m) = (_q.RowCount, _a.RowCount);
        var kkt = Matrix<double>.Build.Dense(n + m, n + m);
        kkt.SetSubMatrix(0, 0, _q);
        kkt.SetSubMatrix(0, n, _a.Transpose());
        kkt.SetSubMatrix(n, 0, _a);
        var rhs = Vector<double>.Build.Dense(n + m);
        rhs.SetSubVector(0, n, -_linear);
        rhs.SetSubVector(n, m, _b);
        var solution = kkt.Solve(rhs).SubVector(0, n);
        var f = (0.5 * solution.DotProduct(_q * solution)) + _linear.DotProduct(solution);
        return (solution.ToArray(), f);
    }
}
