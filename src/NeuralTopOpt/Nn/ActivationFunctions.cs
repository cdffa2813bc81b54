using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.Nn;

/// <summary>
/// The activations F(t) and their derivatives F'(t), written once for every number type of
/// <see cref="INumberOps{T}"/>. Each formula goes through e = e^(−|t|) ≤ 1 so nothing overflows and
/// the tails keep their relative accuracy; |t| is t·sign(Re t), and each branch is a holomorphic
/// expression, so the complex step and dual numbers differentiate them exactly:
/// <code>
///   sigmoid  F = 1/(1+e) for t &gt; 0, e/(1+e) for t ≤ 0        F' = e/(1+e)²            (Eq. B6, B7)
///   tanh     F = ±(1−e²)/(1+e²)  (e² = e^(−2|t|))             F' = 4e²/(1+e²)²
///   relu     F = max(t, 0)                                    F' = 1 for t &gt; 0, 0 for t ≤ 0
///   softplus F = max(t, 0) + ln(1 + e)                        F' = sigmoid(t)
///   silu     F = t·sigmoid(t)                                 F' = sigmoid(t) + t·e/(1+e)²
///   linear   F = t                                            F' = 1
/// </code>
/// </summary>
public static class ActivationFunctions
{
    /// <summary>F(t) for one value (one or several lanes).</summary>
    public static T Apply<T, TOps>(Activation activation, T t)
        where T : unmanaged
        where TOps : INumberOps<T> =>
        Evaluate<T, TOps>(activation, t, out _);

    /// <summary>F(t), and F'(t) in <paramref name="slope"/>; the value is computed exactly as <see cref="Apply{T, TOps}"/> does.</summary>
    public static T Evaluate<T, TOps>(Activation activation, T t, out T slope)
        where T : unmanaged
        where TOps : INumberOps<T>
    {
        switch (activation)
        {
            case Activation.Linear:
                slope = TOps.Constant(1);
                return t;
            case Activation.Sigmoid:
                return Sigmoid<T, TOps>(t, out slope);
            case Activation.Tanh:
                return Tanh<T, TOps>(t, out slope);
            case Activation.Relu:
                slope = TOps.IfNonPositive(t, TOps.Constant(0), TOps.Constant(1));
                return TOps.IfNonPositive(t, TOps.Constant(0), t);
            case Activation.Softplus:
                return Softplus<T, TOps>(t, out slope);
            case Activation.Silu:
                return Silu<T, TOps>(t, out slope);
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    private static T Sigmoid<T, TOps>(T t, out T slope)
        where T : unmanaged
        where TOps : INumberOps<T>
    {
        var e = TOps.Exp(TOps.Negate(Abs<T, TOps>(t)));                    // e = e^(−|t|)
        var r = TOps.Divide(TOps.Constant(1), TOps.Add(TOps.Constant(1), e)); // r = 1/(1+e)
        var er = TOps.Multiply(e, r);
        slope = TOps.Multiply(er, r);                                        // e/(1+e)²
        return TOps.IfNonPositive(t, er, r);
    }

    private static T Tanh<T, TOps>(T t, out T slope)
        where T : unmanaged
        where TOps : INumberOps<T>
    {
        var e = TOps.Exp(TOps.Scale(Abs<T, TOps>(t), -2));                 // e = e^(−2|t|)
        var r = TOps.Divide(TOps.Constant(1), TOps.Add(TOps.Constant(1), e)); // r = 1/(1+e)
        var magnitude = TOps.Multiply(TOps.Subtract(TOps.Constant(1), e), r);  // tanh|t| = (1−e)/(1+e)
        slope = TOps.Scale(TOps.Multiply(TOps.Multiply(e, r), r), 4);        // 4e/(1+e)²
        return TOps.IfNonPositive(t, TOps.Negate(magnitude), magnitude);
    }

    private static T Softplus<T, TOps>(T t, out T slope)
        where T : unmanaged
        where TOps : INumberOps<T>
    {
        var e = TOps.Exp(TOps.Negate(Abs<T, TOps>(t)));
        var onePlusE = TOps.Add(TOps.Constant(1), e);
        var r = TOps.Divide(TOps.Constant(1), onePlusE);
        slope = TOps.IfNonPositive(t, TOps.Multiply(e, r), r);               // sigmoid(t)
        return TOps.Add(TOps.IfNonPositive(t, TOps.Constant(0), t), TOps.Log(onePlusE));
    }

    private static T Silu<T, TOps>(T t, out T slope)
        where T : unmanaged
        where TOps : INumberOps<T>
    {
        var sigmoid = Sigmoid<T, TOps>(t, out var sigmoidSlope);
        slope = TOps.Add(sigmoid, TOps.Multiply(t, sigmoidSlope));           // σ + t·σ'
        return TOps.Multiply(t, sigmoid);
    }

    /// <summary>|t| as t·sign(Re t): holomorphic on each side of Re t = 0.</summary>
    private static T Abs<T, TOps>(T t)
        where T : unmanaged
        where TOps : INumberOps<T> =>
        TOps.IfNonPositive(t, TOps.Negate(t), t);
}
