using NeuralTopOpt.Sparse.Dense;

namespace NeuralTopOpt.Tests.Sparse;

public class ProductUpdateTests
{
    [Theory]
    [InlineData(1, 1, 1, false)]
    [InlineData(7, 5, 3, false)]
    [InlineData(8, 6, 300, false)]
    [InlineData(37, 29, 41, false)]
    [InlineData(37, 37, 41, true)]
    [InlineData(130, 70, 260, false)]
    [InlineData(300, 300, 97, true)]
    [InlineData(261, 13, 600, true)]
    public void Matches_the_triple_loop_and_leaves_unrequested_entries_alone(int m, int n, int k, bool lower)
    {
        const int Ld = 7;
        var random = new Random(m * 1000 + n + k);
        var lda = m + Ld;
        var ldb = n + 3;
        var ldc = m + 5;
        var a = Enumerable.Range(0, lda * k).Select(_ => random.NextDouble() - 0.5).ToArray();
        var b = Enumerable.Range(0, ldb * k).Select(_ => random.NextDouble() - 0.5).ToArray();
        var c = Enumerable.Range(0, ldc * n).Select(_ => random.NextDouble()).ToArray();
        var original = (double[])c.Clone();

        ProductUpdate.SubtractProduct(c, ldc, a, lda, b, ldb, m, n, k, lower);

        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < ldc; i++)
            {
                var index = i + (j * ldc);
                if (i >= m)
                {
                    Assert.Equal(original[index], c[index]);
                    continue;
                }

                if (lower && i < j)
                {
                    continue;
                }

                var expected = original[index];
                for (var p = 0; p < k; p++)
                {
                    expected -= a[i + (p * lda)] * b[j + (p * ldb)];
                }

                Assert.Equal(expected, c[index], 1e-12);
            }
        }
    }

    [Fact]
    public void Block_that_does_not_fit_is_rejected()
    {
        var c = new double[10];
        Assert.Throws<ArgumentException>(() => ProductUpdate.SubtractProduct(c, 3, new double[100], 10, new double[100], 10, 3, 4, 2, false));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Split_across_threads_gives_the_same_bits_as_one_thread(bool lower)
    {
        const int M = 700;
        const int N = 650;
        const int K = 120;
        var random = new Random(9);
        var a = Enumerable.Range(0, (M * K) + 3).Select(_ => random.NextDouble() - 0.5).ToArray();
        var b = Enumerable.Range(0, (N * K) + 5).Select(_ => random.NextDouble() - 0.5).ToArray();
        var c1 = Enumerable.Range(0, (M * N) + 2).Select(_ => random.NextDouble()).ToArray();
        var c2 = (double[])c1.Clone();

        ProductUpdate.SubtractProduct(c1, 2, M, a, 3, M, b, 5, N, M, N, K, lower, parallelism: 1);
        ProductUpdate.SubtractProduct(c2, 2, M, a, 3, M, b, 5, N, M, N, K, lower, parallelism: 2);

        // Above the diagonal a lower product leaves unspecified values; everything else must match bit for bit.
        for (var j = 0; j < N; j++)
        {
            for (var i = lower ? j : 0; i < M; i++)
            {
                Assert.Equal(c1[2 + i + (j * M)], c2[2 + i + (j * M)]);
            }
        }
    }
}
