using System.Numerics;

namespace NeuralTopOpt.Nn.Numbers;

/// <summary>
/// <see cref="Complex"/> numbers, one sample per value, with the runtime's own complex arithmetic
/// (<see cref="Complex.Exp"/>, <see cref="Complex.Log(Complex)"/>, Smith's division).
/// </summary>
public readonly struct ComplexOps : IComplexOps<Complex>
{
    /// <inheritdoc/>
    public static int Lanes => 1;

    /// <inheritdoc/>
    public static Complex Constant(double value) => new(value, 0);

    /// <inheritdoc/>
    public static Complex LoadReal(ReadOnlySpan<double> source, int stride, int count) => new(source[0], 0);

    /// <inheritdoc/>
    public static void StoreReal(Complex value, Span<double> destination, int stride, int count) => destination[0] = value.Real;

    /// <inheritdoc/>
    public static void StoreImaginary(Complex value, Span<double> destination, int stride, int count) => destination[0] = value.Imaginary;

    /// <inheritdoc/>
    public static Complex AddImaginary(Complex a, double imaginary) => new(a.Real, a.Imaginary + imaginary);

    /// <inheritdoc/>
    public static Complex Add(Complex a, Complex b) => a + b;

    /// <inheritdoc/>
    public static Complex Subtract(Complex a, Complex b) => a - b;

    /// <inheritdoc/>
    public static Complex Multiply(Complex a, Complex b) => a * b;

    /// <inheritdoc/>
    public static Complex Divide(Complex a, Complex b) => a / b;

    /// <inheritdoc/>
    public static Complex Negate(Complex a) => -a;

    /// <inheritdoc/>
    public static Complex Scale(Complex a, double s) => new(a.Real * s, a.Imaginary * s);

    /// <inheritdoc/>
    public static Complex MultiplyAdd(Complex a, double s, Complex c) => new((a.Real * s) + c.Real, (a.Imaginary * s) + c.Imaginary);

    /// <inheritdoc/>
    public static Complex Exp(Complex a) => Complex.Exp(a);

    /// <inheritdoc/>
    public static Complex Log(Complex a) => Complex.Log(a);

    /// <inheritdoc/>
    public static Complex IfNonPositive(Complex condition, Complex whenNonPositive, Complex otherwise) =>
        condition.Real <= 0 ? whenNonPositive : otherwise;
}
