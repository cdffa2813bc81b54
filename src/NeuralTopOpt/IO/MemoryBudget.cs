using System.Globalization;

namespace NeuralTopOpt.IO;

/// <summary>
/// Checks a job's memory before it allocates, against what the runtime may use on this machine
/// (<see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/>: the physical memory, or a container's limit,
/// or <c>DOTNET_GCHeapHardLimit</c> when set), so that an oversized request fails at once with its
/// numbers instead of growing until the machine swaps or the runtime gives up.
/// </summary>
public static class MemoryBudget
{
    /// <summary>The share of the available memory one job may plan to use.</summary>
    public const double Share = 0.8;

    /// <summary>Bytes the runtime may use on this machine.</summary>
    public static long Available => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The largest number of elements an array may hold (<see cref="Array.MaxLength"/>).</summary>
    public static long MaxArrayLength => Array.MaxLength;

    /// <summary>
    /// Throws when <paramref name="bytes"/> exceed <see cref="Share"/> of <see cref="Available"/>;
    /// <paramref name="what"/> names the job (e.g. <c>1,000,000,000 hole-cell samples</c>) and
    /// <paramref name="remedy"/> says how to ask for less.
    /// </summary>
    /// <exception cref="InvalidInputException">The job does not fit.</exception>
    public static void Require(double bytes, string what, string remedy)
    {
        var available = Available;
        if (!(bytes <= Share * available))
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: needs about {Gigabytes(bytes)} of memory, more than the {Gigabytes(Share * available)} ntopo may use here ({Share:P0} of the {Gigabytes(available)} available to .NET: the machine's memory or its container's limit); {remedy}, or run on a machine with more memory"));
        }
    }

    /// <summary>Throws when an array of <paramref name="length"/> elements cannot exist in .NET.</summary>
    /// <exception cref="InvalidInputException">More than <see cref="Array.MaxLength"/> elements.</exception>
    public static void RequireArray(double length, string what, string remedy)
    {
        if (!(length <= Array.MaxLength))
        {
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"{what}: needs an array of {length:N0} numbers, more than the {Array.MaxLength:N0} one .NET array holds; {remedy}"));
        }
    }

    /// <summary>Bytes as GB with two significant digits at least (<c>3.5 GB</c>, <c>0.012 GB</c>).</summary>
    public static string Gigabytes(double bytes) => (bytes / 1e9).ToString(bytes >= 1e10 ? "N0" : "G2", CultureInfo.InvariantCulture) + " GB";
}
