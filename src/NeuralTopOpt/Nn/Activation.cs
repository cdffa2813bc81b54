namespace NeuralTopOpt.Nn;

/// <summary>
/// The activation F_n of one dense layer, Eq. (1) of the paper: y_n = F_n(W_n·y_(n−1) + B_n).
/// </summary>
public enum Activation
{
    /// <summary>F(t) = t.</summary>
    Linear,

    /// <summary>F(t) = 1 / (1 + e^(−t)), Eq. (B6).</summary>
    Sigmoid,

    /// <summary>F(t) = tanh t = (e^t − e^(−t)) / (e^t + e^(−t)).</summary>
    Tanh,

    /// <summary>F(t) = max(t, 0); F'(0) is taken as 0. Not holomorphic: the complex step refuses it.</summary>
    Relu,

    /// <summary>F(t) = ln(1 + e^t).</summary>
    Softplus,

    /// <summary>SiLU or swish: F(t) = t / (1 + e^(−t)).</summary>
    Silu,
}

/// <summary>Names and properties of <see cref="Activation"/> values.</summary>
public static class Activations
{
    private static readonly Activation[] All = Enum.GetValues<Activation>();

    /// <summary>The lower-case name used in model files and on the command line (<c>sigmoid</c>, <c>relu</c>, ...).</summary>
    public static string Name(this Activation activation) => activation switch
    {
        Activation.Linear => "linear",
        Activation.Sigmoid => "sigmoid",
        Activation.Tanh => "tanh",
        Activation.Relu => "relu",
        Activation.Softplus => "softplus",
        Activation.Silu => "silu",
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, null),
    };

    /// <summary>
    /// True when F is holomorphic (complex-differentiable) near the real axis, so that the complex
    /// step of Eq. (8) gives its derivative. Only ReLU is not.
    /// </summary>
    public static bool IsHolomorphic(this Activation activation) => activation != Activation.Relu;

    /// <summary>
    /// The activation called <paramref name="name"/> (case-insensitive; <c>swish</c> is SiLU).
    /// Throws <see cref="InvalidInputException"/> naming the known activations otherwise.
    /// </summary>
    public static Activation Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var key = name.Trim().ToLowerInvariant();
        if (key == "swish")
        {
            return Activation.Silu;
        }

        foreach (var activation in All)
        {
            if (activation.Name() == key)
            {
                return activation;
            }
        }

        throw new InvalidInputException($"unknown activation '{name}'; expected one of {string.Join(", ", All.Select(a => a.Name()))}");
    }
}
