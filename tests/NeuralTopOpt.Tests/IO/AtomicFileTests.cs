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
}
