using System.Globalization;

namespace NeuralTopOpt.AutoDiff;

/// <summary>
/// A dual number a + b·ε with ε² = 0: forward-mode automatic differentiation. Evaluating a program
/// on x + 1·ε gives f(x) + f'(x)·ε, because every operation below applies the chain rule to the
/// tangent: (a + bε)(c + dε) = ac + (ad + bc)ε, g(a + bε) = g(a) + g'(a)·b·ε.
/// </summary>
/// <param name="Value">The real part a: the value of the program.</param>
/// <param name="Tangent">The ε part b: the directional derivative carried along.</param>
public readonly record struct Dual(double Value, double Tangent)
{
    /// <summary>A constant (tangent 0).</summary>
    public static implicit operator Dual(double value) => new(value, 0);

    /// <summary>The variable x with tangent 1: d/dx of whatever is computed from it.</summary>
    public static Dual Variable(double x) => new(x, 1);

    /// <summary>(a + bε) + (c + dε) = (a + c) + (b + d)ε.</summary>
    public static Dual operator +(Dual x, Dual y) => new(x.Value + y.Value, x.Tangent + y.Tangent);

    /// <summary>(a + bε) − (c + dε) = (a − c) + (b − d)ε.</summary>
    public static Dual operator -(Dual x, Dual y) => new(x.Value - y.Value, x.Tangent - y.Tangent);

    /// <summary>−(a + bε).</summary>
    public static Dual operator -(Dual x) => new(-x.Value, -x.Tangent);

    /// <summary>(a + bε)(c + dε) = ac + (ad + bc)ε.</summary>
    public static Dual operator *(Dual x, Dual y) => new(x.Value * y.Value, (x.Value * y.Tangent) + (x.Tangent * y.Value));

    /// <summary>(a + bε)/(c + dε) = a/c + (bc − ad)/c² ε.</summary>
    public static Dual operator /(Dual x, Dual y)
    {
        var quotient = x.Value / y.Value;
        return new(quotient, (x.Tangent - (quotient * y.Tangent)) / y.Value);
    }

    /// <summary>Addition (operator alias).</summary>
    public static Dual Add(Dual x, Dual y) => x + y;

    /// <summary>Subtraction (operator alias).</summary>
    public static Dual Subtract(Dual x, Dual y) => x - y;

    /// <summary>Negation (operator alias).</summary>
    public static Dual Negate(Dual x) => -x;

    /// <summary>Multiplication (operator alias).</summary>
    public static Dual Multiply(Dual x, Dual y) => x * y;

    /// <summary>Division (operator alias).</summary>
    public static Dual Divide(Dual x, Dual y) => x / y;

    /// <summary>e^x: derivative e^a.</summary>
    public static Dual Exp(Dual x)
    {
        var e = Math.Exp(x.Value);
        return new(e, e * x.Tangent);
    }

    /// <summary>ln x: derivative 1/a.</summary>
    public static Dual Log(Dual x) => new(Math.Log(x.Value), x.Tangent / x.Value);

    /// <summary>√x: derivative 1/(2√a).</summary>
    public static Dual Sqrt(Dual x)
    {
        var root = Math.Sqrt(x.Value);
        return new(root, x.Tangent / (2 * root));
    }

    /// <summary>x^p for a real p: derivative p·a^(p−1).</summary>
    public static Dual Pow(Dual x, double p) => new(Math.Pow(x.Value, p), p * Math.Pow(x.Value, p - 1) * x.Tangent);

    /// <summary>sin x: derivative cos a.</summary>
    public static Dual Sin(Dual x) => new(Math.Sin(x.Value), Math.Cos(x.Value) * x.Tangent);

    /// <summary>cos x: derivative −sin a.</summary>
    public static Dual Cos(Dual x) => new(Math.Cos(x.Value), -Math.Sin(x.Value) * x.Tangent);

    /// <summary>tanh x: derivative sech² a = 4e/(1 + e)² with e = e^(−2|a|) (no cancellation in the tails).</summary>
    public static Dual Tanh(Dual x)
    {
        var e = Math.Exp(-2 * Math.Abs(x.Value));
        var inverse = 1 / (1 + e);
        return new(Math.Tanh(x.Value), 4 * e * inverse * inverse * x.Tangent);
    }

    /// <inheritdoc/>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Value:R} + {Tangent:R}ε");
}
