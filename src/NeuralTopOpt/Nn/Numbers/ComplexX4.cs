using System.Runtime.Intrinsics;

namespace NeuralTopOpt.Nn.Numbers;

/// <summary>Four complex numbers, real and imaginary parts in separate 256-bit registers.</summary>
/// <param name="Real">Re of the four lanes.</param>
/// <param name="Imaginary">Im of the four lanes.</param>
public readonly record struct ComplexX4(Vector256<double> Real, Vector256<double> Imaginary);

/// <summary>
/// Complex arithmetic on <see cref="ComplexX4"/>, four samples per value: (a+ib)(c+id) =
/// (ac − bd) + i(ad + bc); (a+ib)/(c+id) = ((ac + bd) + i(bc − ad)) / (c² + d²) (textbook formula,
/// no Smith scaling: the MLP only divides by 1 + e^(−|t|) ∈ [1, 2]); e^(a+ib) = e^a (cos b + i sin b);
/// ln z = ln|z| + i·atan2(b, a) (the argument lane by lane).
/// </summary>
public readonly struct ComplexX4Ops : IComplexOps<ComplexX4>
{
    /// <inheritdoc/>
    public static int Lanes => 4;

    /// <inheritdoc/>
    public static ComplexX4 Constant(double value) => new(Vector256.Create(value), Vector256<double>.Zero);

    /// <inheritdoc/>
    public static ComplexX4 LoadReal(ReadOnlySpan<double> source, int stride, int count) =>
        new(Packing.Load(source, stride, count), Vector256<double>.Zero);

    /// <inheritdoc/>
    public static void StoreReal(ComplexX4 value, Span<double> destination, int stride, int count) =>
        Packing.Store(value.Real, destination, stride, count);

    /// <inheritdoc/>
    public static void StoreImaginary(ComplexX4 value, Span<double> destination, int stride, int count) =>
        Packing.Store(value.Imaginary, destination, stride, count);

    /// <inheritdoc/>
    public static ComplexX4 AddImaginary(ComplexX4 a, double imaginary) => new(a.Real, a.Imaginary + Vector256.Create(imaginary));

    /// <inheritdoc/>
    public static ComplexX4 Add(ComplexX4 a, ComplexX4 b) => new(a.Real + b.Real, a.Imaginary + b.Imaginary);

    /// <inheritdoc/>
    public static ComplexX4 Subtract(ComplexX4 a, ComplexX4 b) => new(a.Real - b.Real, a.Imaginary - b.Imaginary);

    /// <inheritdoc/>
    public static ComplexX4 Multiply(ComplexX4 a, ComplexX4 b) =>
        new((a.Real * b.Real) - (a.Imaginary * b.Imaginary), (a.Real * b.Imaginary) + (a.Imaginary * b.Real));

    /// <inheritdoc/>
    public static ComplexX4 Divide(ComplexX4 a, ComplexX4 b)
    {
        var inverseModulus2 = Vector256<double>.One / ((b.Real * b.Real) + (b.Imaginary * b.Imaginary));
        return new(
            ((a.Real * b.Real) + (a.Imaginary * b.Imaginary)) * inverseModulus2,
            ((a.Imaginary * b.Real) - (a.Real * b.Imaginary)) * inverseModulus2);
    }

    /// <inheritdoc/>
    public static ComplexX4 Negate(ComplexX4 a) => new(-a.Real, -a.Imaginary);

    /// <inheritdoc/>
    public static ComplexX4 Scale(ComplexX4 a, double s)
    {
        var factor = Vector256.Create(s);
        return new(a.Real * factor, a.Imaginary * factor);
    }

    /// <inheritdoc/>
    public static ComplexX4 MultiplyAdd(ComplexX4 a, double s, ComplexX4 c)
    {
        var factor = Vector256.Create(s);
        return new((a.Real * factor) + c.Real, (a.Imaginary * factor) + c.Imaginary);
    }

    /// <inheritdoc/>
    public static ComplexX4 Exp(ComplexX4 a)
    {
        var modulus = Vector256.Exp(a.Real);
        var (sin, cos) = Vector256.SinCos(a.Imaginary);
        return new(modulus * cos, modulus * sin);
    }

    /// <inheritdoc/>
    public static ComplexX4 Log(ComplexX4 a)
    {
        var argument = Vector256.Create(
            Math.Atan2(a.Imaginary.GetElement(0), a.Real.GetElement(0)),
            Math.Atan2(a.Imaginary.GetElement(1), a.Real.GetElement(1)),
            Math.Atan2(a.Imaginary.GetElement(2), a.Real.GetElement(2)),
            Math.Atan2(a.Imaginary.GetElement(3), a.Real.GetElement(3)));
        return new(Vector256.Log(Vector256.Hypot(a.Real, a.Imaginary)), argument);
    }

    /// <inheritdoc/>
    public static ComplexX4 IfNonPositive(ComplexX4 condition, ComplexX4 whenNonPositive, ComplexX4 otherwise)
    {
        var mask = Vector256.LessThanOrEqual(condition.Real, Vector256<double>.Zero);
        return new(
            Vector256.ConditionalSelect(mask, whenNonPositive.Real, otherwise.Real),
            Vector256.ConditionalSelect(mask, whenNonPositive.Imaginary, otherwise.Imaginary));
    }
}
