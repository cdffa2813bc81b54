using System.Runtime.Intrinsics;

namespace NeuralTopOpt.Nn.Numbers;

/// <summary>
/// Real numbers, four samples per value in one 256-bit register. The arithmetic rounds exactly as
/// <see cref="RealOps"/> does; <see cref="Exp"/> and <see cref="Log"/> are the runtime's SIMD
/// kernels (<see cref="Vector256.Exp(Vector256{double})"/>), within a few ulps of
/// <see cref="Math.Exp"/>.
/// </summary>
public readonly struct RealX4Ops : INumberOps<Vector256<double>>
{
    /// <inheritdoc/>
    public static int Lanes => 4;

    /// <inheritdoc/>
    public static Vector256<double> Constant(double value) => Vector256.Create(value);

    /// <inheritdoc/>
    public static Vector256<double> LoadReal(ReadOnlySpan<double> source, int stride, int count) =>
        Packing.Load(source, stride, count);

    /// <inheritdoc/>
    public static void StoreReal(Vector256<double> value, Span<double> destination, int stride, int count) =>
        Packing.Store(value, destination, stride, count);

    /// <inheritdoc/>
    public static Vector256<double> Add(Vector256<double> a, Vector256<double> b) => a + b;

    /// <inheritdoc/>
    public static Vector256<double> Subtract(Vector256<double> a, Vector256<double> b) => a - b;

    /// <inheritdoc/>
    public static Vector256<double> Multiply(Vector256<double> a, Vector256<double> b) => a * b;

    /// <inheritdoc/>
    public static Vector256<double> Divide(Vector256<double> a, Vector256<double> b) => a / b;

    /// <inheritdoc/>
    public static Vector256<double> Negate(Vector256<double> a) => -a;

    /// <inheritdoc/>
    public static Vector256<double> Scale(Vector256<double> a, double s) => a * Vector256.Create(s);

    /// <inheritdoc/>
    public static Vector256<double> MultiplyAdd(Vector256<double> a, double s, Vector256<double> c) =>
        (a * Vector256.Create(s)) + c;

    /// <inheritdoc/>
    public static Vector256<double> Exp(Vector256<double> a) => Vector256.Exp(a);

    /// <inheritdoc/>
    public static Vector256<double> Log(Vector256<double> a) => Vector256.Log(a);

    /// <inheritdoc/>
    public static Vector256<double> IfNonPositive(Vector256<double> condition, Vector256<double> whenNonPositive, Vector256<double> otherwise) =>
        Vector256.ConditionalSelect(Vector256.LessThanOrEqual(condition, Vector256<double>.Zero), whenNonPositive, otherwise);
}

/// <summary>Gathers and scatters strided doubles into and out of four-lane registers.</summary>
internal static class Packing
{
    /// <summary>Lane k = source[k·stride] for k &lt; count; the remaining lanes repeat the last one.</summary>
    public static Vector256<double> Load(ReadOnlySpan<double> source, int stride, int count)
    {
        if (stride == 1 && count == 4)
        {
            return Vector256.Create(source);
        }

        var last = (count - 1) * stride;
        return Vector256.Create(
            source[0],
            source[Math.Min(1, count - 1) * stride],
            source[Math.Min(2, count - 1) * stride],
            source[Math.Min(3 * stride, last)]);
    }

    /// <summary>destination[k·stride] = lane k for k &lt; count.</summary>
    public static void Store(Vector256<double> value, Span<double> destination, int stride, int count)
    {
        if (stride == 1 && count == 4)
        {
            value.CopyTo(destination);
            return;
        }

        for (var k = 0; k < count; k++)
        {
            destination[k * stride] = value.GetElement(k);
        }
    }
}
