using NeuralTopOpt.IO;

namespace NeuralTopOpt.Tests.IO;

public sealed class AtomicFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-atomic-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Writes_and_replaces_and_leaves_no_temporary_files()
    {
        var path = Path.Combine(_folder, "sub", "a.txt");

        AtomicFile.WriteAllText(path, "first");
        AtomicFile.WriteAllText(path, "second");

        Assert.Equal("second", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void A_failed_write_keeps_the_previous_content()
    {
        var path = Path.Combine(_folder, "b.txt");
        AtomicFile.WriteAllText(path, "kept");

        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.WriteByte(1);
            throw new InvalidOperationException("interrupted");
        }));

        Assert.Equal("kept", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_folder_or_an_empty_path_is_refused_in_our_words()
    {
        Assert.Equal($"{_folder} is a folder; give a file name", Assert.Throws<InvalidInputException>(() => AtomicFile.WriteAllText(_folder, "x")).Message);
        Assert.Equal("the output path is empty; give a file name", Assert.Throws<InvalidInputException>(() => AtomicFile.WriteAllText("", "x")).Message);
        var file = Path.Combine(_folder, "plain.txt");
        File.WriteAllText(file, "x");
        var error = Assert.Throws<NeuralTopOptException>(() => AtomicFile.WriteAllText(Path.Combine(file, "below.txt"), "y"));
        Assert.StartsWith($"cannot write {Path.Combine(file, "below.txt")}: ", error.Message, StringComparison.Ordinal);
    }
}
