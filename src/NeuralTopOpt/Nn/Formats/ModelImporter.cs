using NeuralTopOpt.Nn.Formats.Keras;
using NeuralTopOpt.Nn.Formats.Onnx;
using NeuralTopOpt.Nn.Formats.TensorFlow;

namespace NeuralTopOpt.Nn.Formats;

/// <summary>Names for the inputs and outputs of an imported network (the files rarely name the columns).</summary>
public sealed record ModelImportOptions
{
    /// <summary>One name per input, or null for x1, x2, ….</summary>
    public IReadOnlyList<string>? InputNames { get; init; }

    /// <summary>One name per output, or null for y1, y2, ….</summary>
    public IReadOnlyList<string>? OutputNames { get; init; }
}

/// <summary>
/// Imports a network written by another tool into an ntopo <see cref="NetworkModel"/>, recording
/// where it came from (<see cref="ModelSource"/>: format, file name, SHA-256, producer, notes). The
/// format is told by the path: a directory is a TensorFlow SavedModel, <c>.onnx</c> ONNX,
/// <c>.keras</c> a Keras 3 archive, <c>.h5</c>/<c>.hdf5</c> legacy Keras HDF5. A file that is not
/// a dense network of the supported layers fails with one <see cref="MalformedFileException"/> line.
/// </summary>
/// <example>
/// <code>
/// var model = ModelImporter.Import("data/reference/paper-networks/hbto-hole-cell-1e4",
///     new ModelImportOptions { InputNames = ["width", "height"], OutputNames = ["C11", "C12", "C22", "C33"] });
/// ModelFile.Save(model, "hbto.json");
/// </code>
/// </example>
public static class ModelImporter
{
    /// <summary>The format of the file or directory at <paramref name="path"/>.</summary>
    /// <exception cref="MalformedFileException">Nothing is there, or the name says no supported format.</exception>
    public static ModelFormat Detect(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            return File.Exists(Path.Combine(path, "keras_metadata.pb")) || File.Exists(Path.Combine(path, "saved_model.pb"))
                ? ModelFormat.TensorFlowSavedModel
                : throw new MalformedFileException(path, "a directory that is not a SavedModel (no saved_model.pb or keras_metadata.pb)");
        }

        if (!File.Exists(path))
        {
            throw new MalformedFileException(path, "file not found");
        }

        return Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".onnx" => ModelFormat.Onnx,
            ".keras" => ModelFormat.Keras,
            ".h5" or ".hdf5" => ModelFormat.KerasH5,
            ".pb" when Path.GetFileName(path) is "saved_model.pb" or "keras_metadata.pb" => ModelFormat.TensorFlowSavedModel,
            var extension => throw new MalformedFileException(path, $"unknown model format '{extension}'; ntopo imports a SavedModel directory, .onnx, .keras and .h5"),
        };
    }

    /// <summary>Reads the network at <paramref name="path"/> (format by <see cref="Detect"/>).</summary>
    /// <exception cref="MalformedFileException">The file is damaged or not a network ntopo can represent.</exception>
    /// <exception cref="InvalidInputException">The names do not match the network's inputs or outputs.</exception>
    public static NetworkModel Import(string path, ModelImportOptions? options = null)
    {
        options ??= new ModelImportOptions();
        var format = Detect(path);
        if (format == ModelFormat.TensorFlowSavedModel && File.Exists(path))
        {
            path = Path.GetDirectoryName(Path.GetFullPath(path))!;   // saved_model.pb given: its directory
        }

        var (network, details) = format switch
        {
            ModelFormat.TensorFlowSavedModel => SavedModelReader.Read(path),
            ModelFormat.Onnx => OnnxReader.Read(path),
            ModelFormat.Keras => KerasArchiveReader.Read(path),
            ModelFormat.KerasH5 => KerasH5Reader.Read(path),
            _ => throw new MalformedFileException(path, $"{format.Name()} files are not imported by this build"),
        };
        var directory = Directory.Exists(path);
        var source = new ModelSource
        {
            Format = format.Name(),
            File = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path))),
            Sha256 = directory ? FileDigest.OfDirectory(path) : FileDigest.OfFile(path),
            HashOf = directory ? "directory" : "file",
            Producer = details.Producer,
            Notes = details.Notes,
        };
        return new NetworkModel(network, options.InputNames ?? details.InputNames, options.OutputNames ?? details.OutputNames) { Source = source };
    }
}
