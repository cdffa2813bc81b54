using MathNet.Numerics.LinearAlgebra;
using NeuralTopOpt.Sparse.Storage;

namespace NeuralTopOpt.Tests.Sparse;

/// <summary>Seeded sparse test matrices, stored as lower triangles, and dense references.</summary>
internal static class TestMatrices
{
    /// <summary>A random symmetric pattern with about <paramref name="perColumn"/> off-diagonal entries per column, made SPD by diagonal dominance.</summary>
    public static CompressedColumnMatrix RandomSpd(int n, int perColumn, int seed)
    {
        var random = new Random(seed);
        var rows = new List<int>();
        var columns = new List<int>();
        var values = new List<double>();
        var rowSums = new double[n];
        for (var j = 0; j < n; j++)
        {
            for (var t = 0; t < perColumn; t++)
            {
                var i = random.Next(j + 1, Math.Max(j + 2, n + 1));
                if (i >= n)
                {
                    continue;
                }

                var v = random.NextDouble() - 0.5;
                rows.Add(i);
                columns.Add(j);
                values.Add(v);
                rowSums[i] += Math.Abs(v);
                rowSums[j] += Math.Abs(v);
            }
        }

        for (var j = 0; j < n; j++)
        {
            rows.Add(j);
            columns.Add(j);
            values.Add(rowSums[j] + 0.5 + random.NextDouble());
        }

        return CompressedColumnMatrix.FromTriplets(n, n, rows.ToArray(), columns.ToArray(), values.ToArray());
    }

    /// <summary>
    /// The 9-point Laplacian-like matrix of an nx × ny node grid (nodes coupled when they share a Q4
    /// element), nodes numbered column by column, plus <paramref name="shift"/> on the diagonal.
    /// </summary>
    public static CompressedColumnMatrix Grid9(int nx, int ny, double shift)
    {
        var rows = new List<int>();
        var columns = new List<int>();
        var values = new List<double>();
        for (var ix = 0; ix < nx; ix++)
        {
            for (var iy = 0; iy < ny; iy++)
            {
                var j = (ix * ny) + iy;
                var degree = 0;
                for (var dx = -1; dx <= 1; dx++)
                {
                    for (var dy = -1; dy <= 1; dy++)
                    {
                        var x = ix + dx;
                        var y = iy + dy;
                        if ((dx == 0 && dy == 0) || x < 0 || y < 0 || x >= nx || y >= ny)
                        {
                            continue;
                        }

                        degree++;
                        var i = (x * ny) + y;
                        if (i > j)
                        {
                            rows.Add(i);
                            columns.Add(j);
                            values.Add(-1);
                        }
                    }
                }

                rows.Add(j);
                columns.Add(j);
                values.Add(degree + shift);
            }
        }

        return CompressedColumnMatrix.FromTriplets(nx * ny, nx * ny, rows.ToArray(), columns.ToArray(), values.ToArray());
    }

    /// <summary>
    /// Σ over the cells of an nx × ny node grid of scale(cell)·(L₄ + shift·I), L₄ the graph Laplacian of the
    /// cell's four nodes: SPD, with the same pattern as <see cref="Grid9"/>, and ill-conditioned when
    /// scales differ by orders of magnitude (like void and solid elements).
    /// </summary>
    public static CompressedColumnMatrix GridByCells(int nx, int ny, double shift, Func<int, int, double> scale)
    {
        var rows = new List<int>();
        var columns = new List<int>();
        var values = new List<double>();
        for (var cx = 0; cx + 1 < nx; cx++)
        {
            for (var cy = 0; cy + 1 < ny; cy++)
            {
                int[] nodes = [(cx * ny) + cy, (cx * ny) + cy + 1, ((cx + 1) * ny) + cy, ((cx + 1) * ny) + cy + 1];
                var s = scale(cx, cy);
                foreach (var i in nodes)
                {
                    foreach (var j in nodes)
                    {
                        if (i >= j)
                        {
                            rows.Add(i);
                            columns.Add(j);
                            values.Add(s * (i == j ? 3 + shift : -1));
                        }
                    }
                }
            }
        }

        return CompressedColumnMatrix.FromTriplets(nx * ny, nx * ny, rows.ToArray(), columns.ToArray(), values.ToArray());
    }

    /// <summary>The full symmetric matrix as a dense MathNet matrix.</summary>
    public static Matrix<double> Dense(CompressedColumnMatrix lower)
    {
        var n = lower.ColumnCount;
        var dense = Matrix<double>.Build.Dense(n, n);
        for (var j = 0; j < n; j++)
        {
            for (var p = lower.ColumnPointers[j]; p < lower.ColumnPointers[j + 1]; p++)
            {
                var i = lower.RowIndices[p];
                dense[i, j] += lower.Values[p];
                if (i != j)
                {
                    dense[j, i] += lower.Values[p];
                }
            }
        }

        return dense;
    }

    /// <summary>Seeded random vector in [−1, 1).</summary>
    public static double[] RandomVector(int n, int seed)
    {
        var random = new Random(seed);
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = (2 * random.NextDouble()) - 1;
        }

        return v;
    }

    /// <summary>A seeded random permutation of 0..n − 1.</summary>
    public static int[] RandomPermutation(int n, int seed)
    {
        var p = Enumerable.Range(0, n).ToArray();
        new Random(seed).Shuffle(p);
        return p;
    }

    /// <summary>‖A·x − b‖₂ / ‖b‖₂ with A given by its lower triangle.</summary>
    public static double RelativeResidual(CompressedColumnMatrix lower, ReadOnlySpan<double> x, ReadOnlySpan<double> b)
    {
        var ax = new double[b.Length];
        lower.MultiplySymmetric(x, ax);
        double r = 0;
        double nb = 0;
        for (var i = 0; i < b.Length; i++)
        {
            r += (ax[i] - b[i]) * (ax[i] - b[i]);
            nb += b[i] * b[i];
        }

        return Math.Sqrt(r / nb);
    }
}
