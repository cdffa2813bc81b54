using System.Globalization;

namespace NeuralTopOpt.Derivatives;

/// <summary>How the derivative methods evaluate numbers.</summary>
public enum Execution
{
    /// <summary>Four samples per operation in 256-bit SIMD registers (real, complex and dual number types).</summary>
    Vectorized,

    /// <summary>One sample at a time with <see cref="double"/>, <see cref="System.Numerics.Complex"/> and <see cref="AutoDiff.Dual"/>: the reference path.</summary>
    Scalar,
}

/// <summary>The precision in which <c>cfd</c> hands its evaluation points to the network.</summary>
public enum InputRounding
{
    /// <summary>The points as computed, in double precision.</summary>
    None,

    /// <summary>
    /// Every point rounded to the nearest float32 first, as Keras' <c>predict</c> does with float64
    /// NumPy inputs while <c>floatx</c> is float32 (the paper's run scripts): the network then sees
    /// float32(x ± hδ_j), whose spacing near x = 0.7 is 6e-8, a few percent of h = 1e-6.
    /// </summary>
    Float32,
}

/// <summary>Settings of the derivative methods.</summary>
public sealed record JacobianOptions
{
    /// <summary>The defaults: h = 1e-6, η = 1e-12 (the paper's values), vectorized.</summary>
    public static JacobianOptions Default { get; } = new();

    /// <summary>h of the central finite difference, Eq. (7): (y(x + hδ_j) − y(x − hδ_j)) / 2h.</summary>
    public double FiniteDifferenceStep { get; init; } = 1e-6;

    /// <summary>
    /// <c>cfd</c> only: <see cref="InputRounding.Float32"/> evaluates y at float32(x) and float32(x ± hδ_j)
    /// (still dividing by 2h), emulating the paper's Keras-based finite difference; default none.
    /// </summary>
    public InputRounding FiniteDifferenceRounding { get; init; } = InputRounding.None;

    /// <summary>η of the complex step, Eq. (8): Im[y(x + iηδ_j)] / η.</summary>
    public double ComplexStep { get; init; } = 1e-12;

    /// <summary>SIMD lanes or one sample at a time (does not apply to <c>ad</c>, which works on whole-batch matrices).</summary>
    public Execution Execution { get; init; } = Execution.Vectorized;

    /// <summary>Throws <see cref="InvalidInputException"/> when a step is not a positive finite number.</summary>
    public void Validate()
    {
        if (!(FiniteDifferenceStep > 0) || !double.IsFinite(FiniteDifferenceStep))
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"the finite-difference step must be a positive number, not {FiniteDifferenceStep}"));
        }

        if (!Enum.IsDefined(FiniteDifferenceRounding))
        {
            throw new InvalidInputException($"unknown input rounding {FiniteDifferenceRounding}");
        }

        if (!(ComplexStep > 0) || !double.IsFinite(ComplexStep))
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"the complex step must be a positive number, not {ComplexStep}"));
        }
    }
}
