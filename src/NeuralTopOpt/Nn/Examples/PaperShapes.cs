using NeuralTopOpt.Nn.Sampling;

namespace NeuralTopOpt.Nn.Examples;

/// <summary>
/// The network shapes of the paper's study (Sec. 4.1): n-64-m with one hidden layer of 64 sigmoid
/// neurons, a linear output and normalization layers — 1-64-1 for the SIMP modulus (DBTO), 2-64-4
/// for the hole-cell stiffness (HBTO) — with untrained (Glorot-uniform) weights, for timing.
/// </summary>
public static class PaperShapes
{
    /// <summary>An untrained n-64-m network; inputs normalized for [0, 1]^n, outputs de-normalized to a typical stiffness scale.</summary>
    public static Mlp Untrained(int inputs, int outputs, int seed = 20231128)
    {
        var mean = Enumerable.Repeat(0.5, inputs).ToArray();
        var std = Enumerable.Repeat(Math.Sqrt(1.0 / 12), inputs).ToArray();
        return MlpInitializer.GlorotUniform([inputs, 64, outputs], Activation.Sigmoid, Activation.Linear, new Random(seed),
            new Normalization(mean, std), new Normalization(Enumerable.Repeat(0.3, outputs).ToArray(), Enumerable.Repeat(0.25, outputs).ToArray()));
    }

    /// <summary><paramref name="count"/> design points in [0, 1]^n by Latin hypercube (1,800 = the 60 × 30 MBB mesh).</summary>
    public static double[] Designs(int count, int inputs, int seed = 7) => LatinHypercube.Sample(count, inputs, seed);
}
