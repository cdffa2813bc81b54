using System.Runtime.CompilerServices;
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
        Compute<T, TOps, ValueOnly>(activation, t, out _);

    /// <summary>F(t), and F'(t) in <paramref name="slope"/>; the value is computed exactly as <see cref="Apply{T, TOps}(Activation, T)"/> does.</summary>
    public static T Evaluate<T, TOps>(Activation activation, T t, out T slope)
        where T : unmanaged
        where TOps : INumberOps<T> =>
        Compute<T, TOps, WithSlope>(activation, t, out slope);

    /// <summary>y_j = F(z_j) in place for a whole layer (the choice of F is made once, outside the loop).</summary>
    public static void Apply<T, TOps>(Activation activation, Span<T> values)
        where T : unmanaged
        where TOps : INumberOps<T>
    {
        switch (activation)
        {
            case Activation.Linear: return;
            case Activation.Sigmoid: Map<T, TOps, SigmoidF, ValueOnly>(values, default); return;
            case Activation.Tanh: Map<T, TOps, TanhF, ValueOnly>(values, default); return;
            case Activation.Relu: Map<T, TOps, ReluF, ValueOnly>(values, default); return;
            case Activation.Softplus: Map<T, TOps, SoftplusF, ValueOnly>(values, default); return;
            case Activation.Silu: Map<T, TOps, SiluF, ValueOnly>(values, default); return;
            default: throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    /// <summary>y_j = F(z_j) in place and <paramref name="slopes"/>_j = F'(z_j) for a whole layer.</summary>
    public static void Evaluate<T, TOps>(Activation activation, Span<T> values, Span<T> slopes)
        where T : unmanaged
        where TOps : INumberOps<T>
    {
        switch (activation)
        {
            case Activation.Linear: slopes[..values.Length].Fill(TOps.Constant(1)); return;
            case Activation.Sigmoid: Map<T, TOps, SigmoidF, WithSlope>(values, slopes); return;
            case Activation.Tanh: Map<T, TOps, TanhF, WithSlope>(values, slopes); return;
            case Activation.Relu: Map<T, TOps, ReluF, WithSlope>(values, slopes); return;
            case Activation.Softplus: Map<T, TOps, SoftplusF, WithSlope>(values, slopes); return;
            case Activation.Silu: Map<T, TOps, SiluF, WithSlope>(values, slopes); return;
            default: throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    private static void Map<T, TOps, TFunction, TSlope>(Span<T> values, Span<T> slopes)
        where T : unmanaged
        where TOps : INumberOps<T>
        where TFunction : IFunction
        where TSlope : ISlopeRequest
    {
        for (var j = 0; j < values.Length; j++)
        {
            values[j] = TFunction.Compute<T, TOps, TSlope>(values[j], out var slope);
            if (TSlope.Wanted)
            {
                slopes[j] = slope;
            }
        }
    }

    /// <summary>
    /// The one implementation behind <see cref="Apply{T, TOps}(Activation, T)"/> and <see cref="Evaluate{T, TOps}(Activation, T, out T)"/>;
    /// <typeparamref name="TSlope"/> tells the JIT, at compile time, whether to compute F'.
    /// </summary>
    private static T Compute<T, TOps, TSlope>(Activation activation, T t, out T slope)
        where T : unmanaged
        where TOps : INumberOps<T>
        where TSlope : ISlopeRequest
    {
        switch (activation)
        {
            case Activation.Linear:
                slope = TOps.Constant(1);
                return t;
            case Activation.Sigmoid:
                return Sigmoid<T, TOps, TSlope>(t, out slope);
            case Activation.Tanh:
                return Tanh<T, TOps, TSlope>(t, out slope);
            case Activation.Relu:
                return Relu<T, TOps, TSlope>(t, out slope);
            case Activation.Softplus:
                return Softplus<T, TOps, TSlope>(t, out slope);
            case Activation.Silu:
                return Silu<T, TOps, TSlope>(t, out slope);
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, null);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Sigmoid<T, TOps, TSlope>(T t, out T slope)
        where T : unmanaged
        where TOps : INumberOps<T>
        where TSlope : ISlopeRequest
    {
        var e = TOps.Exp(TOps.Negate(Abs<T, TOps>(t)));                    // e = e^(−|t|)
        var r = TOps.Divide(TOps.Constant(1), TOps.Add(TOps.Constant(1), e)); // r = 1/(1+e)
        var er = TOps.Multiply(e, r);
        slope = TSlope.Wanted ? TOps.Multiply(er, r) : default;              // e/(1+e)²
        return TOps.IfNonPositive(t, er, r);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Relu<T, TOps, TSlope>(T t, out T slope)
        where T : unmanaged
        where TOps : INumberOps<T>
        where TSlope : ISlopeRequest
    {
        slope = TSlope.Wanted ? TOps.IfNonPositive(t, TOps.Constant(0), TOps.Constant(1)) : default;
        return TOps.IfNonPositive(t, TOps.Constant(0), t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Tanh<T, TOps, TSlope>(T t, out T slope)
        where T : unmanaged
        where TOps : INumberOps<T>
        where TSlope : ISlopeRequest
    {
        var e = TOps.Exp(TOps.Scale(Abs<T, TOps>(t), -2));                 // e = e^(−2|t|)
        var r = TOps.Divide(TOps.Constant(1), TOps.Add(TOps.Constant(1), e)); // r = 1/(1+e)
        var magnitude = TOps.Multiply(TOps.Subtract(TOps.Constant(1), e), r);  // tanh|t| = (1−e)/(1+e)
        slope = TSlope.Wanted ? TOps.Scale(TOps.Multiply(TOps.Multiply(e, r), r), 4) : default; // 4e/(1+e)²
        return TOps.IfNonPositive(t, TOps.Negate(magnitude), magnitude);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Softplus<T, TOps, TSlope>(T t, out T slope)
        where T : unmanaged
        where TOps : INumberOps<T>
        where TSlope : ISlopeRequest
    {
        var e = TOps.Exp(TOps.Negate(Abs<T, TOps>(t)));
        var onePlusE = TOps.Add(TOps.Constant(1), e);
        var r = TOps.Divide(TOps.Constant(1), onePlusE);
        slope = TSlope.Wanted ? TOps.IfNonPositive(t, TOps.Multiply(e, r), r) : default; // sigmoid(t)
        return TOps.Add(TOps.IfNonPositive(t, TOps.Constant(0), t), TOps.Log(onePlusE));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static T Silu<T, TOps, TSlope>(T t, out T slope)
        where T : unmanaged
        where TOps : INumberOps<T>
        where TSlope : ISlopeRequest
    {
        var sigmoid = Sigmoid<T, TOps, TSlope>(t, out var sigmoidSlope);
        slope = TSlope.Wanted ? TOps.Add(sigmoid, TOps.Multiply(t, sigmoidSlope)) : default; // σ + t·σ'
        return TOps.Multiply(t, sigmoid);
    }

    /// <summary>|t| as t·sign(Re t): holomorphic on each side of Re t = 0.</summary>
    private static T Abs<T, TOps>(T t)
        where T : unmanaged
        where TOps : INumberOps<T> =>
        TOps.IfNonPositive(t, TOps.Negate(t), t);

    private interface IFunction
    {
        static abstract T Compute<T, TOps, TSlope>(T t, out T slope)
            where T : unmanaged
            where TOps : INumberOps<T>
            where TSlope : ISlopeRequest;
    }

    private readonly struct SigmoidF : IFunction
    {
        public static T Compute<T, TOps, TSlope>(T t, out T slope)
            where T : unmanaged
            where TOps : INumberOps<T>
            where TSlope : ISlopeRequest => Sigmoid<T, TOps, TSlope>(t, out slope);
    }

    private readonly struct TanhF : IFunction
    {
        public static T Compute<T, TOps, TSlope>(T t, out T slope)
            where T : unmanaged
            where TOps : INumberOps<T>
            where TSlope : ISlopeRequest => Tanh<T, TOps, TSlope>(t, out slope);
    }

    private readonly struct ReluF : IFunction
    {
        public static T Compute<T, TOps, TSlope>(T t, out T slope)
            where T : unmanaged
            where TOps : INumberOps<T>
            where TSlope : ISlopeRequest => Relu<T, TOps, TSlope>(t, out slope);
    }

    private readonly struct SoftplusF : IFunction
    {
        public static T Compute<T, TOps, TSlope>(T t, out T slope)
            where T : unmanaged
            where TOps : INumberOps<T>
            where TSlope : ISlopeRequest => Softplus<T, TOps, TSlope>(t, out slope);
    }

    private readonly struct SiluF : IFunction
    {
        public static T Compute<T, TOps, TSlope>(T t, out T slope)
            where T : unmanaged
            where TOps : INumberOps<T>
            where TSlope : ISlopeRequest => Silu<T, TOps, TSlope>(t, out slope);
    }

    private interface ISlopeRequest
    {
        static abstract bool Wanted { get; }
    }

    private readonly struct ValueOnly : ISlopeRequest
    {
        public static bool Wanted => false;
    }

    private readonly struct WithSlope : ISlopeRequest
    {
        public static bool Wanted => true;
    }
}
