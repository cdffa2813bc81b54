using MathNet.Numerics.LinearAlgebra;
using NeuralTopOpt.Optimization.QuasiNewton;

namespace NeuralTopOpt.Tests.Optimization.QuasiNewton;

/// <summary>The quasi-Newton approximations against the BFGS formula written out with dense matrices.</summary>
public class QuasiNewtonTests
{
    [Fact]
    public void Compact_limited_memory_bfgs_equals_the_bfgs_recursion_from_sigma_identity()
    {
        var n = 12;
        var random = new Random(3);
        var lbfgs = new LimitedMemoryBfgs(n, memory: 5, CurvatureSafeguard.Skip);
        var pairs = new List<(double[] S, double[] Y)>();
        var a = RandomSpd(n, random);
        for (var k = 0; k < 7; k++)
        {
            var s = RandomVector(n, random);
            var y = (a * Vector<double>.Build.Dense(s)).ToArray(); // yᵀs > 0
            Assert.Equal(UpdateOutcome.Applied, lbfgs.Update(s, y));
            pairs.Add((s, y));
        }

        // reference: the last 5 pairs applied by Eq. 6.19 to σI, σ = yᵀy/sᵀy of the newest pair
        var kept = pairs.Skip(2).ToList();
        var last = kept[^1];
        var sigma = Dot(last.Y, last.Y) / Dot(last.S, last.Y);
        var b = Matrix<double>.Build.DenseIdentity(n) * sigma;
        foreach (var (s, y) in kept)
        {
            var sv = Vector<double>.Build.Dense(s);
            var yv = Vector<double>.Build.Dense(y);
            var bs = b * sv;
            b = b - (bs.OuterProduct(bs) / sv.DotProduct(bs)) + (yv.OuterProduct(yv) / sv.DotProduct(yv));
        }

        var v = RandomVector(n, random);
        var result = new double[n];
        lbfgs.Multiply(v, result);
        var expected = b * Vector<double>.Build.Dense(v);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(expected[i], result[i], 1e-9 * expected.AbsoluteMaximum());
        }
    }

    [Theory]
    [InlineData(HessianApproximation.DenseBfgs)]
    [InlineData(HessianApproximation.LimitedMemoryBfgs)]
    public void Update_satisfies_the_secant_equation(HessianApproximation kind)
    {
        var n = 8;
        var random = new Random(4);
        var approximation = HessianApproximations.Create(kind, n, CurvatureSafeguard.Damp, memory: 4);
        var a = RandomSpd(n, random);
        for (var k = 0; k < 3; k++)
        {
            var s = RandomVector(n, random);
            var y = (a * Vector<double>.Build.Dense(s)).ToArray();
            approximation.Update(s, y);
            var bs = new double[n];
            approximation.Multiply(s, bs);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(y[i], bs[i], 1e-9 * y.Max(Math.Abs));
            }
        }
    }

    [Theory]
    [InlineData(HessianApproximation.DenseBfgs)]
    [InlineData(HessianApproximation.LimitedMemoryBfgs)]
    public void Negative_curvature_is_damped_to_a_fifth_of_sBs_or_skipped(HessianApproximation kind)
    {
        var n = 6;
        var random = new Random(5);
        var s0 = RandomVector(n, random);
        var damped = HessianApproximations.Create(kind, n, CurvatureSafeguard.Damp, memory: 4);
        var skipped = HessianApproximations.Create(kind, n, CurvatureSafeguard.Skip, memory: 4);
        damped.Update(s0, s0.Select(v => 2 * v).ToArray()); // B = 2I after the first (scaled) update
        skipped.Update(s0, s0.Select(v => 2 * v).ToArray());
        var s = RandomVector(n, random);
        var y = s.Select(v => -v).ToArray();                   // sᵀy < 0

        var before = new double[n];
        skipped.Multiply(s, before);
        Assert.Equal(UpdateOutcome.Skipped, skipped.Update(s, y));
        var after = new double[n];
        skipped.Multiply(s, after);
        Assert.Equal(before, after);

        var bs = new double[n];
        damped.Multiply(s, bs);
        var sBs = s.Zip(bs).Sum(p => p.First * p.Second);
        Assert.Equal(UpdateOutcome.Damped, damped.Update(s, y));
        damped.Multiply(s, bs);
        var sBsNew = s.Zip(bs).Sum(p => p.First * p.Second);
        // the damped r has sᵀr = 0.2 sᵀBs, and the update gives B₊s = r, so sᵀB₊s = 0.2 sᵀBs > 0
        Assert.Equal(0.2 * sBs, sBsNew, 1e-9 * sBs);
    }

    [Theory]
    [InlineData(0)]      // dense from the first update
    [InlineData(3)]      // low rank for three updates, then written out densely
    [InlineData(100)]    // low rank throughout
    public void Full_bfgs_in_either_storage_equals_the_recursion_with_dense_matrices(int lowRankLimit)
    {
        var n = 10;
        var random = new Random(6);
        var bfgs = new DenseBfgs(n, CurvatureSafeguard.Skip, lowRankLimit);
        var a = RandomSpd(n, random);
        Matrix<double>? b = null;
        var applied = 0;
        for (var k = 0; k < 9; k++)
        {
            var s = RandomVector(n, random);
            var y = (a * Vector<double>.Build.Dense(s)).ToArray();
            if (k % 4 == 3)
            {
                y = y.Select(v => -v).ToArray();           // sᵀy < 0: skipped, B unchanged
            }

            var outcome = bfgs.Update(s, y);
            var sv = Vector<double>.Build.Dense(s);
            var yv = Vector<double>.Build.Dense(y);
            b ??= Matrix<double>.Build.DenseIdentity(n) * (yv.DotProduct(yv) / Math.Abs(sv.DotProduct(yv)));
            if (sv.DotProduct(yv) > 1e-8 * sv.DotProduct(b * sv))
            {
                var bs = b * sv;
                b = b - (bs.OuterProduct(bs) / sv.DotProduct(bs)) + (yv.OuterProduct(yv) / sv.DotProduct(yv));
                Assert.Equal(UpdateOutcome.Applied, outcome);
                applied++;
            }
            else
            {
                Assert.Equal(UpdateOutcome.Skipped, outcome);
            }

            var v = RandomVector(n, random);
            var result = new double[n];
            bfgs.Multiply(v, result);
            var expected = b * Vector<double>.Build.Dense(v);
            for (var i = 0; i < n; i++)
            {
                Assert.Equal(expected[i], result[i], 1e-12 * expected.AbsoluteMaximum());
            }
        }

        Assert.Equal(7, applied);
        Assert.Equal(lowRankLimit < applied, bfgs.IsDense);
    }

    private static Matrix<double> RandomSpd(int n, Random random)
    {
        var m = Matrix<double>.Build.Dense(n, n, (_, _) => random.NextDouble() - 0.5);
        return m.TransposeThisAndMultiply(m) + Matrix<double>.Build.DenseIdentity(n);
    }

    private static double[] RandomVector(int n, Random random) => Enumerable.Range(0, n).Select(_ => random.NextDouble() - 0.5).ToArray();

    private static double Dot(double[] a, double[] b) => a.Zip(b).Sum(p => p.First * p.Second);
}
