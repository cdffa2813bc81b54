namespace NeuralTopOpt.Nn.Numbers;

/// <summary>
/// The arithmetic that the generic forward pass (<see cref="MlpForward"/>) needs from a number
/// type <typeparamref name="T"/>: real (<see cref="double"/>), complex
/// (<see cref="System.Numerics.Complex"/>) or dual (<see cref="AutoDiff.Dual"/>), either one sample
/// per value (<see cref="Lanes"/> = 1) or several samples packed side by side in SIMD registers
/// (<see cref="Lanes"/> = 4). The MLP is written once against this interface, so the complex step
/// and forward-mode AD run exactly the code that predicts.
/// </summary>
/// <remarks>
/// Static abstract members, implemented by empty structs, so the JIT specializes and inlines every
/// call. Weights, biases and normalization constants are real, hence <see cref="Scale"/> and
/// <see cref="MultiplyAdd"/> take a <see cref="double"/>. Products and sums are never fused, so the
/// 1-lane and 4-lane real paths round identically; they differ only in <see cref="Exp"/> and
/// <see cref="Log"/> (scalar library functions vs. SIMD kernels, a few ulps apart).
/// </remarks>
/// <typeparam name="T">The number type; one value holds <see cref="Lanes"/> samples.</typeparam>
public interface INumberOps<T>
    where T : unmanaged
{
    /// <summary>How many samples one value of <typeparamref name="T"/> carries.</summary>
    static abstract int Lanes { get; }

    /// <summary>The real constant <paramref name="value"/> in every lane (zero imaginary part or tangent).</summary>
    static abstract T Constant(double value);

    /// <summary>
    /// Packs real numbers: lane k is <c>source[k·stride]</c> for k &lt; <paramref name="count"/>;
    /// lanes beyond <paramref name="count"/> repeat the last one (so they stay finite).
    /// </summary>
    static abstract T LoadReal(ReadOnlySpan<double> source, int stride, int count);

    /// <summary>Unpacks the real parts: <c>destination[k·stride]</c> = Re(lane k) for k &lt; <paramref name="count"/>.</summary>
    static abstract void StoreReal(T value, Span<double> destination, int stride, int count);

    /// <summary>a + b.</summary>
    static abstract T Add(T a, T b);

    /// <summary>a − b.</summary>
    static abstract T Subtract(T a, T b);

    /// <summary>a · b.</summary>
    static abstract T Multiply(T a, T b);

    /// <summary>a / b.</summary>
    static abstract T Divide(T a, T b);

    /// <summary>−a.</summary>
    static abstract T Negate(T a);

    /// <summary>a · s for a real s.</summary>
    static abstract T Scale(T a, double s);

    /// <summary>a · s + c for a real s, rounded after the product and after the sum (not fused).</summary>
    static abstract T MultiplyAdd(T a, double s, T c);

    /// <summary>e^a.</summary>
    static abstract T Exp(T a);

    /// <summary>ln a (principal branch).</summary>
    static abstract T Log(T a);

    /// <summary>
    /// Per lane: <paramref name="whenNonPositive"/> where Re(<paramref name="condition"/>) ≤ 0, else
    /// <paramref name="otherwise"/>. Branching on the real part keeps every branch holomorphic, which
    /// is what the complex step needs; for dual numbers it selects the derivative of the branch taken.
    /// </summary>
    static abstract T IfNonPositive(T condition, T whenNonPositive, T otherwise);
}

/// <summary>Complex numbers for the complex-step method, Eq. (8).</summary>
/// <typeparam name="T">A complex number type (one or several lanes).</typeparam>
public interface IComplexOps<T> : INumberOps<T>
    where T : unmanaged
{
    /// <summary>a + i·<paramref name="imaginary"/> in every lane.</summary>
    static abstract T AddImaginary(T a, double imaginary);

    /// <summary>Unpacks the imaginary parts: <c>destination[k·stride]</c> = Im(lane k).</summary>
    static abstract void StoreImaginary(T value, Span<double> destination, int stride, int count);
}

/// <summary>Dual numbers a + b·ε (ε² = 0) for forward-mode automatic differentiation.</summary>
/// <typeparam name="T">A dual number type (one or several lanes).</typeparam>
public interface IDualOps<T> : INumberOps<T>
    where T : unmanaged
{
    /// <summary>a with its tangent (ε part) set to <paramref name="tangent"/> in every lane.</summary>
    static abstract T WithTangent(T a, double tangent);

    /// <summary>Unpacks the tangents: <c>destination[k·stride]</c> = tangent of lane k.</summary>
    static abstract void StoreTangent(T value, Span<double> destination, int stride, int count);
}
