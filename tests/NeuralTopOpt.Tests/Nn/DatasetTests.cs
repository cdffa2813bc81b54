using NeuralTopOpt.IO;
using NeuralTopOpt.Nn.Data;
using NeuralTopOpt.Nn.Training;

namespace NeuralTopOpt.Tests.Nn;

public class DatasetTests
{
    private static CsvTable Table() => CsvTable.Parse(new StringReader("# seed 3\ntheta,noise,E\n0.1,9,0.001\n0.5,9,0.125\n0.9,9,0.729\n0.2,9,0.008\n"), "table");

    [Fact]
    public void Columns_are_chosen_by_name_or_index()
    {
        var data = Dataset.FromCsv(Table(), ["theta"], ["2"]);

        Assert.Equal(4, data.Count);
        Assert.Equal(["theta"], data.InputNames);
        Assert.Equal(["E"], data.OutputNames);
        Assert.Equal([0.1, 0.5, 0.9, 0.2], data.Inputs.ToArray());
        Assert.Equal(0.729, data.Targets[2]);
    }

    [Fact]
    public void Bad_column_choices_are_refused()
    {
        Assert.Throws<InvalidInputException>(() => Dataset.FromCsv(Table(), ["phi"], ["E"]));
        Assert.Throws<InvalidInputException>(() => Dataset.FromCsv(Table(), ["theta"], ["theta"]));
        Assert.Throws<InvalidInputException>(() => Dataset.FromCsv(Table(), [], ["E"]));
        var nan = CsvTable.Parse(new StringReader("x,y\n1,NaN\n"), "nan");
        var error = Assert.Throws<InvalidInputException>(() => Dataset.FromCsv(nan, ["x"], ["y"]));
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, 70, 15, 15)]
    [InlineData(10000, 7000, 1500, 1500)]
    [InlineData(7, 5, 1, 1)]
    public void The_paper_split_is_70_15_15_disjoint_and_complete(int count, int train, int validation, int test)
    {
        var inputs = Enumerable.Range(0, count).Select(i => (double)i).ToArray();
        var data = new Dataset(inputs, inputs.Select(v => 2 * v).ToArray(), 1, 1);

        var split = data.Split(SplitFractions.Paper, seed: 5);

        Assert.Equal((train, validation, test), (split.Train.Count, split.Validation.Count, split.Test.Count));
        var all = split.Train.Inputs.ToArray().Concat(split.Validation.Inputs.ToArray()).Concat(split.Test.Inputs.ToArray()).Order();
        Assert.Equal(inputs, all);
        Assert.Equal(split.Test.Inputs.ToArray().Select(v => 2 * v), split.Test.Targets.ToArray());
        Assert.Equal(split.Train.Inputs.ToArray(), data.Split(SplitFractions.Paper, seed: 5).Train.Inputs.ToArray());
    }

    [Fact]
    public void Splits_that_leave_a_part_empty_are_refused()
    {
        var data = new Dataset([1.0, 2.0], [1.0, 2.0], 1, 1);

        Assert.Throws<InvalidInputException>(() => data.Split(SplitFractions.Paper, 1));
        Assert.Throws<InvalidInputException>(() => new SplitFractions(0.8, 0.15, 0.15).Validate());
    }

    [Fact]
    public void Metrics_match_hand_computation()
    {
        double[] targets = [1, 10, 2, 20, 3, 30];      // three samples of two outputs, row-major
        double[] predictions = [1.5, 10, 2, 21, 2.5, 30];

        Assert.Equal((0.25 + 0.25 + 1) / 6, Metrics.MeanSquaredError(predictions, targets), 15);
        var r2 = ((1 - (0.5 / 2.0)) + (1 - (1.0 / 200.0))) / 2;
        Assert.Equal(r2, Metrics.RSquared(predictions, targets, 2), 15);
        Assert.True(double.IsNaN(Metrics.RSquared([1.0, 2.0], [3.0, 3.0], 1)));
    }
}
