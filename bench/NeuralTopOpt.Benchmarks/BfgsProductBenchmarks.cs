using BenchmarkDotNet.Attributes;
using NeuralTopOpt.Optimization.QuasiNewton;

namespace NeuralTopOpt.Benchmarks;

/// <summary>
/// One product B·v of the full BFGS matrix in its low-rank form, B = σI + Σⱼ (uⱼuⱼᵀ − wⱼwⱼᵀ), at the
/// HBTO size n = 3,600 with k applied updates: 166 (what the paper network's HBTO NNJ run applies to the
/// objective's B) and 450 (half the n/4 = 900 at which B is stored densely). The trust-region's projected
/// CG takes one such product per iteration, so in the study's HBTO runs they are about a fifth of all the
/// work (perf, 29 Nov 2026). The product reads 2kn doubles: 9.6 MB at k = 166. Measured here (`--job short`,
/// 29 Nov 2026): 241 µs at k = 166 and 1.06 ms at k = 450 with two terms per pass; the term-by-term product
/// before it (stop 17, the same benchmark) 360 µs and 2.01 ms.
/// </summary>
[MemoryDiagnoser]
public class BfgsProductBenchmarks
{
    private const int N = 3600;
    private DenseBfgs _bfgs = null!;
    private double[] _v = [];
    private double[] _result = [];

    [Params(166, 450)]
    public int Updates { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // y = D·s with a positive diagonal D: positive curvature, so every update is applied
        var random = new Random(1);
        var curvature = Enumerable.Range(0, N).Select(_ => 0.5 + random.NextDouble()).ToArray();
        _bfgs = new DenseBfgs(N, CurvatureSafeguard.Skip);
        var (s, y) = (new double[N], new double[N]);
        for (var j = 0; j < Updates; j++)
        {
            for (var i = 0; i < N; i++)
            {
                s[i] = random.NextDouble() - 0.5;
                y[i] = curvature[i] * s[i];
            }

            if (_bfgs.Update(s, y) != UpdateOutcome.Applied)
            {
                throw new InvalidOperationException($"update {j} was not applied");
            }
        }

        _v = Enumerable.Range(0, N).Select(_ => random.NextDouble() - 0.5).ToArray();
        _result = new double[N];
    }

    [Benchmark]
    public double Product()
    {
        _bfgs.Multiply(_v, _result);
        return _result[0];
    }
}
