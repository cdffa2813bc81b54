using System.Text.Json;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Datasets;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Tests.Cli;

/// <summary><c>ntopo dataset hole|simp|merge</c> and <c>ntopo example simp-data</c>.</summary>
public sealed class DatasetCommandTests() : TemporaryFolderTests("ntopo-cli-dataset-")
{
    [Fact]
    public void Hole_dataset_run_whole_equals_its_merged_shards()
    {
        string[] run = ["dataset", "hole", "--samples", "12", "--resolution", "10", "--seed", "21"];
        var whole = CliRunner.Run([.. run, "--out", PathOf("whole.csv"), "--json"]);
        var first = CliRunner.Run([.. run, "--out", PathOf("a.csv"), "--shard", "1/2"]);
        var second = CliRunner.Run([.. run, "--out", PathOf("b.csv"), "--shard", "2/2", "--threads", "1"]);
        var merge = CliRunner.Run("dataset", "merge", PathOf("b.csv"), PathOf("a.csv"), "--out", PathOf("merged.csv"));

        Assert.Equal(ExitCodes.Success, whole.ExitCode);
        using var json = JsonDocument.Parse(whole.Out);
        Assert.Equal(12, json.RootElement.GetProperty("rows").GetInt32());
        Assert.Equal(21, json.RootElement.GetProperty("seed").GetInt32());
        Assert.Equal(ExitCodes.Success, first.ExitCode);
        Assert.Equal(ExitCodes.Success, second.ExitCode);
        Assert.Equal(ExitCodes.Success, merge.ExitCode);
        Assert.Equal("2 shards, 12 rows merged into " + PathOf("merged.csv"), merge.Out.Trim());
        Assert.Equal(File.ReadAllText(PathOf("whole.csv")), File.ReadAllText(PathOf("merged.csv")));
        var table = CsvTable.Read(PathOf("whole.csv"));
        Assert.Contains("seed: 21", table.Comments);
        Assert.Contains("resolution: 10", table.Comments);
        Assert.False(File.Exists(DatasetCheckpoint.PathFor(PathOf("whole.csv"))));
    }

    [Fact]
    public void Example_simp_data_is_dataset_simp()
    {
        var a = CliRunner.Run("dataset", "simp", "--samples", "40", "--seed", "6", "--out", PathOf("a.csv"));
        var b = CliRunner.Run("example", "simp-data", "--samples", "40", "--seed", "6", "--out", PathOf("b.csv"));

        Assert.Equal(ExitCodes.Success, a.ExitCode);
        Assert.Equal(ExitCodes.Success, b.ExitCode);
        Assert.Equal(File.ReadAllText(PathOf("a.csv")), File.ReadAllText(PathOf("b.csv")));
        Assert.Equal(["sample", "theta", "E"], CsvTable.Read(PathOf("a.csv")).Columns);
    }

    public static TheoryData<string, string[], int, string> BadInput => new()
    {
        { "shard 0", ["dataset", "simp", "--samples", "10", "--shard", "0/3", "--out", "{out}"], ExitCodes.UsageError, "shard '0/3' is not i/n with 1 <= i <= n" },
        { "shard past n", ["dataset", "hole", "--samples", "10", "--shard", "5/4", "--out", "{out}"], ExitCodes.UsageError, "shard '5/4' is not i/n" },
        { "shard not a fraction", ["dataset", "hole", "--samples", "10", "--shard", "half", "--out", "{out}"], ExitCodes.UsageError, "shard 'half' is not i/n" },
        { "more shards than samples", ["dataset", "simp", "--samples", "2", "--shard", "3/3", "--out", "{out}"], ExitCodes.InputError, "3 shards for 2 samples" },
        { "resolution 1", ["dataset", "hole", "--samples", "10", "--resolution", "1", "--out", "{out}"], ExitCodes.InputError, "resolution must be 2 to 2000" },
        { "no samples", ["dataset", "hole", "--samples", "0", "--out", "{out}"], ExitCodes.UsageError, "--samples must be at least 1" },
        { "no threads", ["dataset", "simp", "--samples", "4", "--threads", "0", "--out", "{out}"], ExitCodes.UsageError, "--threads must be at least 1" },
        { "missing shard", ["dataset", "merge", "{s1}", "--out", "{out}"], ExitCodes.InputError, "shard 2/2 of simp, 10 samples, seed 1 missing" },
        { "shards of two runs", ["dataset", "merge", "{s1}", "{t2}", "--out", "{out}"], ExitCodes.InputError, "are not shards of the same run" },
        { "missing file", ["dataset", "merge", "{none}", "--out", "{out}"], ExitCodes.InputError, "file not found" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Bad_input_gives_one_line_and_its_exit_code(string what, string[] args, int code, string message)
    {
        DatasetRunner.Run(DatasetSpec.Simp(10, 1), PathOf("s1.csv"), new DatasetRunOptions { Shard = new Shard(1, 2) });
        DatasetRunner.Run(DatasetSpec.Simp(10, 2), PathOf("t2.csv"), new DatasetRunOptions { Shard = new Shard(2, 2) });
        var resolved = args.Select(a => a switch
        {
            "{out}" => PathOf("out.csv"),
            "{s1}" => PathOf("s1.csv"),
            "{t2}" => PathOf("t2.csv"),
            "{none}" => PathOf("none.csv"),
            _ => a,
        }).ToArray();

        var result = CliRunner.Run(resolved);

        CliAssert.Failure(result, what, code, message);
        Assert.False(File.Exists(PathOf("out.csv")));
    }

    private string PathOf(string name) => Path.Combine(Folder, name);
}
