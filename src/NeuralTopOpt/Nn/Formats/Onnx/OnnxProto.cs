using System.Buffers.Binary;
using Google.Protobuf;

namespace NeuralTopOpt.Nn.Formats.Onnx;

/// <summary>
/// A tensor of an ONNX graph (<c>TensorProto</c>: dims 1, data_type 2, float_data 4, int32_data 5,
/// int64_data 7, name 8, raw_data 9, double_data 10, data_location 14), its values widened to double
/// (reals) or kept as integers (int32/int64).
/// </summary>
/// <param name="Name">The tensor's name in the graph.</param>
/// <param name="Dims">Its dimensions (empty for a scalar).</param>
/// <param name="DataType">ONNX's element type (1 float, 11 double, 6 int32, 7 int64, …).</param>
/// <param name="Reals">Values of a float or double tensor, row-major.</param>
/// <param name="Integers">Values of an int32 or int64 tensor, row-major.</param>
internal sealed record OnnxTensor(string Name, long[] Dims, int DataType, double[]? Reals, long[]? Integers)
{
    /// <summary>ONNX <c>TensorProto.DataType</c> FLOAT.</summary>
    public const int Float = 1;

    /// <summary>INT32.</summary>
    public const int Int32 = 6;

    /// <summary>INT64.</summary>
    public const int Int64 = 7;

    /// <summary>DOUBLE.</summary>
    public const int Double = 11;

    /// <summary>Number of elements.</summary>
    public long Count => Dims.Aggregate(1L, (p, d) => p * d);

    /// <summary>The element type's name.</summary>
    public static string TypeName(int type) => type switch
    {
        Float => "float32",
        Double => "float64",
        Int32 => "int32",
        Int64 => "int64",
        2 => "uint8",
        3 => "int8",
        9 => "bool",
        10 => "float16",
        16 => "bfloat16",
        _ => $"data type {type}",
    };
}

/// <summary>One node of an ONNX graph (<c>NodeProto</c>: input 1, output 2, name 3, op_type 4, attribute 5, domain 7).</summary>
internal sealed record OnnxNode(string OpType, string Name, string Domain, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs, IReadOnlyDictionary<string, OnnxAttribute> Attributes);

/// <summary>
/// A node attribute (<c>AttributeProto</c>: name 1, f 2, i 3, s 4, t 5, floats 7, ints 8, type 20);
/// only the kinds dense networks use are kept.
/// </summary>
internal sealed record OnnxAttribute(string Name, double? Real, long? Integer, OnnxTensor? Tensor, double[]? Reals, long[]? Integers);

/// <summary>A graph input or output (<c>ValueInfoProto</c>: name 1, type 2) with its element type and dimensions (−1 for a symbolic one).</summary>
internal sealed record OnnxValue(string Name, int ElementType, long[]? Dims);

/// <summary>
/// The parts of an ONNX model (<c>ModelProto</c>: ir_version 1, producer_name 2, producer_version 3,
/// graph 7, opset_import 8, metadata_props 14) that an importer of dense networks needs.
/// </summary>
internal sealed record OnnxModel(
    long IrVersion,
    string ProducerName,
    string ProducerVersion,
    IReadOnlyDictionary<string, long> Opsets,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValue> Inputs,
    IReadOnlyList<OnnxValue> Outputs,
    IReadOnlyDictionary<string, string> Metadata);

/// <summary>
/// Decodes ONNX's protobuf messages field by field with Google.Protobuf's <see cref="CodedInputStream"/>
/// (field numbers of onnx.proto, listed on the record types). Written by hand rather than generated:
/// protoc (the Google.Protobuf.Tools package) would generate some ten thousand lines for onnx.proto
/// of which a dense network needs some forty fields, and a field table is easier to check than that.
/// Unknown fields are skipped; repeated numbers are read packed or unpacked.
/// </summary>
internal static class OnnxProto
{
    /// <summary>Decodes a <c>ModelProto</c>.</summary>
    /// <exception cref="InvalidProtocolBufferException">The bytes are not a valid message.</exception>
    /// <exception cref="InvalidDataException">A tensor is stored outside the file or has inconsistent sizes.</exception>
    public static OnnxModel ParseModel(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        long irVersion = 0;
        var (producer, version) = ("", "");
        var opsets = new Dictionary<string, long>(StringComparer.Ordinal);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        (List<OnnxNode> Nodes, List<OnnxTensor> Initializers, List<OnnxValue> Inputs, List<OnnxValue> Outputs)? graph = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    irVersion = input.ReadInt64();
                    break;
                case 2:
                    producer = input.ReadString();
                    break;
                case 3:
                    version = input.ReadString();
                    break;
                case 7:
                    graph = ParseGraph(Nested(input));
                    break;
                case 8:
                    var (domain, opset) = ParseOpset(Nested(input));
                    opsets[domain] = opset;
                    break;
                case 14:
                    var (key, value) = ParseStringPair(Nested(input));
                    metadata[key] = value;
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        if (graph is not { } g)
        {
            throw new InvalidDataException("the model has no graph");
        }

        return new OnnxModel(irVersion, producer, version, opsets, g.Nodes, g.Initializers, g.Inputs, g.Outputs, metadata);
    }

    /// <summary>Decodes a serialized <c>TensorProto</c> (the ONNX backend tests' <c>.pb</c> data files).</summary>
    /// <exception cref="InvalidProtocolBufferException">The bytes are not a valid message.</exception>
    public static OnnxTensor ParseTensor(byte[] bytes) => ParseTensor(new CodedInputStream(bytes));

    private static CodedInputStream Nested(CodedInputStream input) => new(input.ReadBytes().ToByteArray());

    private static (List<OnnxNode>, List<OnnxTensor>, List<OnnxValue>, List<OnnxValue>) ParseGraph(CodedInputStream input)
    {
        var (nodes, initializers, inputs, outputs) = (new List<OnnxNode>(), new List<OnnxTensor>(), new List<OnnxValue>(), new List<OnnxValue>());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    nodes.Add(ParseNode(Nested(input)));
                    break;
                case 5:
                    initializers.Add(ParseTensor(Nested(input)));
                    break;
                case 11:
                    inputs.Add(ParseValue(Nested(input)));
                    break;
                case 12:
                    outputs.Add(ParseValue(Nested(input)));
                    break;
                case 15:
                    throw new InvalidDataException("the graph has sparse initializers; only dense tensors are read");
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (nodes, initializers, inputs, outputs);
    }

    private static OnnxNode ParseNode(CodedInputStream input)
    {
        var (inputs, outputs) = (new List<string>(), new List<string>());
        var (name, op, domain) = ("", "", "");
        var attributes = new Dictionary<string, OnnxAttribute>(StringComparer.Ordinal);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    inputs.Add(input.ReadString());
                    break;
                case 2:
                    outputs.Add(input.ReadString());
                    break;
                case 3:
                    name = input.ReadString();
                    break;
                case 4:
                    op = input.ReadString();
                    break;
                case 5:
                    var attribute = ParseAttribute(Nested(input));
                    attributes[attribute.Name] = attribute;
                    break;
                case 7:
                    domain = input.ReadString();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new OnnxNode(op, name, domain, inputs, outputs, attributes);
    }

    private static OnnxAttribute ParseAttribute(CodedInputStream input)
    {
        var name = "";
        double? real = null;
        long? integer = null;
        OnnxTensor? tensor = null;
        var (reals, integers) = (new List<double>(), new List<long>());
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    name = input.ReadString();
                    break;
                case 2:
                    real = input.ReadFloat();
                    break;
                case 3:
                    integer = input.ReadInt64();
                    break;
                case 5:
                    tensor = ParseTensor(Nested(input));
                    break;
                case 7:
                    ReadRepeated(input, tag, i => reals.Add(i.ReadFloat()));
                    break;
                case 8:
                    ReadRepeated(input, tag, i => integers.Add(i.ReadInt64()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new OnnxAttribute(name, real, integer, tensor, reals.Count > 0 ? [.. reals] : null, integers.Count > 0 ? [.. integers] : null);
    }

    private static OnnxTensor ParseTensor(CodedInputStream input)
    {
        var (dims, floats, doubles, ints) = (new List<long>(), new List<double>(), new List<double>(), new List<long>());
        var (type, name) = (0, "");
        byte[]? raw = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    ReadRepeated(input, tag, i => dims.Add(i.ReadInt64()));
                    break;
                case 2:
                    type = input.ReadInt32();
                    break;
                case 4:
                    ReadRepeated(input, tag, i => floats.Add(i.ReadFloat()));
                    break;
                case 5:
                    ReadRepeated(input, tag, i => ints.Add(i.ReadInt32()));
                    break;
                case 7:
                    ReadRepeated(input, tag, i => ints.Add(i.ReadInt64()));
                    break;
                case 8:
                    name = input.ReadString();
                    break;
                case 9:
                    raw = input.ReadBytes().ToByteArray();
                    break;
                case 10:
                    ReadRepeated(input, tag, i => doubles.Add(i.ReadDouble()));
                    break;
                case 13:
                    throw new InvalidDataException($"tensor '{name}' keeps its values in an external file; only self-contained models are read");
                case 14:
                    if (input.ReadEnum() != 0)
                    {
                        throw new InvalidDataException($"tensor '{name}' keeps its values in an external file; only self-contained models are read");
                    }

                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        var count = dims.Aggregate(1L, (p, d) => p * d);
        if (dims.Any(d => d < 0) || count > int.MaxValue)
        {
            throw new InvalidDataException($"tensor '{name}' has invalid dimensions [{string.Join(", ", dims)}]");
        }

        double[]? reals = null;
        long[]? integers = null;
        switch (type)
        {
            case OnnxTensor.Float:
                reals = raw is null ? [.. floats] : FromRaw(raw, 4, count, name, (b, k) => BinaryPrimitives.ReadSingleLittleEndian(b[(4 * k)..]));
                break;
            case OnnxTensor.Double:
                reals = raw is null ? [.. doubles] : FromRaw(raw, 8, count, name, (b, k) => BinaryPrimitives.ReadDoubleLittleEndian(b[(8 * k)..]));
                break;
            case OnnxTensor.Int32:
                integers = raw is null ? [.. ints] : [.. FromRaw(raw, 4, count, name, (b, k) => BinaryPrimitives.ReadInt32LittleEndian(b[(4 * k)..])).Select(v => (long)v)];
                break;
            case OnnxTensor.Int64:
                integers = raw is null ? [.. ints] : [.. FromRaw(raw, 8, count, name, (b, k) => BinaryPrimitives.ReadInt64LittleEndian(b[(8 * k)..])).Select(v => (long)v)];
                break;
            default:
                break;   // kept without values; the reader refuses it if it is used
        }

        var length = reals?.Length ?? integers?.Length;
        if (length is { } n && n != count)
        {
            throw new InvalidDataException($"tensor '{name}' has {n} values for dimensions [{string.Join(", ", dims)}]");
        }

        return new OnnxTensor(name, [.. dims], type, reals, integers);
    }

    private static double[] FromRaw(byte[] raw, int size, long count, string name, Func<ReadOnlySpan<byte>, int, double> read)
    {
        if (raw.Length != size * count)
        {
            throw new InvalidDataException($"tensor '{name}' has {raw.Length} bytes of raw data for {count} values of {size} bytes");
        }

        var values = new double[count];
        for (var k = 0; k < values.Length; k++)
        {
            values[k] = read(raw, k);
        }

        return values;
    }

    private static OnnxValue ParseValue(CodedInputStream input)
    {
        var name = "";
        var (type, dims) = (0, (long[]?)null);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1)
            {
                name = input.ReadString();
            }
            else if (WireFormat.GetTagFieldNumber(tag) == 2)
            {
                (type, dims) = ParseTensorType(Nested(input));
            }
            else
            {
                input.SkipLastField();
            }
        }

        return new OnnxValue(name, type, dims);
    }

    /// <summary><c>TypeProto</c>: tensor_type 1 { elem_type 1, shape 2 { dim 1 { dim_value 1, dim_param 2 } } }.</summary>
    private static (int Type, long[]? Dims) ParseTensorType(CodedInputStream input)
    {
        var (type, dims) = (0, (long[]?)null);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) != 1)
            {
                input.SkipLastField();
                continue;
            }

            var tensor = Nested(input);
            uint inner;
            while ((inner = tensor.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(inner))
                {
                    case 1:
                        type = tensor.ReadInt32();
                        break;
                    case 2:
                        dims = ParseShape(Nested(tensor));
                        break;
                    default:
                        tensor.SkipLastField();
                        break;
                }
            }
        }

        return (type, dims);
    }

    private static long[] ParseShape(CodedInputStream input)
    {
        var dims = new List<long>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) != 1)
            {
                input.SkipLastField();
                continue;
            }

            var dim = Nested(input);
            var value = -1L;
            uint inner;
            while ((inner = dim.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(inner) == 1)
                {
                    value = dim.ReadInt64();
                }
                else
                {
                    dim.SkipLastField();
                }
            }

            dims.Add(value);
        }

        return [.. dims];
    }

    private static (string Domain, long Version) ParseOpset(CodedInputStream input)
    {
        var (domain, version) = ("", 0L);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    domain = input.ReadString();
                    break;
                case 2:
                    version = input.ReadInt64();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (domain, version);
    }

    private static (string Key, string Value) ParseStringPair(CodedInputStream input)
    {
        var (key, value) = ("", "");
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    key = input.ReadString();
                    break;
                case 2:
                    value = input.ReadString();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (key, value);
    }

    /// <summary>One element of a repeated scalar field, or all of them when the field is packed (length-delimited).</summary>
    private static void ReadRepeated(CodedInputStream input, uint tag, Action<CodedInputStream> read)
    {
        if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
        {
            read(input);
            return;
        }

        var packed = Nested(input);
        while (!packed.IsAtEnd)
        {
            read(packed);
        }
    }
}
