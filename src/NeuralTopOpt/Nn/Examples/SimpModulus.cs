using NeuralTopOpt.Nn.Data;
using NeuralTopOpt.Nn.Sampling;

namespace NeuralTopOpt.Nn.Examples;

/// <summary>
/// The SIMP interpolation of Young's modulus that the paper's DBTO network learns (Sec. 3.3):
/// E(θ) = E_min + (E_max − E_min)·θ^p, Eq. (14), with E_max = 1, E_min = 1e-9, p = 3, and its
/// derivative dE/dθ = p(E_max − E_min)θ^(p−1), Eq. (15).
/// </summary>
public static class SimpModulus
{
    /// <summary>E_min.</summary>
    public const double Minimum = 1e-9;

    /// <summary>E_max.</summary>
    public const double Maximum = 1;

    /// <summary>The penalty p.</summary>
    public const double Penalty = 3;

    /// <summary>E(θ), Eq. (14).</summary>
    public static double Value(double theta) => Minimum + ((Maximum - Minimum) * theta * theta * theta);

    /// <summary>dE/dθ, Eq. (15).</summary>
    public static double Derivative(double theta) => Penalty * (Maximum - Minimum) * theta * theta;

    /// <summary>The training data of Sec. 4.1: θ by Latin hypercube on [0, 1] and E(θ), columns <c>theta</c> and <c>E</c>.</summary>
    public static Dataset Dataset(int samples, int seed)
    {
        var theta = LatinHypercube.Sample(samples, [0.0], [1.0], seed);
        var modulus = theta.Select(Value).ToArray();
        return new Dataset(theta, modulus, 1, 1, ["theta"], ["E"]);
    }
}
