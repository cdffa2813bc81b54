using NeuralTopOpt.Nn.Training;

namespace NeuralTopOpt.Studies;

/// <summary>
/// The seed of every random choice of a study, each an independent stream of the master seed
/// (SplitMix64), so that changing one dataset's size never changes another's samples.
/// </summary>
/// <param name="Master">The study's seed (<see cref="StudyOptions.Seed"/>).</param>
public sealed record StudySeeds(int Master)
{
    /// <summary>Latin hypercube of the small SIMP dataset (DBTO 10²).</summary>
    public int SimpSmall => Seeds.Derive(Master, 1);

    /// <summary>Latin hypercube of the large SIMP dataset (DBTO 10⁴).</summary>
    public int SimpLarge => Seeds.Derive(Master, 2);

    /// <summary>Latin hypercube of the hole-cell dataset (HBTO 10⁴).</summary>
    public int Hole => Seeds.Derive(Master, 3);

    /// <summary>Split, initial weights and shuffling of the network trained on dataset stream <paramref name="stream"/>.</summary>
    public int Training(int stream) => Seeds.Derive(Master, 10 + stream);
}
