using System.Runtime.Intrinsics;

namespace NeuralTopOpt.AutoDiff;

/// <summary>
/// Four dual numbers a + b·ε side by side in 256-bit registers: the SIMD form of <see cref="Dual"/>
/// that the batched forward-mode Jacobian runs on. Same rules, lane by lane.
/// </summary>
/// <param name="Value">The real parts of the four lanes.</param>
/// <param name="Tangent">The ε parts of the four lanes.</param>
public readonly record struct DualX4(Vector256<double> Value, Vector256<double> Tangent)
{
    /// <summary>(a + bε) + (c + dε) = (a + c) + (b + d)ε.</summary>
    public static DualX4 operator +(DualX4 x, DualX4 y) => new(x.Value + y.Value, x.Tangent + y.Tangent);

    /// <summary>(a + bε) − (c + dε) = (a − c) + (b − d)ε.</summary>
    public static DualX4 operator -(DualX4 x, DualX4 y) => new(x.Value - y.Value, x.Tangent - y.Tangent);

    /// <summary>−(a + bε).</summary>
    public static DualX4 operator -(DualX4 x) => new(-x.Value, -x.Tangent);

    /// <summary>(a + bε)(c + dε) = ac + (ad + bc)ε.</summary>
    public static DualX4 operator *(DualX4 x, DualX4 y) =>
        new(x.Value * y.Value, (x.Value * y.Tangent) + (x.Tangent * y.Value));

    /// <summary>(a + bε)/(c + dε) = a/c + (b − (a/c)·d)/c ε.</summary>
    public static DualX4 operator /(DualX4 x, DualX4 y)
    {
        var quotient = x.Value / y.Value;
        return new(quotient, (x.Tangent - (quotient * y.Tangent)) / y.Value);
    }

    /// <summary>Addition (operator alias).</summary>
    public static DualX4 Add(DualX4 x, DualX4 y) => x + y;

    /// <summary>Subtraction (operator alias).</summary>
    public static DualX4 Subtract(DualX4 x, DualX4 y) => x - y;

    /// <summary>Negation (operator alias).</summary>
    public static DualX4 Negate(DualX4 x) => -x;

    /// <summary>Multiplication (operator alias).</summary>
    public static DualX4 Multiply(DualX4 x, DualX4 y) => x * y;

    /// <summary>Division (operator alias).</summary>
    public static DualX4 Divide(DualX4 x, DualX4 y) => x / y;

    /// <summary>e^x: derivative e^a.</summary>
    public static DualX4 Exp(DualX4 x)
    {
        var e = Vector256.Exp(x.Value);
        return new(e, e * x.Tangent);
    }

    /// <summary>ln x: derivative 1/a.</summary>
    public static DualX4 Log(DualX4 x) => new(Vector256.Log(x.Value), x.Tangent / x.Value);
}
