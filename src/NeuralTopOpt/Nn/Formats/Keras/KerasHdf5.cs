using System.Buffers.Binary;
using System.Globalization;
using PureHDF;
using PureHDF.VOL.Native;

namespace NeuralTopOpt.Nn.Formats.Keras;

/// <summary>
/// The HDF5 reads the Keras readers need, through PureHDF (a managed HDF5 reader: no native HDF5
/// library to ship): real tensors checked against the shape the architecture needs, string
/// attributes (variable- or fixed-length, scalar or list), and one <see cref="MalformedFileException"/>
/// line for anything PureHDF cannot read (a truncated or damaged file).
/// </summary>
internal static class KerasHdf5
{
    /// <summary>Opens the HDF5 file at <paramref name="path"/>.</summary>
    public static NativeFile Open(string path) => Guard(path, "not a readable HDF5 file", () => H5File.OpenRead(path));

    /// <summary>Opens the HDF5 image in <paramref name="bytes"/> (the weights inside a <c>.keras</c> archive); <paramref name="path"/> names it in errors.</summary>
    public static NativeFile Open(byte[] bytes, string path) =>
        Guard(path, "not a readable HDF5 file", () => H5File.Open(new MemoryStream(bytes, writable: false), leaveOpen: false));

    /// <summary>
    /// Refuses a file shorter than its superblock's end-of-file address (a truncated file; PureHDF
    /// reads whatever objects lie before the cut). <paramref name="head"/> is the file's start, where
    /// Keras' files keep the superblock: signature <c>\x89HDF\r\n\x1a\n</c>, version; versions 0
    /// and 1 give the size of offsets at byte 13 and the base address at 24 (28 in version 1),
    /// versions 2 and 3 at bytes 9 and 12; the end-of-file address is the second offset after the
    /// base address, relative to it. A head without the signature is left to PureHDF.
    /// </summary>
    public static void CheckLength(ReadOnlySpan<byte> head, long length, string path)
    {
        ReadOnlySpan<byte> signature = [0x89, (byte)'H', (byte)'D', (byte)'F', (byte)'\r', (byte)'\n', 0x1A, (byte)'\n'];
        if (head.Length < 16 || !head.StartsWith(signature))
        {
            return;
        }

        var (size, at) = head[8] switch
        {
            0 => (head[13], 24),
            1 => (head[13], 28),
            _ => (head[9], 12),
        };
        if (size != 8 || head.Length < at + 24)
        {
            return;   // 8-byte offsets are what h5py writes; others are left to PureHDF
        }

        var (baseAddress, end) = (BinaryPrimitives.ReadUInt64LittleEndian(head[at..]), BinaryPrimitives.ReadUInt64LittleEndian(head[(at + 16)..]));
        if (end != ulong.MaxValue && baseAddress + end > (ulong)length)
        {
            throw new MalformedFileException(path, string.Create(CultureInfo.InvariantCulture,
                $"the HDF5 file is {length} bytes long, but its superblock says {baseAddress + end}: it is truncated"));
        }
    }

    /// <summary>Runs a PureHDF call; its exceptions (it throws plain <see cref="Exception"/>s for bad files) become one line.</summary>
    public static T Guard<T>(string path, string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (NeuralTopOptException)
        {
            throw;
        }
#pragma warning disable CA1031 // PureHDF reports a damaged file with Exception, EndOfStreamException, NotSupportedException, …: all mean "cannot read this file".
        catch (Exception e) when (e is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new MalformedFileException(path, $"{what} ({OneLine(e.Message)}; is the file damaged or truncated?)", e);
        }
    }

    /// <summary>
    /// The values of the float32 or float64 dataset <paramref name="name"/> (a path below
    /// <paramref name="group"/>), row-major, which must have exactly <paramref name="shape"/>;
    /// float32 is widened exactly. <paramref name="float32"/> is set when it was float32.
    /// </summary>
    public static double[] ReadReal(IH5Group group, string name, long[] shape, string path, string describe, out bool float32)
    {
        if (!Guard(path, $"cannot look up {describe}", () => group.LinkExists(name)))
        {
            throw new MalformedFileException(path, $"{describe} is missing");
        }

        var dataset = Guard(path, $"cannot open {describe}", () => group.Dataset(name));
        var (kind, size, dims) = Guard(path, $"cannot read the header of {describe}", () => (dataset.Type.Class, dataset.Type.Size, dataset.Space.Dimensions));
        if (kind != H5DataTypeClass.FloatingPoint || size is not (4 or 8))
        {
            throw new MalformedFileException(path, string.Create(CultureInfo.InvariantCulture,
                $"{describe} holds {kind} data of {size} bytes; a network's weights must be float32 or float64"));
        }

        if (!dims.Select(d => (long)d).SequenceEqual(shape))
        {
            throw new MalformedFileException(path, $"{describe} has shape [{string.Join(", ", dims)}]; the architecture needs [{string.Join(", ", shape)}]");
        }

        float32 = size == 4;
        var values = float32
            ? Array.ConvertAll(Guard(path, $"cannot read {describe}", () => dataset.Read<float[]>()), v => (double)v)
            : Guard(path, $"cannot read {describe}", () => dataset.Read<double[]>());
        var count = shape.Aggregate(1L, (a, b) => a * b);
        return values.Length == count
            ? values
            : throw new MalformedFileException(path, string.Create(CultureInfo.InvariantCulture, $"{describe} gave {values.Length} values, not {count}"));
    }

    /// <summary>An integer scalar dataset, or null when <paramref name="name"/> is absent or is not one.</summary>
    public static long? ReadInteger(IH5Group group, string name, string path) => Guard(path, $"cannot read '{name}'", () =>
    {
        if (!group.LinkExists(name) || group.Get(name) is not IH5Dataset dataset
            || dataset.Type.Class != H5DataTypeClass.FixedPoint || dataset.Space.Type != H5DataspaceType.Scalar)
        {
            return (long?)null;
        }

        return dataset.Type.Size == 8 ? dataset.Read<long>() : dataset.Read<int>();
    });

    /// <summary>The string attribute <paramref name="name"/> of <paramref name="owner"/>, or null when it has none.</summary>
    public static string? ReadString(IH5Object owner, string name, string path) => Guard(path, $"cannot read the attribute '{name}'", () =>
    {
        if (!owner.AttributeExists(name))
        {
            return null;
        }

        var attribute = owner.Attribute(name);
        return attribute.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength && attribute.Space.Type == H5DataspaceType.Scalar
            ? attribute.Read<string>().TrimEnd('\0')
            : throw new MalformedFileException(path, $"the attribute '{name}' is not a text");
    });

    /// <summary>
    /// The list-of-strings attribute <paramref name="name"/> (Keras' <c>layer_names</c>,
    /// <c>weight_names</c>): variable- or fixed-length strings; an empty list is often written as an
    /// empty float array. Null when the attribute is absent.
    /// </summary>
    public static string[]? ReadStrings(IH5Object owner, string name, string path) => Guard(path, $"cannot read the attribute '{name}'", () =>
    {
        if (!owner.AttributeExists(name))
        {
            return null;
        }

        var attribute = owner.Attribute(name);
        if (attribute.Space.Dimensions.Aggregate(1UL, (a, b) => a * b) == 0 && attribute.Space.Type == H5DataspaceType.Simple)
        {
            return [];
        }

        return attribute.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength
            ? attribute.Space.Type == H5DataspaceType.Scalar
                ? [attribute.Read<string>().TrimEnd('\0')]
                : Array.ConvertAll(attribute.Read<string[]>(), s => s.TrimEnd('\0'))
            : throw new MalformedFileException(path, $"the attribute '{name}' is not a list of names");
    });

    /// <summary>The provenance note on the weights' storage type.</summary>
    public static string DataTypeNote(int float32Tensors, string? layerType) => float32Tensors > 0
        ? string.Create(CultureInfo.InvariantCulture,
            $"{float32Tensors} float32 weight tensors widened exactly to float64 (layers' dtype {layerType ?? "unstated"}); ntopo evaluates in float64, so predictions differ from Keras' float32 ones by float32 rounding")
        : $"weights stored as float64 (layers' dtype {layerType ?? "unstated"})";

    private static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries)).Trim();
}
