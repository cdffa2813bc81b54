namespace NeuralTopOpt.Optimization.LinearAlgebra;

/// <summary>
/// LU factorization with partial pivoting of a small dense square matrix, P·A = L·U
/// (Golub &amp; Van Loan, <i>Matrix Computations</i>, Alg. 3.4.1). For the few-by-few systems of the
/// optimizers (MMA's (m+1)×(m+1) Newton system, the 2r×2r middle matrix of a compact quasi-Newton
/// form): O(k³) to factor, O(k²) per solve.
/// </summary>
internal sealed class DenseLu
{
    private readonly double[,] _lu;
    private readonly int[] _pivot;

    private DenseLu(double[,] lu, int[] pivot, bool isSingular)
    {
        _lu = lu;
        _pivot = pivot;
        IsSingular = isSingular;
    }

    /// <summary>Order of the matrix.</summary>
    public int Order => _pivot.Length;

    /// <summary>True when a pivot was exactly zero or below <c>k·ε·max|aᵢⱼ|</c>; <see cref="Solve"/> then fails.</summary>
    public bool IsSingular { get; }

    /// <summary>Factors a copy of <paramref name="a"/> (k × k).</summary>
    public static DenseLu Factor(double[,] a)
    {
        var k = a.GetLength(0);
        if (a.GetLength(1) != k)
        {
            throw new ArgumentException($"LU needs a square matrix, not {k}×{a.GetLength(1)}");
        }

        var lu = (double[,])a.Clone();
        var pivot = new int[k];
        var scale = 0.0;
        foreach (var v in lu)
        {
            scale = Math.Max(scale, Math.Abs(v));
        }

        var tiny = k * double.Epsilon < scale ? k * 1e-15 * scale : 0.0;
        var singular = scale == 0.0 && k > 0;
        for (var j = 0; j < k; j++)
        {
            // pivot: largest |a_ij| in column j at or below the diagonal
            var p = j;
            for (var i = j + 1; i < k; i++)
            {
                if (Math.Abs(lu[i, j]) > Math.Abs(lu[p, j]))
                {
                    p = i;
                }
            }

            pivot[j] = p;
            if (p != j)
            {
                for (var c = 0; c < k; c++)
                {
                    (lu[j, c], lu[p, c]) = (lu[p, c], lu[j, c]);
                }
            }

            if (!(Math.Abs(lu[j, j]) > tiny))
            {
                singular = true;
                continue;
            }

            for (var i = j + 1; i < k; i++)
            {
                var l = lu[i, j] /= lu[j, j];
                for (var c = j + 1; c < k; c++)
                {
                    lu[i, c] -= l * lu[j, c];
                }
            }
        }

        return new DenseLu(lu, pivot, singular);
    }

    /// <summary>Solves A·x = b in place (b becomes x).</summary>
    public void Solve(Span<double> b)
    {
        var k = Order;
        if (b.Length != k)
        {
            throw new ArgumentException($"right-hand side has length {b.Length}, the matrix order is {k}");
        }

        if (IsSingular)
        {
            throw new InvalidOperationException("the matrix is singular to working precision");
        }

        for (var j = 0; j < k; j++)
        {
            (b[j], b[_pivot[j]]) = (b[_pivot[j]], b[j]);
        }

        // b = L⁻¹ b (unit lower triangle)
        for (var i = 1; i < k; i++)
        {
            var sum = b[i];
            for (var c = 0; c < i; c++)
            {
                sum -= _lu[i, c] * b[c];
            }

            b[i] = sum;
        }

        // b = U⁻¹ b
        for (var i = k - 1; i >= 0; i--)
        {
            var sum = b[i];
            for (var c = i + 1; c < k; c++)
            {
                sum -= _lu[i, c] * b[c];
            }

            b[i] = sum / _lu[i, i];
        }
    }
}
