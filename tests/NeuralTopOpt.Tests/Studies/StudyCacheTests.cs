using NeuralTopOpt.Studies;

namespace NeuralTopOpt.Tests.Studies;

public sealed class StudyCacheTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-cache-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private sealed record Result(string Name, double[] Values, double Missing);

    [Fact]
    public void A_matching_fingerprint_reuses_the_stored_result_exactly()
    {
        var calls = 0;
        Result Compute()
        {
            calls++;
            return new Result("run", [0.1, 1.0 / 3.0], double.NaN);
        }

        var first = new StudyCache(_folder, force: false).GetOrCompute("dbto-nnj", "f1", Compute);
        var second = new StudyCache(_folder, force: false).GetOrCompute("dbto-nnj", "f1", Compute);

        Assert.Equal(1, calls);
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(1.0 / 3.0, second.Value.Values[1]);
        Assert.True(double.IsNaN(second.Value.Missing));
    }

    [Fact]
    public void Changed_inputs_force_and_rejected_entries_recompute()
    {
        var calls = 0;
        Result Compute() => new($"call {++calls}", [], 0);
        var cache = new StudyCache(_folder, force: false);
        cache.GetOrCompute("stage", "f1", Compute);

        Assert.False(cache.GetOrCompute("stage", "f2", Compute).FromCache);
        Assert.False(new StudyCache(_folder, force: true).GetOrCompute("stage", "f2", Compute).FromCache);
        Assert.False(cache.GetOrCompute("stage", "f2", Compute, stillValid: _ => false).FromCache);
        Assert.True(cache.GetOrCompute("stage", "f2", Compute).FromCache);
        Assert.Equal(4, calls);
    }

    [Fact]
    public void A_corrupt_entry_is_recomputed_not_trusted()
    {
        var cache = new StudyCache(_folder, force: false);
        File.WriteAllText(Path.Combine(_folder, "cache", "stage.json"), "{ truncated");

        var value = cache.GetOrCompute("stage", "f", () => new Result("fresh", [], 0));

        Assert.False(value.FromCache);
        Assert.Equal("fresh", value.Value.Name);
    }

    [Fact]
    public void An_entry_with_a_key_given_twice_is_recomputed_not_trusted()
    {
        var cache = new StudyCache(_folder, force: false);
        cache.Store("stage", "f", new Result("stored", [1.0], 2));
        var path = Path.Combine(_folder, "cache", "stage.json");
        var text = File.ReadAllText(path);
        File.WriteAllText(path, text.Replace("\"Fingerprint\": \"f\",", "\"Fingerprint\": \"f\", \"Fingerprint\": \"f\",", StringComparison.Ordinal));
        Assert.NotEqual(text, File.ReadAllText(path));

        var value = cache.GetOrCompute("stage", "f", () => new Result("fresh", [], 0));

        Assert.False(value.FromCache);
        Assert.Equal("fresh", value.Value.Name);
    }

    [Fact]
    public void Fingerprints_depend_on_every_part()
    {
        var a = StudyCache.Fingerprint("training", 5000, 0.001, new[] { "nnj", "ad" });

        Assert.Equal(a, StudyCache.Fingerprint("training", 5000, 0.001, new[] { "nnj", "ad" }));
        Assert.NotEqual(a, StudyCache.Fingerprint("training", 5000, 0.001, new[] { "nnj" }));
        Assert.NotEqual(a, StudyCache.Fingerprint("training", 5001, 0.001, new[] { "nnj", "ad" }));
        Assert.Equal(64, a.Length);
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("a/b")]
    public void Keys_cannot_leave_the_cache_folder(string key) =>
        Assert.Throws<ArgumentException>(() => new StudyCache(_folder, force: false).Store(key, "f", 1));
}
