using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace NeuralTopOpt.Homogenization;

/// <summary>
/// C^H of density maps already homogenized, shared by the homogenizers of one mesh and material across
/// threads. A dataset samples θ continuously, but the rasterized cell takes only a few values: the paper's
/// hole cell at R = 100 is centred, so its hole is an even number of pixels wide and high (none when either
/// is zero): 50 × 50 + 1 = 2,501 distinct cells for any number of samples (the paper's 10,000-sample
/// dataset: 43 s instead of 169 s on 2 cores, the same file byte for byte). A map's key is its SHA-256; a hit returns the stiffness the
/// same computation gave the first time, so results are the same bits with or without the memo.
/// </summary>
public sealed class HomogenizationMemo
{
    private readonly ConcurrentDictionary<UInt128, HomogenizedStiffness> _known = new();
    private long _hits;

    /// <summary>Cells computed (distinct maps seen).</summary>
    public int Count => _known.Count;

    /// <summary>Lookups answered from the memo.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>The key of <paramref name="densities"/>: the first 128 bits of the SHA-256 of their bytes.</summary>
    public static UInt128 Key(ReadOnlySpan<double> densities)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(MemoryMarshal.AsBytes(densities), hash);
        return MemoryMarshal.Read<UInt128>(hash);
    }

    /// <summary>The stiffness of the map with <paramref name="key"/>, when known.</summary>
    public bool TryGet(UInt128 key, out HomogenizedStiffness stiffness)
    {
        if (_known.TryGetValue(key, out var known))
        {
            Interlocked.Increment(ref _hits);
            stiffness = known;
            return true;
        }

        stiffness = null!;
        return false;
    }

    /// <summary>Keeps <paramref name="stiffness"/> for the map with <paramref name="key"/> (the first one stays when two threads race).</summary>
    public void Add(UInt128 key, HomogenizedStiffness stiffness) => _known.TryAdd(key, stiffness);
}
