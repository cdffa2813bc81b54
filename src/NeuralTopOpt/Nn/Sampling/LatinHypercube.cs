using System.Globalization;

namespace NeuralTopOpt.Nn.Sampling;

/// <summary>
/// Latin hypercube sampling (McKay, Beckman and Conover 1979), as the paper samples its feature
/// space (Sec. 4.1): each dimension is cut into <c>count</c> equal strata and every stratum holds
/// exactly one sample. Point i has coordinate (π_d(i) + u_id)/count in dimension d, with π_d a
/// random permutation and u_id uniform in [0, 1): the randomized (not centred) variant, like
/// <c>scipy.stats.qmc.LatinHypercube</c>. Seeded: the same seed gives the same points.
/// </summary>
public static class LatinHypercube
{
    /// <summary><paramref name="count"/> × <paramref name="dimensions"/> points in [0, 1)^d, row-major.</summary>
    /// <exception cref="InvalidInputException">A count or dimension below 1.</exception>
    public static double[] Sample(int count, int dimensions, int seed)
    {
        if (count < 1 || dimensions < 1)
        {
            throw new InvalidInputException($"a Latin hypercube needs at least one sample and one dimension, not {count} and {dimensions}");
        }

        IO.MemoryBudget.RequireArray((double)count * dimensions, string.Create(CultureInfo.InvariantCulture, $"a Latin hypercube of {count:N0} samples in {dimensions} dimensions"), "use fewer samples");
        var random = new Random(seed);
        var points = new double[count * dimensions];
        var strata = new int[count];
        for (var d = 0; d < dimensions; d++)
        {
            for (var i = 0; i < count; i++)
            {
                strata[i] = i;
            }

            random.Shuffle(strata);
            for (var i = 0; i < count; i++)
            {
                points[(i * dimensions) + d] = (strata[i] + random.NextDouble()) / count;
            }
        }

        return points;
    }

    /// <summary>
    /// <paramref name="count"/> points in the box [lower, upper) (one bound per dimension), row-major:
    /// x = lower + (upper − lower)·u with u from <see cref="Sample(int, int, int)"/>.
    /// </summary>
    /// <exception cref="InvalidInputException">Bounds of different lengths, not finite, or lower ≥ upper.</exception>
    public static double[] Sample(int count, ReadOnlySpan<double> lower, ReadOnlySpan<double> upper, int seed)
    {
        if (lower.Length != upper.Length || lower.Length == 0)
        {
            throw new InvalidInputException($"the box needs as many lower as upper bounds, at least one ({lower.Length} and {upper.Length})");
        }

        for (var d = 0; d < lower.Length; d++)
        {
            if (!double.IsFinite(lower[d]) || !double.IsFinite(upper[d]) || !(lower[d] < upper[d]))
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"dimension {d + 1} of the box is [{lower[d]}, {upper[d]}]; bounds must be finite with lower < upper"));
            }
        }

        var points = Sample(count, lower.Length, seed);
        for (var i = 0; i < count; i++)
        {
            for (var d = 0; d < lower.Length; d++)
            {
                ref var x = ref points[(i * lower.Length) + d];
                x = lower[d] + ((upper[d] - lower[d]) * x);
            }
        }

        return points;
    }
}
