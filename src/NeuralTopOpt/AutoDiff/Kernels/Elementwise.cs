using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Numbers;

namespace NeuralTopOpt.AutoDiff.Kernels;

/// <summary>
/// Elementwise functions y = f(x), four entries at a time with the same SIMD number type the
/// forward pass predicts with (<see cref="RealX4Ops"/>), and their adjoints ∂x += g·f'(x):
/// <code>
///   exp: f' = y      log: f' = 1/x      x^p: f' = p·x^(p−1)      F (activation): f' = F'(x), kept from the forward pass
/// </code>
/// </summary>
internal static class Elementwise
{
    public static void Exp(ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < x.Length; i += 4)
        {
            var count = Math.Min(4, x.Length - i);
            RealX4Ops.StoreReal(RealX4Ops.Exp(RealX4Ops.LoadReal(x[i..], 1, count)), y[i..], 1, count);
        }
    }

    public static void Log(ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < x.Length; i += 4)
        {
            var count = Math.Min(4, x.Length - i);
            RealX4Ops.StoreReal(RealX4Ops.Log(RealX4Ops.LoadReal(x[i..], 1, count)), y[i..], 1, count);
        }
    }

    /// <summary>y = F(x) and slope = F'(x): whole registers in place through the span form of <see cref="ActivationFunctions"/>, then the tail.</summary>
    public static void Activate(Activation activation, ReadOnlySpan<double> x, Span<double> y, Span<double> slope)
    {
        x.CopyTo(y);
        var whole = x.Length & ~3;
        ActivationFunctions.Evaluate<Vector256<double>, RealX4Ops>(
            activation,
            MemoryMarshal.Cast<double, Vector256<double>>(y[..whole]),
            MemoryMarshal.Cast<double, Vector256<double>>(slope[..whole]));
        if (whole < x.Length)
        {
            var count = x.Length - whole;
            var value = ActivationFunctions.Evaluate<Vector256<double>, RealX4Ops>(activation, RealX4Ops.LoadReal(x[whole..], 1, count), out var derivative);
            RealX4Ops.StoreReal(value, y[whole..], 1, count);
            RealX4Ops.StoreReal(derivative, slope[whole..], 1, count);
        }
    }

    public static void Power(ReadOnlySpan<double> x, double p, Span<double> y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = Math.Pow(x[i], p);
        }
    }

    /// <summary>∂x += g·p·x^(p−1).</summary>
    public static void PowerBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> x, double p, Span<double> dx)
    {
        for (var i = 0; i < x.Length; i++)
        {
            dx[i] += g[i] * p * Math.Pow(x[i], p - 1);
        }
    }

    /// <summary>∂x += g/x.</summary>
    public static void LogBackward(ReadOnlySpan<double> g, ReadOnlySpan<double> x, Span<double> dx)
    {
        for (var i = 0; i < x.Length; i++)
        {
            dx[i] += g[i] / x[i];
        }
    }

    public static void Negate(ReadOnlySpan<double> x, Span<double> y)
    {
        for (var i = 0; i < x.Length; i++)
        {
            y[i] = -x[i];
        }
    }
}
