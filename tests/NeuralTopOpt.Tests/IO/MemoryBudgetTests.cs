using NeuralTopOpt.Datasets;
using NeuralTopOpt.IO;
using NeuralTopOpt.Nn.Training;

namespace NeuralTopOpt.Tests.IO;

/// <summary>Sizes are checked before anything is allocated (issue 11: overflows, out-of-memory and unbounded growth).</summary>
public class MemoryBudgetTests
{
    [Fact]
    public void A_job_above_the_budget_names_its_size_the_limit_and_the_remedy()
    {
        var error = Assert.Throws<InvalidInputException>(() => MemoryBudget.Require(1e15, "a test", "ask for less"));

        Assert.StartsWith("a test: needs about 1,000,000 GB of memory, more than the ", error.Message, StringComparison.Ordinal);
        Assert.Contains("ntopo may use here (80 % of the", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("; ask for less, or run on a machine with more memory", error.Message, StringComparison.Ordinal);
        MemoryBudget.Require(1e6, "a small job", "n/a");
    }

    [Theory]
    [InlineData(new[] { 60_000_000 }, "training the 1-60000000-1 network (180,000,001 parameters, batch 32): needs about")]
    [InlineData(new[] { 100_000_000 }, "a batch of 32 through the 1-100000000-1 network: needs an array of 3,200,000,000 numbers")]
    [InlineData(new[] { 1_000_000_000 }, "a batch of 32 through the 1-1000000000-1 network: needs an array of 32,000,000,000 numbers")]
    [InlineData(new[] { 50_000, 50_000 }, "layer 2 of the 1-50000-50000-1 network: needs an array of 2,500,000,000 numbers")]
    public void Training_a_network_that_cannot_be_held_fails_before_allocating(int[] hidden, string expected)
    {
        var data = Nn.SimpTrainingTests.Simp(50, seed: 1);

        var error = Assert.Throws<InvalidInputException>(() => Trainer.Train(data, new TrainingOptions { HiddenLayers = hidden, Epochs = 1 }));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Datasets_and_contour_grids_that_cannot_be_held_fail_before_allocating()
    {
        var folder = Directory.CreateTempSubdirectory("ntopo-budget-").FullName;
        try
        {
            var hole = Assert.Throws<InvalidInputException>(() => DatasetRunner.Run(DatasetSpec.Hole(1_000_000_000, 2, 1), Path.Combine(folder, "hole.csv")));
            Assert.StartsWith("1,000,000,000 hole samples: needs about", hole.Message, StringComparison.Ordinal);
            Assert.Contains("use fewer samples or more shards (--shard i/n)", hole.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder)); // failed before the checkpoint was opened

            var simp = Assert.Throws<InvalidInputException>(() => DatasetRunner.Generate(DatasetSpec.Simp(int.MaxValue, 1)));
            Assert.StartsWith("2,147,483,647 simp samples: needs an array of 2,147,483,647 numbers", simp.Message, StringComparison.Ordinal);

            var grid = Assert.Throws<InvalidInputException>(() => HoleCellGrid.Compute(100_000, 4));
            Assert.StartsWith("a 100000 x 100000 contour grid: needs an array of 90,000,000,000 numbers", grid.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void The_tape_arena_refuses_a_value_no_array_can_hold()
    {
        var arena = new NeuralTopOpt.AutoDiff.Arena();
        Assert.Equal(10, arena.Allocate(10).Length);

        var error = Assert.Throws<InvalidInputException>(() => arena.Allocate(int.MaxValue));

        Assert.StartsWith("the reverse-mode tape's 2,147,483,647 values: needs an array of 2,147,483,647 numbers", error.Message, StringComparison.Ordinal);
    }
}
