using NeuralTopOpt.Fem;

namespace NeuralTopOpt.Solvers.Multigrid;

/// <summary>Small dense helpers for 8×8 element matrices in full (row-major) and packed (lower triangle) form.</summary>
internal static class ElementMatrices
{
    /// <summary>Packed entries per element matrix.</summary>
    public const int Packed = Q4Element.PackedCount;

    /// <summary>Full 8×8 from packed.</summary>
    public static void Unpack(ReadOnlySpan<double> packed, Span<double> full)
    {
        for (var a = 0; a < 8; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                var v = packed[Q4Element.PackedIndex(a, b)];
                full[(a * 8) + b] = v;
                full[(b * 8) + a] = v;
            }
        }
    }

    /// <summary>Packed from full 8×8 (lower triangle).</summary>
    public static void Pack(ReadOnlySpan<double> full, Span<double> packed)
    {
        for (var a = 0; a < 8; a++)
        {
            for (var b = 0; b <= a; b++)
            {
                packed[Q4Element.PackedIndex(a, b)] = full[(a * 8) + b];
            }
        }
    }

    /// <summary>target += Pᵀ·K·P for 8×8 full matrices.</summary>
    public static void AddTripleProduct(ReadOnlySpan<double> p, ReadOnlySpan<double> k, Span<double> target)
    {
        Span<double> kp = stackalloc double[64];
        kp.Clear();
        for (var a = 0; a < 8; a++)
        {
            for (var c = 0; c < 8; c++)
            {
                var v = k[(a * 8) + c];
                if (v == 0)
                {
                    continue;
                }

                for (var j = 0; j < 8; j++)
                {
                    kp[(a * 8) + j] += v * p[(c * 8) + j];
                }
            }
        }

        for (var a = 0; a < 8; a++)
        {
            for (var i = 0; i < 8; i++)
            {
                var w = p[(a * 8) + i];
                if (w == 0)
                {
                    continue;
                }

                for (var j = 0; j < 8; j++)
                {
                    target[(i * 8) + j] += w * kp[(a * 8) + j];
                }
            }
        }
    }

    /// <summary>Zeroes rows and columns of the local DOFs for which <paramref name="isFixed"/> holds.</summary>
    public static void Mask(Span<double> full, ReadOnlySpan<bool> isFixed)
    {
        for (var a = 0; a < 8; a++)
        {
            if (!isFixed[a])
            {
                continue;
            }

            for (var b = 0; b < 8; b++)
            {
                full[(a * 8) + b] = 0;
                full[(b * 8) + a] = 0;
            }
        }
    }
}
