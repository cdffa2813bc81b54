using System.Text.Json;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Tests.IO;

public sealed class OutputFolderTests : IDisposable
{
    private readonly string _folder = Path.Combine(Directory.CreateTempSubdirectory("ntopo-output-").FullName, "run");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);

    [Fact]
    public void A_second_run_on_a_locked_folder_fails_at_once_and_the_lock_goes_with_the_first()
    {
        using (var first = OutputFolder.Open(_folder))
        {
            var error = Assert.Throws<InvalidInputException>(() => OutputFolder.Open(_folder));
            Assert.Equal($"the output folder {_folder} is in use by another run; wait for it to finish or choose another folder", error.Message);
        }

        using var again = OutputFolder.Open(_folder);
        Assert.True(Directory.Exists(_folder));
    }

    [Fact]
    public void Files_and_empty_paths_are_refused()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_folder)!);
        File.WriteAllText(_folder, "x");

        Assert.Equal($"{_folder} is a file; the run needs a folder", Assert.Throws<InvalidInputException>(() => OutputFolder.Open(_folder)).Message);
        Assert.Equal("the output folder path is empty; give a folder", Assert.Throws<InvalidInputException>(() => OutputFolder.Open(" ")).Message);
    }

    [Fact]
    public void A_rerun_removes_the_earlier_runs_files_keeps_foreign_ones_and_lists_its_own()
    {
        using (var first = OutputFolder.Open(_folder))
        {
            File.WriteAllText(first.File("design-10.csv"), "old");
            File.WriteAllText(first.File("extra.txt"), "old");
            first.WriteManifest("first");
        }

        File.WriteAllText(Path.Combine(_folder, "design-100.png"), "older, no manifest");
        File.WriteAllText(Path.Combine(_folder, "notes.md"), "the user's");

        using var second = OutputFolder.Open(_folder);
        File.WriteAllText(second.File("design.csv"), "new");
        var removed = second.RemoveStale([@"design(-\d+)?\.(csv|png)"]);
        second.WriteManifest("second");

        Assert.Equal(["design-10.csv", "design-100.png", "extra.txt", "manifest.json"], removed);
        Assert.Equal(["design.csv", "manifest.json", "notes.md"], Directory.GetFiles(_folder).Select(Path.GetFileName).Where(n => n != FolderLock.FileName).Order(StringComparer.Ordinal));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(_folder, OutputFolder.ManifestName)));
        Assert.Equal("second", manifest.RootElement.GetProperty("command").GetString());
        var file = Assert.Single(manifest.RootElement.GetProperty("files").EnumerateArray());
        Assert.Equal("design.csv", file.GetProperty("name").GetString());
        Assert.Equal(3, file.GetProperty("bytes").GetInt64());
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA256.HashData("new"u8)), file.GetProperty("sha256").GetString());
    }

    [Fact]
    public void A_manifest_naming_files_outside_the_folder_removes_nothing_there()
    {
        Directory.CreateDirectory(_folder);
        var outside = Path.Combine(Path.GetDirectoryName(_folder)!, "precious.txt");
        File.WriteAllText(outside, "keep");
        File.WriteAllText(Path.Combine(_folder, OutputFolder.ManifestName), """{"files": [{"name": "../precious.txt"}]}""");

        using var run = OutputFolder.Open(_folder);
        run.RemoveStale([]);

        Assert.True(File.Exists(outside));
    }
}
