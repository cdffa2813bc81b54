using System.Buffers.Binary;
using System.Text;

namespace NeuralTopOpt.Nn.Formats.TensorFlow;

/// <summary>
/// A read-only LevelDB table ("SSTable"), the format of TensorFlow's <c>variables.index</c>
/// (TensorFlow's <c>lib/io/table</c> writes LevelDB's format): data blocks of prefix-compressed
/// key–value entries, an index block whose values are the data blocks' handles, and a 48-byte
/// footer (metaindex and index handles as varints, padding, magic 0xDB4775248B80FB57). Every block
/// is followed by a type byte (0: uncompressed) and the masked CRC-32C of block and type, which is
/// verified. All entries are read at once: the tables here hold a few dozen.
/// </summary>
/// <remarks>
/// Written here because no maintained .NET package reads this format on its own (the NuGet
/// registry's LevelDB/RocksDB packages are native database bindings, not table readers); see
/// leveldb's <c>doc/table_format.md</c> for the layout.
/// </remarks>
internal static class LevelDbTable
{
    private const ulong Magic = 0xDB4775248B80FB57UL;
    private const int FooterLength = 48;
    private const int TrailerLength = 5;

    /// <summary>The table's entries in file order (keys ascending), keys decoded as UTF-8.</summary>
    /// <exception cref="MalformedFileException">The bytes are not a valid, uncompressed table, or a block checksum fails.</exception>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> Read(byte[] table, string path)
    {
        if (table.Length < FooterLength)
        {
            throw new MalformedFileException(path, $"{table.Length} bytes are too short for a LevelDB table (its footer alone has {FooterLength})");
        }

        var footer = table.AsSpan(table.Length - FooterLength);
        if (BinaryPrimitives.ReadUInt64LittleEndian(footer[40..]) != Magic)
        {
            throw new MalformedFileException(path, "not a LevelDB table (the footer's magic number is wrong)");
        }

        var position = 0;
        _ = ReadHandle(footer, ref position, path);   // metaindex: no filters or statistics are needed
        var index = ReadHandle(footer, ref position, path);
        var entries = new List<KeyValuePair<string, byte[]>>();
        foreach (var (_, handleBytes) in ReadBlock(table, index, path, "index"))
        {
            var at = 0;
            var data = ReadHandle(handleBytes, ref at, path);
            foreach (var (key, value) in ReadBlock(table, data, path, "data"))
            {
                entries.Add(new KeyValuePair<string, byte[]>(Encoding.UTF8.GetString(key), value));
            }
        }

        return entries;
    }

    private static (long Offset, long Size) ReadHandle(ReadOnlySpan<byte> bytes, ref int position, string path) =>
        ((long)ReadVarint(bytes, ref position, path), (long)ReadVarint(bytes, ref position, path));

    /// <summary>The entries of one block: keys rebuilt from their shared prefixes, values copied.</summary>
    private static List<(byte[] Key, byte[] Value)> ReadBlock(byte[] table, (long Offset, long Size) handle, string path, string what)
    {
        if (handle.Offset < 0 || handle.Size < 4 || handle.Offset + handle.Size + TrailerLength > table.Length - FooterLength)
        {
            throw new MalformedFileException(path, $"the {what} block handle (offset {handle.Offset}, size {handle.Size}) points outside the {table.Length}-byte table");
        }

        var block = table.AsSpan((int)handle.Offset, (int)handle.Size);
        var trailer = table.AsSpan((int)(handle.Offset + handle.Size), TrailerLength);
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(trailer[1..]);
        if (Crc32C.Mask(Crc32C.Compute(block, trailer[..1])) != stored)
        {
            throw new MalformedFileException(path, $"the {what} block at byte {handle.Offset} fails its CRC-32C check (the file is damaged)");
        }

        if (trailer[0] != 0)
        {
            throw new MalformedFileException(path, $"the {what} block at byte {handle.Offset} is compressed (type {trailer[0]}); only uncompressed tables, as TensorFlow writes them, are read");
        }

        var restarts = (int)BinaryPrimitives.ReadUInt32LittleEndian(block[^4..]);
        var end = block.Length - 4 - (4L * restarts);
        if (restarts < 1 || end < 0)
        {
            throw new MalformedFileException(path, $"the {what} block at byte {handle.Offset} has an invalid restart count {restarts}");
        }

        var entries = new List<(byte[], byte[])>();
        var key = Array.Empty<byte>();
        var position = 0;
        while (position < end)
        {
            var shared = (int)ReadVarint(block, ref position, path);
            var unshared = (int)ReadVarint(block, ref position, path);
            var valueLength = (int)ReadVarint(block, ref position, path);
            if (shared > key.Length || unshared < 0 || valueLength < 0 || (long)position + unshared + valueLength > end)
            {
                throw new MalformedFileException(path, $"an entry of the {what} block at byte {handle.Offset} runs past its block");
            }

            var next = new byte[shared + unshared];
            key.AsSpan(0, shared).CopyTo(next);
            block.Slice(position, unshared).CopyTo(next.AsSpan(shared));
            position += unshared;
            entries.Add((next, block.Slice(position, valueLength).ToArray()));
            position += valueLength;
            key = next;
        }

        return entries;
    }

    /// <summary>A little-endian base-128 varint of up to 64 bits (LevelDB's and protobuf's encoding).</summary>
    private static ulong ReadVarint(ReadOnlySpan<byte> bytes, ref int position, string path)
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= bytes.Length)
            {
                throw new MalformedFileException(path, "a varint runs past the end of its block (the file is truncated or damaged)");
            }

            var b = bytes[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new MalformedFileException(path, "a varint is longer than 10 bytes (the file is damaged)");
    }
}
