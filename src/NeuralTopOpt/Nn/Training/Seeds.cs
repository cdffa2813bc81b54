namespace NeuralTopOpt.Nn.Training;

/// <summary>Independent seeds derived from one user seed (SplitMix64 finalizer), so streams never overlap by accident.</summary>
public static class Seeds
{
    /// <summary>The seed of stream <paramref name="stream"/> of <paramref name="seed"/>.</summary>
    public static int Derive(int seed, int stream)
    {
        var z = ((ulong)(uint)seed << 32) | (uint)stream;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
