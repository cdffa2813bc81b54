namespace NeuralTopOpt.Optimization.LinearAlgebra;

/// <summary>
/// Pseudo-inverse of a small symmetric positive semidefinite matrix S = V·Λ·Vᵀ by the cyclic Jacobi
/// eigenvalue method (Golub &amp; Van Loan, <i>Matrix Computations</i>, Sec. 8.5): S⁺ = V·Λ⁺·Vᵀ, with
/// eigenvalues below <c>RelativeCutoff·λ_max</c> treated as zero. It plays the role of SciPy's SVD
/// fallback for rank-deficient constraint Jacobians, for the m × m Schur complements (m ≤ a few) of
/// the trust-region projections.
/// </summary>
internal sealed class SymmetricPseudoInverse
{
    /// <summary>Eigenvalues at or below this fraction of the largest are dropped.</summary>
    public const double RelativeCutoff = 1e-13;

    private readonly double[,] _vectors;
    private readonly double[] _inverseValues;

    private SymmetricPseudoInverse(double[,] vectors, double[] inverseValues, int rank)
    {
        _vectors = vectors;
        _inverseValues = inverseValues;
        Rank = rank;
    }

    /// <summary>Order of the matrix.</summary>
    public int Order => _inverseValues.Length;

    /// <summary>Number of eigenvalues kept.</summary>
    public int Rank { get; }

    /// <summary>Decomposes a copy of the symmetric matrix <paramref name="s"/> (only the values matter, both triangles are read).</summary>
    public static SymmetricPseudoInverse Create(double[,] s)
    {
        var k = s.GetLength(0);
        var a = (double[,])s.Clone();
        var v = new double[k, k];
        for (var i = 0; i < k; i++)
        {
            v[i, i] = 1.0;
        }

        for (var sweep = 0; sweep < 60; sweep++)
        {
            var off = 0.0;
            var diag = 0.0;
            for (var p = 0; p < k; p++)
            {
                diag += a[p, p] * a[p, p];
                for (var q = p + 1; q < k; q++)
                {
                    off += a[p, q] * a[p, q];
                }
            }

            if (off <= 1e-32 * diag || off == 0.0)
            {
                break;
            }

            for (var p = 0; p < k; p++)
            {
                for (var q = p + 1; q < k; q++)
                {
                    Rotate(a, v, p, q);
                }
            }
        }

        var max = 0.0;
        for (var i = 0; i < k; i++)
        {
            max = Math.Max(max, a[i, i]);
        }

        var inverse = new double[k];
        var rank = 0;
        for (var i = 0; i < k; i++)
        {
            if (a[i, i] > RelativeCutoff * max && a[i, i] > 0)
            {
                inverse[i] = 1.0 / a[i, i];
                rank++;
            }
        }

        return new SymmetricPseudoInverse(v, inverse, rank);
    }

    /// <summary>x = S⁺·b (<paramref name="x"/> and <paramref name="b"/> may not overlap).</summary>
    public void Solve(ReadOnlySpan<double> b, Span<double> x)
    {
        var k = Order;
        Span<double> t = stackalloc double[k];
        for (var j = 0; j < k; j++)
        {
            var sum = 0.0;
            for (var i = 0; i < k; i++)
            {
                sum += _vectors[i, j] * b[i];
            }

            t[j] = sum * _inverseValues[j];
        }

        for (var i = 0; i < k; i++)
        {
            var sum = 0.0;
            for (var j = 0; j < k; j++)
            {
                sum += _vectors[i, j] * t[j];
            }

            x[i] = sum;
        }
    }

    // One Jacobi rotation that zeroes a[p,q] (Golub & Van Loan Alg. 8.5.1, symmetric Schur 2×2).
    private static void Rotate(double[,] a, double[,] v, int p, int q)
    {
        if (a[p, q] == 0.0)
        {
            return;
        }

        var tau = (a[q, q] - a[p, p]) / (2.0 * a[p, q]);
        var t = Math.Sign(tau) == 0 ? 1.0 : Math.Sign(tau) / (Math.Abs(tau) + Math.Sqrt(1.0 + (tau * tau)));
        var c = 1.0 / Math.Sqrt(1.0 + (t * t));
        var s = t * c;
        var k = a.GetLength(0);
        for (var i = 0; i < k; i++)
        {
            var aip = a[i, p];
            var aiq = a[i, q];
            a[i, p] = (c * aip) - (s * aiq);
            a[i, q] = (s * aip) + (c * aiq);
        }

        for (var i = 0; i < k; i++)
        {
            var api = a[p, i];
            var aqi = a[q, i];
            a[p, i] = (c * api) - (s * aqi);
            a[q, i] = (s * api) + (c * aqi);
        }

        for (var i = 0; i < k; i++)
        {
            var vip = v[i, p];
            var viq = v[i, q];
            v[i, p] = (c * vip) - (s * viq);
            v[i, q] = (s * vip) + (c * viq);
        }
    }
}
