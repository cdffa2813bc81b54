namespace NeuralTopOpt.Nn.Training;

/// <summary>Regression metrics of predictions against targets (both samples × outputs, row-major).</summary>
public static class Metrics
{
    /// <summary>MSE = (1/(N·m)) Σ (ŷ − y)², over every sample and output.</summary>
    public static double MeanSquaredError(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets)
    {
        Check(predictions, targets);
        var sum = 0.0;
        for (var k = 0; k < predictions.Length; k++)
        {
            var error = predictions[k] - targets[k];
            sum += error * error;
        }

        return sum / predictions.Length;
    }

    /// <summary>
    /// The coefficient of determination R² = 1 − Σ(ŷ − y)²/Σ(y − ȳ)² of each output, averaged over
    /// the outputs (scikit-learn's <c>uniform_average</c>); NaN when an output's targets are constant.
    /// </summary>
    public static double RSquared(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets, int outputs)
    {
        Check(predictions, targets);
        var count = predictions.Length / outputs;
        var total = 0.0;
        for (var o = 0; o < outputs; o++)
        {
            var mean = 0.0;
            for (var r = 0; r < count; r++)
            {
                mean += targets[(r * outputs) + o];
            }

            mean /= count;
            var (residual, spread) = (0.0, 0.0);
            for (var r = 0; r < count; r++)
            {
                var y = targets[(r * outputs) + o];
                residual += (predictions[(r * outputs) + o] - y) * (predictions[(r * outputs) + o] - y);
                spread += (y - mean) * (y - mean);
            }

            total += spread > 0 ? 1 - (residual / spread) : double.NaN;
        }

        return total / outputs;
    }

    private static void Check(ReadOnlySpan<double> predictions, ReadOnlySpan<double> targets)
    {
        if (predictions.Length != targets.Length || predictions.Length == 0)
        {
            throw new ArgumentException($"{predictions.Length} predictions for {targets.Length} targets");
        }
    }
}
