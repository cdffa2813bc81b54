namespace NeuralTopOpt.Nn.Numbers;

/// <summary>Real numbers, one sample per value: plain <see cref="double"/> arithmetic.</summary>
public readonly struct RealOps : INumberOps<double>
{
    /// <inheritdoc/>
    public static int Lanes => 1;

    /// <inheritdoc/>
    public static double Constant(double value) => value;

    /// <inheritdoc/>
    public static double LoadReal(ReadOnlySpan<double> source, int stride, int count) => source[0];

    /// <inheritdoc/>
    public static void StoreReal(double value, Span<double> destination, int stride, int count) => destination[0] = value;

    /// <inheritdoc/>
    public static double Add(double a, double b) => a + b;

    /// <inheritdoc/>
    public static double Subtract(double a, double b) => a - b;

    /// <inheritdoc/>
    public static double Multiply(double a, double b) => a * b;

    /// <inheritdoc/>
    public static double Divide(double a, double b) => a / b;

    /// <inheritdoc/>
    public static double Negate(double a) => -a;

    /// <inheritdoc/>
    public static double Scale(double a, double s) => a * s;

    /// <inheritdoc/>
    public static double MultiplyAdd(double a, double s, double c) => (a * s) + c;

    /// <inheritdoc/>
    public static double Exp(double a) => Math.Exp(a);

    /// <inheritdoc/>
    public static double Log(double a) => Math.Log(a);

    /// <inheritdoc/>
    public static double IfNonPositive(double condition, double whenNonPositive, double otherwise) =>
        condition <= 0 ? whenNonPositive : otherwise;
}
