using System.Buffers.Binary;
using Google.Protobuf;

namespace NeuralTopOpt.Nn.Formats.Onnx;

/// <summary>
/// Encodes an ONNX <c>ModelProto</c> with Google.Protobuf's <see cref="CodedOutputStream"/>, field
/// numbers as in <see cref="OnnxProto"/>: nodes, double initializers (raw little-endian data), one
/// input and one output of shape [batch, width], opset and metadata.
/// </summary>
internal sealed class OnnxWriter
{
    private readonly List<byte[]> _nodes = [];
    private readonly List<byte[]> _initializers = [];
    private int _counter;

    /// <summary>Adds a double initializer and returns its name.</summary>
    public string Constant(string name, long[] dims, ReadOnlySpan<double> values)
    {
        var raw = new byte[8 * values.Length];
        for (var k = 0; k < values.Length; k++)
        {
            BinaryPrimitives.WriteDoubleLittleEndian(raw.AsSpan(8 * k), values[k]);
        }

        _initializers.Add(Message(o =>
        {
            foreach (var d in dims)
            {
                o.WriteTag(1, WireFormat.WireType.Varint);
                o.WriteInt64(d);
            }

            o.WriteTag(2, WireFormat.WireType.Varint);
            o.WriteInt32(OnnxTensor.Double);
            o.WriteTag(8, WireFormat.WireType.LengthDelimited);
            o.WriteString(name);
            o.WriteTag(9, WireFormat.WireType.LengthDelimited);
            o.WriteBytes(ByteString.CopyFrom(raw));
        }));
        return name;
    }

    /// <summary>Adds a node of <paramref name="op"/> on <paramref name="inputs"/>; returns the name of its output.</summary>
    public string Node(string op, IReadOnlyList<string> inputs, IReadOnlyDictionary<string, long>? attributes = null, string? output = null)
    {
        var name = $"{op.ToLowerInvariant()}_{_counter++}";
        output ??= name + "_out";
        _nodes.Add(Message(o =>
        {
            foreach (var input in inputs)
            {
                o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                o.WriteString(input);
            }

            o.WriteTag(2, WireFormat.WireType.LengthDelimited);
            o.WriteString(output);
            o.WriteTag(3, WireFormat.WireType.LengthDelimited);
            o.WriteString(name);
            o.WriteTag(4, WireFormat.WireType.LengthDelimited);
            o.WriteString(op);
            foreach (var (key, value) in attributes ?? new Dictionary<string, long>())
            {
                var attribute = Message(a =>
                {
                    a.WriteTag(1, WireFormat.WireType.LengthDelimited);
                    a.WriteString(key);
                    a.WriteTag(3, WireFormat.WireType.Varint);
                    a.WriteInt64(value);
                    a.WriteTag(20, WireFormat.WireType.Varint);
                    a.WriteEnum(2);   // AttributeType.INT
                });
                o.WriteTag(5, WireFormat.WireType.LengthDelimited);
                o.WriteBytes(ByteString.CopyFrom(attribute));
            }
        }));
        return output;
    }

    /// <summary>The model: IR version, producer, opset of the default domain, the graph and string metadata.</summary>
    public byte[] Model(long irVersion, long opset, string producer, string producerVersion, string graphName,
        (string Name, long Width) input, (string Name, long Width) output, IReadOnlyDictionary<string, string> metadata)
    {
        var graph = Message(g =>
        {
            foreach (var node in _nodes)
            {
                g.WriteTag(1, WireFormat.WireType.LengthDelimited);
                g.WriteBytes(ByteString.CopyFrom(node));
            }

            g.WriteTag(2, WireFormat.WireType.LengthDelimited);
            g.WriteString(graphName);
            foreach (var initializer in _initializers)
            {
                g.WriteTag(5, WireFormat.WireType.LengthDelimited);
                g.WriteBytes(ByteString.CopyFrom(initializer));
            }

            g.WriteTag(11, WireFormat.WireType.LengthDelimited);
            g.WriteBytes(ByteString.CopyFrom(Value(input.Name, input.Width)));
            g.WriteTag(12, WireFormat.WireType.LengthDelimited);
            g.WriteBytes(ByteString.CopyFrom(Value(output.Name, output.Width)));
        });
        return Message(m =>
        {
            m.WriteTag(1, WireFormat.WireType.Varint);
            m.WriteInt64(irVersion);
            m.WriteTag(2, WireFormat.WireType.LengthDelimited);
            m.WriteString(producer);
            m.WriteTag(3, WireFormat.WireType.LengthDelimited);
            m.WriteString(producerVersion);
            m.WriteTag(7, WireFormat.WireType.LengthDelimited);
            m.WriteBytes(ByteString.CopyFrom(graph));
            m.WriteTag(8, WireFormat.WireType.LengthDelimited);
            m.WriteBytes(ByteString.CopyFrom(Message(o =>
            {
                o.WriteTag(1, WireFormat.WireType.LengthDelimited);
                o.WriteString("");
                o.WriteTag(2, WireFormat.WireType.Varint);
                o.WriteInt64(opset);
            })));
            foreach (var (key, value) in metadata)
            {
                m.WriteTag(14, WireFormat.WireType.LengthDelimited);
                m.WriteBytes(ByteString.CopyFrom(Message(p =>
                {
                    p.WriteTag(1, WireFormat.WireType.LengthDelimited);
                    p.WriteString(key);
                    p.WriteTag(2, WireFormat.WireType.LengthDelimited);
                    p.WriteString(value);
                })));
            }
        });
    }

    /// <summary><c>ValueInfoProto</c> of a double tensor [batch, width] with a symbolic batch dimension.</summary>
    private static byte[] Value(string name, long width)
    {
        var shape = Message(s =>
        {
            s.WriteTag(1, WireFormat.WireType.LengthDelimited);
            s.WriteBytes(ByteString.CopyFrom(Message(d =>
            {
                d.WriteTag(2, WireFormat.WireType.LengthDelimited);
                d.WriteString("batch");
            })));
            s.WriteTag(1, WireFormat.WireType.LengthDelimited);
            s.WriteBytes(ByteString.CopyFrom(Message(d =>
            {
                d.WriteTag(1, WireFormat.WireType.Varint);
                d.WriteInt64(width);
            })));
        });
        var tensorType = Message(t =>
        {
            t.WriteTag(1, WireFormat.WireType.Varint);
            t.WriteInt32(OnnxTensor.Double);
            t.WriteTag(2, WireFormat.WireType.LengthDelimited);
            t.WriteBytes(ByteString.CopyFrom(shape));
        });
        return Message(v =>
        {
            v.WriteTag(1, WireFormat.WireType.LengthDelimited);
            v.WriteString(name);
            v.WriteTag(2, WireFormat.WireType.LengthDelimited);
            v.WriteBytes(ByteString.CopyFrom(Message(t =>
            {
                t.WriteTag(1, WireFormat.WireType.LengthDelimited);
                t.WriteBytes(ByteString.CopyFrom(tensorType));
            })));
        });
    }

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var stream = new MemoryStream();
        using (var output = new CodedOutputStream(stream, leaveOpen: true))
        {
            write(output);
        }

        return stream.ToArray();
    }
}
