using Google.Protobuf;

namespace NeuralTopOpt.Nn.Formats.TensorFlow;

/// <summary>
/// TensorFlow's data types that a tensor bundle of a dense network holds (the <c>DataType</c> enum of
/// <c>types.proto</c>; other values are kept as numbers and named in errors).
/// </summary>
internal enum TensorDataType
{
    /// <summary>DT_FLOAT, IEEE binary32.</summary>
    Float = 1,

    /// <summary>DT_DOUBLE, IEEE binary64.</summary>
    Double = 2,

    /// <summary>DT_INT32.</summary>
    Int32 = 3,

    /// <summary>DT_STRING (the checkpoint's object graph).</summary>
    String = 7,

    /// <summary>DT_INT64 (counters such as a Normalization layer's count).</summary>
    Int64 = 9,
}

/// <summary>
/// One value of <c>variables.index</c>: a <c>BundleEntryProto</c> (TensorFlow's
/// <c>tensor_bundle.proto</c>): dtype (field 1), shape (2: <c>TensorShapeProto</c>, its dims field 2
/// with size field 1), shard_id (3), offset (4), size (5), crc32c (6, fixed32, masked) and slices (7,
/// partitioned variables, refused).
/// </summary>
/// <param name="Key">The variable's name in the checkpoint.</param>
/// <param name="DataType">Its element type.</param>
/// <param name="Shape">Its dimensions (empty for a scalar).</param>
/// <param name="Shard">The data file that holds it.</param>
/// <param name="Offset">Its first byte in that file.</param>
/// <param name="Size">Its length in bytes.</param>
/// <param name="MaskedCrc32C">The masked CRC-32C of its bytes.</param>
internal sealed record BundleEntry(string Key, TensorDataType DataType, long[] Shape, int Shard, long Offset, long Size, uint MaskedCrc32C)
{
    /// <summary>Number of elements, the product of the dimensions (1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (product, d) => product * d);

    /// <summary>Decodes a <c>BundleEntryProto</c>.</summary>
    /// <exception cref="InvalidProtocolBufferException">The bytes are not a valid message.</exception>
    /// <exception cref="InvalidDataException">The entry is sliced or has a negative dimension.</exception>
    public static BundleEntry Parse(string key, byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        var (dtype, shard, offset, size, crc) = (0, 0, 0L, 0L, 0u);
        var shape = new List<long>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    dtype = input.ReadEnum();
                    break;
                case 2:
                    shape = ParseShape(input.ReadBytes());
                    break;
                case 3:
                    shard = input.ReadInt32();
                    break;
                case 4:
                    offset = input.ReadInt64();
                    break;
                case 5:
                    size = input.ReadInt64();
                    break;
                case 6:
                    crc = input.ReadFixed32();
                    break;
                case 7:
                    throw new InvalidDataException($"variable '{key}' is partitioned into slices; only whole tensors are read");
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new BundleEntry(key, (TensorDataType)dtype, [.. shape], shard, offset, size, crc);
    }

    /// <summary><c>TensorShapeProto</c>: repeated Dim dim = 2 { int64 size = 1; string name = 2; }; bool unknown_rank = 3.</summary>
    private static List<long> ParseShape(ByteString bytes)
    {
        var input = new CodedInputStream(bytes.ToByteArray());
        var dims = new List<long>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 2)
            {
                var dim = new CodedInputStream(input.ReadBytes().ToByteArray());
                var size = 0L;
                uint dimTag;
                while ((dimTag = dim.ReadTag()) != 0)
                {
                    if (WireFormat.GetTagFieldNumber(dimTag) == 1)
                    {
                        size = dim.ReadInt64();
                    }
                    else
                    {
                        dim.SkipLastField();
                    }
                }

                dims.Add(size >= 0 ? size : throw new InvalidDataException($"a tensor dimension is {size}"));
            }
            else if (WireFormat.GetTagFieldNumber(tag) == 3 && input.ReadBool())
            {
                throw new InvalidDataException("a tensor has unknown rank");
            }
            else if (WireFormat.GetTagFieldNumber(tag) != 3)
            {
                input.SkipLastField();
            }
        }

        return dims;
    }
}
