using System.Globalization;

namespace NeuralTopOpt.Nn;

/// <summary>
/// A per-feature affine map between raw and normalized values, as Keras' <c>Normalization</c>
/// layer: normalized = (raw − mean)/std. The MLP applies it to its inputs before the first layer
/// and inverts it on its outputs after the last (raw = normalized·std + mean).
/// </summary>
public sealed class Normalization
{
    private readonly double[] _mean;
    private readonly double[] _std;
    private readonly double[] _inverseStd;

    /// <summary>Creates the map from copies of the means and standard deviations.</summary>
    /// <exception cref="InvalidInputException">A mean is not finite or a deviation is not positive and finite.</exception>
    public Normalization(ReadOnlySpan<double> mean, ReadOnlySpan<double> std)
    {
        if (mean.Length != std.Length || mean.Length == 0)
        {
            throw new ArgumentException($"a normalization needs as many means as deviations, at least one ({mean.Length} and {std.Length})");
        }

        for (var k = 0; k < mean.Length; k++)
        {
            if (!double.IsFinite(mean[k]) || !(std[k] > 0) || !double.IsFinite(std[k]))
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                    $"feature {k} has mean {mean[k]} and std {std[k]}; the mean must be finite and the std positive and finite"));
            }

            if (!IsUsableStd(std[k], mean[k]))
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                    $"feature {k} has std {std[k]:R} (mean {mean[k]:R}); a std that small (subnormal, or below 1e-12 of the mean) divides by nearly zero and makes predictions and derivatives overflow"));
            }
        }

        _mean = mean.ToArray();
        _std = std.ToArray();
        _inverseStd = _std.Select(s => 1 / s).ToArray();
    }

    /// <summary>
    /// True when (x − mean)/std is well defined in double precision: std a normal number (not
    /// subnormal) and at least 10⁻¹² of |mean| (the precision to which <see cref="Adapt"/> tells a varying
    /// feature from a constant one). Every normalization <see cref="Adapt"/> makes passes.
    /// </summary>
    public static bool IsUsableStd(double std, double mean) => double.IsNormal(std) && std > 0 && std >= 1e-12 * Math.Abs(mean);

    /// <summary>Number of features.</summary>
    public int Count => _mean.Length;

    /// <summary>Per-feature mean.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Per-feature standard deviation.</summary>
    public ReadOnlySpan<double> Std => _std;

    /// <summary>1/std, which the forward pass multiplies by.</summary>
    internal ReadOnlySpan<double> InverseStd => _inverseStd;

    internal double[] MeanArray => _mean;

    internal double[] StdArray => _std;

    internal double[] InverseStdArray => _inverseStd;

    /// <summary>The identity map on <paramref name="count"/> features.</summary>
    public static Normalization Identity(int count) => new(new double[count], Enumerable.Repeat(1.0, count).ToArray());

    /// <summary>
    /// Adapts the map to data (rows × <paramref name="count"/>, row-major): the population mean and
    /// standard deviation of every feature, as Keras' <c>adapt</c>. A constant feature (std below
    /// 1e-12·max(1, |mean|)) gets std 1, so it is only shifted.
    /// </summary>
    public static Normalization Adapt(ReadOnlySpan<double> data, int count)
    {
        if (count < 1 || data.Length == 0 || data.Length % count != 0)
        {
            throw new ArgumentException($"{data.Length} values are not rows of {count} features");
        }

        var rows = data.Length / count;
        var mean = new double[count];
        var std = new double[count];
        for (var k = 0; k < count; k++)
        {
            var sum = 0.0;
            for (var r = 0; r < rows; r++)
            {
                sum += data[(r * count) + k];
            }

            mean[k] = sum / rows;
            var squares = 0.0;
            for (var r = 0; r < rows; r++)
            {
                var d = data[(r * count) + k] - mean[k];
                squares += d * d;
            }

            var deviation = Math.Sqrt(squares / rows);
            std[k] = deviation > 1e-12 * Math.Max(1, Math.Abs(mean[k])) ? deviation : 1;
        }

        return new Normalization(mean, std);
    }

    /// <summary>
    /// The features of <paramref name="data"/> (rows × <paramref name="count"/>) whose values all lie
    /// within 1e-12·max(1, |mean|) of their mean (constant to double precision), in order.
    /// </summary>
    public static int[] ConstantFeatures(ReadOnlySpan<double> data, int count)
    {
        var adapted = Adapt(data, count);
        var rows = data.Length / count;
        var constant = new List<int>();
        for (var k = 0; k < count; k++)
        {
            var spread = 0.0;
            for (var r = 0; r < rows; r++)
            {
                spread = Math.Max(spread, Math.Abs(data[(r * count) + k] - adapted.Mean[k]));
            }

            if (spread <= 1e-12 * Math.Max(1, Math.Abs(adapted.Mean[k])))
            {
                constant.Add(k);
            }
        }

        return [.. constant];
    }

    /// <summary>normalized = (raw − mean)·(1/std), in place, for rows of <see cref="Count"/> features.</summary>
    public void Normalize(Span<double> rows)
    {
        for (var r = 0; r < rows.Length; r += Count)
        {
            for (var k = 0; k < Count; k++)
            {
                rows[r + k] = (rows[r + k] - _mean[k]) * _inverseStd[k];
            }
        }
    }
}
