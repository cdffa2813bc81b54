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
}
