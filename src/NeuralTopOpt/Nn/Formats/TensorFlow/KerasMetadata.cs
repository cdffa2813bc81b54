using System.Text.Json;
using Google.Protobuf;
using NeuralTopOpt.IO;
using NeuralTopOpt.Nn.Formats.Keras;

namespace NeuralTopOpt.Nn.Formats.TensorFlow;

/// <summary>
/// <c>keras_metadata.pb</c> of a Keras 2 SavedModel: a <c>SavedMetadata</c> message (Keras'
/// <c>saved_metadata.proto</c>) of repeated <c>SavedObject nodes = 1</c>, each with node_id (2),
/// node_path (3, e.g. <c>root</c>, <c>root.layer_with_weights-0</c>), identifier (4, e.g.
/// <c>_tf_keras_sequential</c>) and metadata (5, a JSON string). The root node's metadata holds the
/// model configuration and the Keras version.
/// </summary>
internal static class KerasMetadata
{
    /// <summary>Reads the model configuration of the root node.</summary>
    /// <exception cref="MalformedFileException">The file is missing, not this message, or has no root model.</exception>
    public static KerasModelConfig Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new MalformedFileException(path, "file not found; ntopo reads the architecture of a Keras SavedModel from keras_metadata.pb (a SavedModel written without Keras has none)");
        }

        string? rootMetadata = null;
        try
        {
            var input = new CodedInputStream(File.ReadAllBytes(path));
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                if (WireFormat.GetTagFieldNumber(tag) != 1)
                {
                    input.SkipLastField();
                    continue;
                }

                var (nodePath, metadata) = ReadNode(input.ReadBytes());
                if (nodePath == "root")
                {
                    rootMetadata = metadata;
                }
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new MalformedFileException(path, $"not a Keras metadata message ({e.Message})", e);
        }

        if (rootMetadata is null)
        {
            throw new MalformedFileException(path, "the Keras metadata has no root model node");
        }

        using (var document = StrictJson.Parse(rootMetadata, $"{path} (the root node's metadata)"))
        {
            var root = document.RootElement;
            var version = root.TryGetProperty("keras_version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return KerasModelConfig.Parse(root, path, version);
        }
    }

    private static (string? NodePath, string? Metadata) ReadNode(ByteString bytes)
    {
        var input = new CodedInputStream(bytes.ToByteArray());
        var (nodePath, metadata) = ((string?)null, (string?)null);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 3:
                    nodePath = input.ReadString();
                    break;
                case 5:
                    metadata = input.ReadString();
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return (nodePath, metadata);
    }
}
