using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace NeuralTopOpt.Tests.Reporting;

/// <summary>Hand-built PNG files (8-bit greyscale) whose header and data may disagree, for the reader's tests.</summary>
internal static class PngFiles
{
    /// <summary>A PNG whose header says <paramref name="width"/> × <paramref name="height"/> and whose image data holds <paramref name="rows"/> (each a row of grey bytes, filter 0).</summary>
    public static byte[] Grey(int width, int height, IEnumerable<byte[]> rows)
    {
        using var raw = new MemoryStream();
        foreach (var row in rows)
        {
            raw.WriteByte(0);
            raw.Write(row);
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw.ToArray());
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth; colour type 0 (grey), compression, filter, interlace 0
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", compressed.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>A complete R × R checkerboard (black and white pixels).</summary>
    public static byte[] Checkerboard(int r) =>
        Grey(r, r, Enumerable.Range(0, r).Select(y => Enumerable.Range(0, r).Select(x => (byte)((x + y) % 2 == 0 ? 0 : 255)).ToArray()));

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32(typed));
        png.Write(word);
    }

    /// <summary>The PNG chunk CRC (ISO 3309, polynomial 0xEDB88320).</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }
}
