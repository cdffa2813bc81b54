using NeuralTopOpt.Datasets;

namespace NeuralTopOpt.Tests.Datasets;

public class ShardTests
{
    [Theory]
    [InlineData(10, 3)]
    [InlineData(10_000, 7)]
    [InlineData(5, 5)]
    [InlineData(1, 1)]
    public void Shards_cover_every_sample_exactly_once_in_order(int samples, int count)
    {
        var covered = Enumerable.Range(1, count).SelectMany(i =>
        {
            var (start, end) = new Shard(i, count).Range(samples);
            return Enumerable.Range(start, end - start);
        }).ToArray();

        Assert.Equal(Enumerable.Range(0, samples), covered);
    }

    [Fact]
    public void Parses_i_of_n()
    {
        Assert.Equal(new Shard(3, 8), Shard.Parse("3/8"));
        Assert.Equal("3/8", Shard.Parse(" 3 / 8 ").ToString());
        Assert.True(Shard.Parse("1/1").IsWhole);
    }

    [Theory]
    [InlineData("0/4")]
    [InlineData("5/4")]
    [InlineData("-1/4")]
    [InlineData("1/0")]
    [InlineData("2")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Bad_shard_specs_are_refused(string text)
    {
        var error = Assert.Throws<InvalidInputException>(() => Shard.Parse(text));

        Assert.Contains("is not i/n with 1 <= i <= n", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void More_shards_than_samples_is_refused() =>
        Assert.Contains("3 shards for 2 samples", Assert.Throws<InvalidInputException>(() => new Shard(1, 3).Range(2)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("JOB_COMPLETION_INDEX", "0", null, null, 1)]
    [InlineData("JOB_COMPLETION_INDEX", "7", null, null, 8)]
    [InlineData("SLURM_ARRAY_TASK_ID", "1", "1", "8", 1)]
    [InlineData("SLURM_ARRAY_TASK_ID", "8", "1", "8", 8)]
    [InlineData("SLURM_ARRAY_TASK_ID", "0", "0", null, 1)]
    [InlineData("SLURM_ARRAY_TASK_ID", "12", "5", "8", 8)]
    public void Auto_takes_the_index_from_the_batch_system(string variable, string value, string? slurmMin, string? slurmCount, int expected)
    {
        var environment = new Dictionary<string, string?> { [variable] = value, ["SLURM_ARRAY_TASK_MIN"] = slurmMin, ["SLURM_ARRAY_TASK_COUNT"] = slurmCount };

        Assert.Equal(new Shard(expected, 8), Shard.Parse("auto/8", name => environment.GetValueOrDefault(name)));
    }

    [Theory]
    [InlineData("auto/8", null, null, null, "needs SLURM_ARRAY_TASK_ID (a Slurm job array) or JOB_COMPLETION_INDEX (a Kubernetes Indexed Job); neither is set")]
    [InlineData("auto/8", "3", "3", "0", "both JOB_COMPLETION_INDEX and SLURM_ARRAY_TASK_ID are set")]
    [InlineData("auto/8", "8", null, null, "makes shard 9, outside 1..8")]
    [InlineData("auto/8", "-1", null, null, "JOB_COMPLETION_INDEX='-1' is not a non-negative integer")]
    [InlineData("auto/8", null, "4", null, "SLURM_ARRAY_TASK_MIN='' is not a non-negative integer")]
    [InlineData("auto/8", null, "12", "1", "makes shard 12, outside 1..8")]
    [InlineData("auto/0", "0", null, null, "shard 'auto/0' is not auto/n with n >= 1")]
    [InlineData("auto/x", "0", null, null, "shard 'auto/x' is not auto/n with n >= 1")]
    [InlineData("auto", "0", null, null, "shard 'auto' is not i/n")]
    public void Auto_without_a_usable_index_is_refused(string text, string? kubernetes, string? slurm, string? slurmMin, string message)
    {
        var environment = new Dictionary<string, string?> { ["JOB_COMPLETION_INDEX"] = kubernetes, ["SLURM_ARRAY_TASK_ID"] = slurm, ["SLURM_ARRAY_TASK_MIN"] = slurmMin };

        var error = Assert.Throws<InvalidInputException>(() => Shard.Parse(text, name => environment.GetValueOrDefault(name)));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_checks_the_slurm_array_size()
    {
        var environment = new Dictionary<string, string?> { ["SLURM_ARRAY_TASK_ID"] = "2", ["SLURM_ARRAY_TASK_MIN"] = "1", ["SLURM_ARRAY_TASK_COUNT"] = "4" };

        var error = Assert.Throws<InvalidInputException>(() => Shard.Parse("auto/8", name => environment.GetValueOrDefault(name)));

        Assert.Contains("SLURM_ARRAY_TASK_COUNT=4 tasks, not 8", error.Message, StringComparison.Ordinal);
    }
}
