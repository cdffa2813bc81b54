using System.Buffers.Binary;
using System.Numerics;

namespace NeuralTopOpt.Nn.Formats.TensorFlow;

/// <summary>
/// CRC-32C (Castagnoli, polynomial 0x1EDC6F41 reflected) and the masking that LevelDB tables and
/// TensorFlow's tensor bundles store: masked = ((crc ≫ 15) | (crc ≪ 17)) + 0xA282EAD8 (mod 2³²).
/// The per-byte update is <see cref="BitOperations.Crc32C(uint, byte)"/> (hardware where the CPU has
/// it); no NuGet package of the .NET registry offers CRC-32C itself (System.IO.Hashing has CRC-32 and
/// CRC-64 only).
/// </summary>
internal static class Crc32C
{
    private const uint MaskDelta = 0xA282EAD8u;

    /// <summary>CRC-32C of <paramref name="data"/> (initial value and final xor 0xFFFFFFFF); "123456789" gives 0xE3069283.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Extend(0, data);

    /// <summary>CRC-32C of the concatenation of <paramref name="first"/> and <paramref name="second"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second) => Extend(Extend(0, first), second);

    /// <summary>The CRC-32C of A followed by <paramref name="data"/>, given <paramref name="crc"/> = CRC-32C of A (LevelDB's <c>crc32c::Extend</c>).</summary>
    public static uint Extend(uint crc, ReadOnlySpan<byte> data) => ~Update(~crc, data);

    /// <summary>The masked form stored in files (a CRC of data that holds CRCs is then not a CRC of its own).</summary>
    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;

    private static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        var k = 0;
        for (; k + 8 <= data.Length; k += 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data[k..]));
        }

        for (; k < data.Length; k++)
        {
            crc = BitOperations.Crc32C(crc, data[k]);
        }

        return crc;
    }
}
