using System.Buffers.Binary;
using System.Globalization;
using Google.Protobuf;

namespace NeuralTopOpt.Nn.Formats.TensorFlow;

/// <summary>
/// A TensorFlow checkpoint "tensor bundle": <c>PREFIX.index</c>, a <see cref="LevelDbTable"/> whose
/// entry with the empty key is a <c>BundleHeaderProto</c> (num_shards field 1, endianness field 2)
/// and whose other entries are <see cref="BundleEntry"/> values, and the data files
/// <c>PREFIX.data-SSSSS-of-NNNNN</c> holding the tensors' bytes. Opening reads every shard and
/// verifies every tensor's masked CRC-32C against its bytes, so a damaged checkpoint fails at once.
/// </summary>
internal sealed class TensorBundle
{
    private readonly Dictionary<string, BundleEntry> _entries;
    private readonly byte[][] _shards;
    private readonly string _indexPath;

    private TensorBundle(Dictionary<string, BundleEntry> entries, byte[][] shards, string indexPath)
    {
        _entries = entries;
        _shards = shards;
        _indexPath = indexPath;
    }

    /// <summary>The variables' names.</summary>
    public IEnumerable<string> Keys => _entries.Keys;

    /// <summary>Opens the bundle whose index is <c><paramref name="prefix"/>.index</c>.</summary>
    /// <exception cref="MalformedFileException">A file is missing, damaged or not a tensor bundle.</exception>
    public static TensorBundle Open(string prefix)
    {
        var indexPath = prefix + ".index";
        if (!File.Exists(indexPath))
        {
            throw new MalformedFileException(indexPath, "file not found; a SavedModel keeps its weights in variables/variables.index and variables.data-*");
        }

        var table = LevelDbTable.Read(File.ReadAllBytes(indexPath), indexPath);
        var shardCount = -1;
        var entries = new Dictionary<string, BundleEntry>(StringComparer.Ordinal);
        try
        {
            foreach (var (key, value) in table)
            {
                if (key.Length == 0)
                {
                    shardCount = ParseHeader(value, indexPath);
                    continue;
                }

                entries[key] = BundleEntry.Parse(key, value);
            }
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidDataException)
        {
            throw new MalformedFileException(indexPath, $"an entry is not a valid tensor description ({e.Message})", e);
        }

        if (shardCount < 1)
        {
            throw new MalformedFileException(indexPath, "the tensor bundle has no header entry (or one with no data files)");
        }

        var shards = new byte[shardCount][];
        for (var s = 0; s < shardCount; s++)
        {
            var shardPath = string.Create(CultureInfo.InvariantCulture, $"{prefix}.data-{s:D5}-of-{shardCount:D5}");
            if (!File.Exists(shardPath))
            {
                throw new MalformedFileException(shardPath, "file not found; the checkpoint's index names this data file");
            }

            shards[s] = File.ReadAllBytes(shardPath);
        }

        var bundle = new TensorBundle(entries, shards, indexPath);
        foreach (var entry in entries.Values)
        {
            bundle.Bytes(entry);   // every tensor is bounds- and CRC-checked once
        }

        return bundle;
    }

    /// <summary>True when the bundle holds <paramref name="key"/>.</summary>
    public bool Contains(string key) => _entries.ContainsKey(key);

    /// <summary>The description of <paramref name="key"/>.</summary>
    /// <exception cref="MalformedFileException">The bundle has no such variable.</exception>
    public BundleEntry Entry(string key) =>
        _entries.TryGetValue(key, out var entry) ? entry : throw new MalformedFileException(_indexPath, $"the checkpoint has no variable '{key}'");

    /// <summary>A floating-point tensor as doubles, row-major; float32 values are widened exactly.</summary>
    /// <exception cref="MalformedFileException">The variable is missing, of another type, or of another shape than <paramref name="shape"/> (when given).</exception>
    public double[] ReadReal(string key, params long[] shape)
    {
        var entry = Entry(key);
        if (shape.Length > 0 && !shape.SequenceEqual(entry.Shape))
        {
            throw new MalformedFileException(_indexPath, $"variable '{key}' has shape [{string.Join(", ", entry.Shape)}]; the architecture needs [{string.Join(", ", shape)}]");
        }

        var bytes = Bytes(entry);
        var count = (int)entry.ElementCount;
        var values = new double[count];
        switch (entry.DataType)
        {
            case TensorDataType.Double when bytes.Length == 8L * count:
                for (var k = 0; k < count; k++)
                {
                    values[k] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * k)..]);
                }

                break;
            case TensorDataType.Float when bytes.Length == 4L * count:
                for (var k = 0; k < count; k++)
                {
                    values[k] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * k)..]);
                }

                break;
            case TensorDataType.Double or TensorDataType.Float:
                throw new MalformedFileException(_indexPath, $"variable '{key}' has {bytes.Length} bytes, not {count} elements of {entry.DataType}");
            default:
                throw new MalformedFileException(_indexPath, $"variable '{key}' has data type {Describe(entry.DataType)}; a network's weights must be float or double");
        }

        return values;
    }

    /// <summary>An integer scalar (int32 or int64), e.g. a counter.</summary>
    public long ReadInteger(string key)
    {
        var entry = Entry(key);
        var bytes = Bytes(entry);
        return entry.DataType switch
        {
            TensorDataType.Int64 when entry.ElementCount == 1 && bytes.Length == 8 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
            TensorDataType.Int32 when entry.ElementCount == 1 && bytes.Length == 4 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
            _ => throw new MalformedFileException(_indexPath, $"variable '{key}' is not an integer scalar ({Describe(entry.DataType)}, shape [{string.Join(", ", entry.Shape)}])"),
        };
    }

    /// <summary>The element type's name, e.g. <c>float64</c>, or its number when it is none of ours.</summary>
    public static string Describe(TensorDataType type) => type switch
    {
        TensorDataType.Float => "float32",
        TensorDataType.Double => "float64",
        TensorDataType.Int32 => "int32",
        TensorDataType.Int64 => "int64",
        TensorDataType.String => "string",
        _ => string.Create(CultureInfo.InvariantCulture, $"DataType {(int)type}"),
    };

    private ReadOnlySpan<byte> Bytes(BundleEntry entry)
    {
        if (entry.Shard < 0 || entry.Shard >= _shards.Length)
        {
            throw new MalformedFileException(_indexPath, $"variable '{entry.Key}' lies in data file {entry.Shard}; the bundle has {_shards.Length}");
        }

        var shard = _shards[entry.Shard];
        if (entry.Offset < 0 || entry.Size < 0 || entry.Offset + entry.Size > shard.Length)
        {
            throw new MalformedFileException(_indexPath, $"variable '{entry.Key}' (bytes {entry.Offset} to {entry.Offset + entry.Size}) lies outside its {shard.Length}-byte data file (truncated?)");
        }

        var bytes = shard.AsSpan((int)entry.Offset, (int)entry.Size);
        var crc = entry.DataType == TensorDataType.String ? StringTensorCrc(entry, bytes) : Crc32C.Compute(bytes);
        if (Crc32C.Mask(crc) != entry.MaskedCrc32C)
        {
            throw new MalformedFileException(_indexPath, $"variable '{entry.Key}' fails its CRC-32C check against the data file (the checkpoint is damaged)");
        }

        return bytes;
    }

    /// <summary>
    /// The CRC-32C TensorFlow stores for a string tensor, whose bytes are [varint lengths][masked
    /// CRC-32C of the lengths][string bytes]: it covers each length as a little-endian uint32 (uint64
    /// above 2³² − 1), not as its varint, then the 4-byte length checksum and the strings.
    /// </summary>
    private uint StringTensorCrc(BundleEntry entry, ReadOnlySpan<byte> bytes)
    {
        var (crc, position, total) = (0u, 0, 0L);
        Span<byte> length = stackalloc byte[8];
        for (var k = 0L; k < entry.ElementCount; k++)
        {
            ulong value = 0;
            for (var shift = 0; ; shift += 7)
            {
                if (position >= bytes.Length || shift > 63)
                {
                    throw new MalformedFileException(_indexPath, $"string variable '{entry.Key}' has damaged lengths");
                }

                var b = bytes[position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    break;
                }
            }

            total += (long)value;
            var wide = value > uint.MaxValue;
            if (wide)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(length, value);
            }
            else
            {
                BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)value);
            }

            crc = Crc32C.Extend(crc, length[..(wide ? 8 : 4)]);
        }

        if (position + 4 + total != bytes.Length)
        {
            throw new MalformedFileException(_indexPath, $"string variable '{entry.Key}' has {bytes.Length} bytes; its lengths say {position + 4 + total}");
        }

        return Crc32C.Extend(crc, bytes[position..]);   // the length checksum, then the strings
    }

    /// <summary><c>BundleHeaderProto</c>: num_shards = 1, endianness = 2 (0 little), version = 3.</summary>
    private static int ParseHeader(byte[] bytes, string path)
    {
        var input = new CodedInputStream(bytes);
        var (shards, endianness) = (0, 0);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    shards = input.ReadInt32();
                    break;
                case 2:
                    endianness = input.ReadEnum();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        if (endianness != 0)
        {
            throw new MalformedFileException(path, "the checkpoint was written big-endian; only little-endian bundles are read");
        }

        return shards;
    }
}
