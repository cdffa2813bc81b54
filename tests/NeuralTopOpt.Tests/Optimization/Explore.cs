using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.QuasiNewton;
using NeuralTopOpt.Optimization.TrustRegion;
using NeuralTopOpt.Tests.Optimization.Problems;
using Xunit.Abstractions;

namespace NeuralTopOpt.Tests.Optimization;

public class Explore(ITestOutputHelper output)
{
    [Theory]
    [InlineData("rosen-free")]
    [InlineData("rosen-bound")]
    [InlineData("hs071")]
    [InlineData("hs035")]
    [InlineData("hs021")]
    [InlineData("hs006")]
    [InlineData("qp")]
    [InlineData("compliance")]
    [InlineData("bilinear")]
    public void Run(string name)
    {
        foreach (var hess in new[] { HessianApproximation.LimitedMemoryBfgs, HessianApproximation.DenseBfgs })
        {
            foreach (var sg in new[] { CurvatureSafeguard.Damp, CurvatureSafeguard.Skip })
            {
                var (p, start, xs, fs) = Make(name);
                var opt = new TrustRegionOptimizer(new TrustRegionOptions { Hessian = hess, Safeguard = sg });
                var sw = System.Diagnostics.Stopwatch.StartNew();
                var r = opt.Minimize(p, start, new StoppingCriteria(5000, 1e-10, 1e-8));
                var err = xs is null ? double.NaN : xs.Zip(r.X).Max(t => Math.Abs(t.First - t.Second));
                output.WriteLine($"{name} {hess} {sg}: exit {r.ExitReason} it {r.Iterations} ev {r.Evaluations} f {r.Objective:R} fstar {fs:R} relf {(r.Objective - fs) / Math.Max(1, Math.Abs(fs)):E2} xerr {err:E2} mu {r.History[^1].BarrierParameter} opt {r.History[^1].Optimality:E2} viol {r.History[^1].ConstraintViolation:E2} {sw.ElapsedMilliseconds} ms");
            }
        }
    }

    internal static (TestProblem, double[], double[]?, double) Make(string name)
    {
        switch (name)
        {
            case "rosen-free": return (new Rosenbrock([-2, -2], [2, 2]), [-1.2, 1.0], [1, 1], 0);
            case "rosen-bound": return (new Rosenbrock([-2, -2], [0.5, 2]), [-1.2, 1.0], [0.5, 0.25], 0.25);
            case "hs071": return (new Hs071(), [1, 5, 5, 1], Hs071.Solution, Hs071.Optimum);
            case "hs035": return (new Hs035(), [0.5, 0.5, 0.5], Hs035.Solution, Hs035.Optimum);
            case "hs021": return (new Hs021(), [10, 10], Hs021.Solution, Hs021.Optimum);
            case "hs006": return (new Hs006(), [-1.2, 1], [1, 1], 0);
            case "qp":
                {
                    var q = new ConvexQp(30, 3, 7);
                    var (x, f) = q.Exact();
                    return (q, new double[30], x, f);
                }
            case "compliance":
                {
                    var q = new ComplianceLike(1800, 0.5, 0.001, 1);
                    var (x, f, _) = q.Exact();
                    return (q, q.Start, x, f);
                }
            default:
                {
                    var q = new BilinearComplianceLike(1800, 0.5, 0.001, 2);
                    var (x, f) = q.Exact();
                    return (q, q.Start, x, f);
                }
        }
    }
}
