using System.Runtime.Intrinsics;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.AutoDiff;

/// <summary><see cref="Dual"/> numbers, one sample per value.</summary>
public readonly struct DualOps : IDualOps<Dual>
{
    /// <inheritdoc/>
    public static int Lanes => 1;

    /// <inheritdoc/>
    public static Dual Constant(double value) => new(value, 0);

    /// <inheritdoc/>
    public static Dual LoadReal(ReadOnlySpan<double> source, int stride, int count) => new(source[0], 0);

    /// <inheritdoc/>
    public static void StoreReal(Dual value, Span<double> destination, int stride, int count) => destination[0] = value.Value;

    /// <inheritdoc/>
    public static void StoreTangent(Dual value, Span<double> destination, int stride, int count) => destination[0] = value.Tangent;

    /// <inheritdoc/>
    public static Dual WithTangent(Dual a, double tangent) => a with { Tangent = tangent };

    /// <inheritdoc/>
    public static Dual Add(Dual a, Dual b) => a + b;

    /// <inheritdoc/>
    public static Dual Subtract(Dual a, Dual b) => a - b;

    /// <inheritdoc/>
    public static Dual Multiply(Dual a, Dual b) => a * b;

    /// <inheritdoc/>
    public static Dual Divide(Dual a, Dual b) => a / b;

    /// <inheritdoc/>
    public static Dual Negate(Dual a) => -a;

    /// <inheritdoc/>
    public static Dual Scale(Dual a, double s) => new(a.Value * s, a.Tangent * s);

    /// <inheritdoc/>
    public static Dual MultiplyAdd(Dual a, double s, Dual c) => new((a.Value * s) + c.Value, (a.Tangent * s) + c.Tangent);

    /// <inheritdoc/>
    public static Dual Exp(Dual a) => Dual.Exp(a);

    /// <inheritdoc/>
    public static Dual Log(Dual a) => Dual.Log(a);

    /// <inheritdoc/>
    public static Dual IfNonPositive(Dual condition, Dual whenNonPositive, Dual otherwise) =>
        condition.Value <= 0 ? whenNonPositive : otherwise;
}

/// <summary><see cref="DualX4"/> numbers, four samples per value.</summary>
public readonly struct DualX4Ops : IDualOps<DualX4>
{
    /// <inheritdoc/>
    public static int Lanes => 4;

    /// <inheritdoc/>
    public static DualX4 Constant(double value) => new(Vector256.Create(value), Vector256<double>.Zero);

    /// <inheritdoc/>
    public static DualX4 LoadReal(ReadOnlySpan<double> source, int stride, int count) =>
        new(Packing.Load(source, stride, count), Vector256<double>.Zero);

    /// <inheritdoc/>
    public static void StoreReal(DualX4 value, Span<double> destination, int stride, int count) =>
        Packing.Store(value.Value, destination, stride, count);

    /// <inheritdoc/>
    public static void StoreTangent(DualX4 value, Span<double> destination, int stride, int count) =>
        Packing.Store(value.Tangent, destination, stride, count);

    /// <inheritdoc/>
    public static DualX4 WithTangent(DualX4 a, double tangent) => a with { Tangent = Vector256.Create(tangent) };

    /// <inheritdoc/>
    public static DualX4 Add(DualX4 a, DualX4 b) => a + b;

    /// <inheritdoc/>
    public static DualX4 Subtract(DualX4 a, DualX4 b) => a - b;

    /// <inheritdoc/>
    public static DualX4 Multiply(DualX4 a, DualX4 b) => a * b;

    /// <inheritdoc/>
    public static DualX4 Divide(DualX4 a, DualX4 b) => a / b;

    /// <inheritdoc/>
    public static DualX4 Negate(DualX4 a) => -a;

    /// <inheritdoc/>
    public static DualX4 Scale(DualX4 a, double s)
    {
        var factor = Vector256.Create(s);
        return new(a.Value * factor, a.Tangent * factor);
    }

    /// <inheritdoc/>
    public static DualX4 MultiplyAdd(DualX4 a, double s, DualX4 c)
    {
        var factor = Vector256.Create(s);
        return new((a.Value * factor) + c.Value, (a.Tangent * factor) + c.Tangent);
    }

    /// <inheritdoc/>
    public static DualX4 Exp(DualX4 a) => DualX4.Exp(a);

    /// <inheritdoc/>
    public static DualX4 Log(DualX4 a) => DualX4.Log(a);

    /// <inheritdoc/>
    public static DualX4 IfNonPositive(DualX4 condition, DualX4 whenNonPositive, DualX4 otherwise)
    {
        var mask = Vector256.LessThanOrEqual(condition.Value, Vector256<double>.Zero);
        return new(
            Vector256.ConditionalSelect(mask, whenNonPositive.Value, otherwise.Value),
            Vector256.ConditionalSelect(mask, whenNonPositive.Tangent, otherwise.Tangent));
    }
}
