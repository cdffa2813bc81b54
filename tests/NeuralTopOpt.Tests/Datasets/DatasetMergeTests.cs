using NeuralTopOpt.Datasets;

namespace NeuralTopOpt.Tests.Datasets;

public sealed class DatasetMergeTests : IDisposable
{
    private static readonly DatasetSpec Spec = DatasetSpec.Simp(20, seed: 9);
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-merge-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Missing_shards_are_named()
    {
        var shards = Shards(Spec, 4);

        var error = Assert.Throws<InvalidInputException>(() => DatasetMerge.Merge([shards[0], shards[2]], PathOf("out.csv")));

        Assert.Equal("shards 2/4, 4/4 of simp, 20 samples, seed 9 missing", error.Message);
        Assert.False(File.Exists(PathOf("out.csv")));
    }

    [Fact]
    public void Writing_the_merge_over_one_of_its_shards_is_refused()
    {
        var shards = Shards(Spec, 2);
        var before = File.ReadAllText(shards[1]);
        var link = PathOf("link.csv");
        File.CreateSymbolicLink(link, shards[1]);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, shards[1]);

        foreach (var output in new[] { shards[1], relative, link })
        {
            var error = Assert.Throws<InvalidInputException>(() => DatasetMerge.Merge(shards, output));
            Assert.Equal($"the merged file {output} would replace the shard {shards[1]}; write it to another file", error.Message);
        }

        Assert.Equal(before, File.ReadAllText(shards[1]));
    }

    [Fact]
    public void A_shard_given_twice_is_refused()
    {
        var shards = Shards(Spec, 2);
        var copy = PathOf("copy.csv");
        File.Copy(shards[1], copy);

        var error = Assert.Throws<InvalidInputException>(() => DatasetMerge.Merge([shards[0], shards[1], copy], PathOf("out.csv")));

        Assert.StartsWith("shard 2/2 is given twice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_of_different_runs_are_refused()
    {
        var ours = Shards(Spec, 2);
        var theirs = Shards(DatasetSpec.Simp(20, seed: 10), 2, "other");

        var error = Assert.Throws<InvalidInputException>(() => DatasetMerge.Merge([ours[0], theirs[1]], PathOf("out.csv")));

        Assert.Contains("are not shards of the same run", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shards_of_a_different_split_are_refused()
    {
        var halves = Shards(Spec, 2);
        var thirds = Shards(Spec, 3, "thirds");

        Assert.Throws<InvalidInputException>(() => DatasetMerge.Merge([halves[0], thirds[1], thirds[2]], PathOf("out.csv")));
    }

    [Fact]
    public void A_shard_with_a_row_removed_is_refused()
    {
        var shards = Shards(Spec, 2);
        File.WriteAllLines(shards[1], File.ReadAllLines(shards[1])[..^1]);

        var error = Assert.Throws<MalformedFileException>(() => DatasetMerge.Merge(shards, PathOf("out.csv")));

        Assert.Contains("should hold samples 10..19 (10 rows), not 9 rows", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_shard_is_refused()
    {
        var plain = PathOf("plain.csv");
        File.WriteAllText(plain, "theta,E\n0.5,0.125\n");

        var error = Assert.Throws<MalformedFileException>(() => DatasetMerge.Merge([plain], PathOf("out.csv")));

        Assert.Contains("no '# kind: …' line", error.Message, StringComparison.Ordinal);
    }

    private string[] Shards(DatasetSpec spec, int count, string prefix = "shard") =>
        Enumerable.Range(1, count).Select(i =>
        {
            var path = PathOf($"{prefix}{i}.csv");
            DatasetRunner.Run(spec, path, new DatasetRunOptions { Shard = new Shard(i, count) });
            return path;
        }).ToArray();

    private string PathOf(string name) => Path.Combine(_folder, name);
}
