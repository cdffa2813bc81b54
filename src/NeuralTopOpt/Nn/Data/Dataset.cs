using System.Globalization;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Nn.Data;

/// <summary>
/// Samples for supervised training: inputs (count × inputs) and targets (count × outputs), row-major,
/// all finite, with column names.
/// </summary>
public sealed class Dataset
{
    private readonly double[] _inputs;
    private readonly double[] _targets;

    /// <summary>Creates a dataset from row-major arrays (kept, not copied).</summary>
    /// <exception cref="InvalidInputException">The arrays do not hold the same number of whole rows, or a value is not finite.</exception>
    public Dataset(double[] inputs, double[] targets, int inputCount, int outputCount, IReadOnlyList<string>? inputNames = null, IReadOnlyList<string>? outputNames = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(targets);
        if (inputCount < 1 || outputCount < 1 || inputs.Length % inputCount != 0 || targets.Length % outputCount != 0
            || inputs.Length / inputCount != targets.Length / outputCount)
        {
            throw new InvalidInputException($"{inputs.Length} input and {targets.Length} target values are not the same number of rows of {inputCount} inputs and {outputCount} outputs");
        }

        RequireFinite(inputs, inputCount, "input");
        RequireFinite(targets, outputCount, "target");
        _inputs = inputs;
        _targets = targets;
        InputCount = inputCount;
        OutputCount = outputCount;
        InputNames = inputNames?.ToArray() ?? Enumerable.Range(1, inputCount).Select(i => $"x{i}").ToArray();
        OutputNames = outputNames?.ToArray() ?? Enumerable.Range(1, outputCount).Select(i => $"y{i}").ToArray();
    }

    /// <summary>Number of samples.</summary>
    public int Count => _inputs.Length / InputCount;

    /// <summary>Inputs per sample.</summary>
    public int InputCount { get; }

    /// <summary>Targets per sample.</summary>
    public int OutputCount { get; }

    /// <summary>count × inputs, row-major.</summary>
    public ReadOnlySpan<double> Inputs => _inputs;

    /// <summary>count × outputs, row-major.</summary>
    public ReadOnlySpan<double> Targets => _targets;

    /// <summary>Input column names.</summary>
    public IReadOnlyList<string> InputNames { get; }

    /// <summary>Target column names.</summary>
    public IReadOnlyList<string> OutputNames { get; }

    /// <summary>
    /// Selects input and output columns of a CSV table by name or 0-based index.
    /// </summary>
    /// <exception cref="InvalidInputException">An unknown column, a column chosen twice, or a non-finite value.</exception>
    public static Dataset FromCsv(CsvTable table, IReadOnlyList<string> inputColumns, IReadOnlyList<string> outputColumns)
    {
        ArgumentNullException.ThrowIfNull(table);
        if (inputColumns.Count == 0 || outputColumns.Count == 0)
        {
            throw new InvalidInputException("choose at least one input column and one output column");
        }

        var inputs = inputColumns.Select(table.ColumnIndex).ToArray();
        var outputs = outputColumns.Select(table.ColumnIndex).ToArray();
        var all = inputs.Concat(outputs).ToArray();
        if (all.Distinct().Count() != all.Length)
        {
            throw new InvalidInputException("a column is chosen twice among the inputs and outputs");
        }

        if (table.RowCount == 0)
        {
            throw new InvalidInputException("the table has no rows");
        }

        return new Dataset(table.Select(inputs), table.Select(outputs), inputs.Length, outputs.Length,
            inputs.Select(c => table.Columns[c]).ToArray(), outputs.Select(c => table.Columns[c]).ToArray());
    }

    /// <summary>Targets of a known function: <paramref name="function"/>(x, y) fills the outputs of each input row.</summary>
    public static Dataset FromFunction(double[] inputs, int inputCount, int outputCount, Action<ReadOnlySpan<double>, Span<double>> function)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(function);
        var count = inputs.Length / inputCount;
        var targets = new double[count * outputCount];
        for (var r = 0; r < count; r++)
        {
            function(inputs.AsSpan(r * inputCount, inputCount), targets.AsSpan(r * outputCount, outputCount));
        }

        return new Dataset(inputs, targets, inputCount, outputCount);
    }

    /// <summary>The samples at <paramref name="indices"/>, in that order.</summary>
    public Dataset Subset(ReadOnlySpan<int> indices)
    {
        var inputs = new double[indices.Length * InputCount];
        var targets = new double[indices.Length * OutputCount];
        for (var r = 0; r < indices.Length; r++)
        {
            _inputs.AsSpan(indices[r] * InputCount, InputCount).CopyTo(inputs.AsSpan(r * InputCount));
            _targets.AsSpan(indices[r] * OutputCount, OutputCount).CopyTo(targets.AsSpan(r * OutputCount));
        }

        return new Dataset(inputs, targets, InputCount, OutputCount, InputNames, OutputNames);
    }

    /// <summary>
    /// Shuffles the samples with <paramref name="seed"/> and cuts them into training, validation and
    /// test sets of round(N·f_train), round(N·f_validation) and the rest.
    /// </summary>
    /// <exception cref="InvalidInputException">A part would be empty.</exception>
    public DatasetSplit Split(SplitFractions fractions, int seed)
    {
        fractions.Validate();
        var train = (int)Math.Round(Count * fractions.Train, MidpointRounding.AwayFromZero);
        var validation = (int)Math.Round(Count * fractions.Validation, MidpointRounding.AwayFromZero);
        var test = Count - train - validation;
        if (train < 1 || validation < 1 || test < 1)
        {
            throw new InvalidInputException($"{Count} samples split {fractions} leave {train} for training, {validation} for validation and {test} for testing; each needs at least one");
        }

        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        return new DatasetSplit(Subset(order.AsSpan(0, train)), Subset(order.AsSpan(train, validation)), Subset(order.AsSpan(train + validation)));
    }

    private static void RequireFinite(double[] values, int width, string what)
    {
        for (var k = 0; k < values.Length; k++)
        {
            if (!double.IsFinite(values[k]))
            {
                throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture, $"{what} {k % width + 1} of sample {k / width + 1} is {values[k]}; every value must be finite"));
            }
        }
    }
}

/// <summary>Fractions of a dataset for training, validation and testing (the paper: 70/15/15).</summary>
/// <param name="Train">Fraction used to fit the weights.</param>
/// <param name="Validation">Fraction used to monitor (early stopping, restarts, tuning).</param>
/// <param name="Test">Fraction held out for the reported metrics.</param>
public readonly record struct SplitFractions(double Train, double Validation, double Test)
{
    /// <summary>70/15/15, the paper's split (Sec. 4.1).</summary>
    public static SplitFractions Paper { get; } = new(0.70, 0.15, 0.15);

    /// <summary>Throws <see cref="InvalidInputException"/> unless every fraction is positive and they sum to 1.</summary>
    public void Validate()
    {
        if (!(Train > 0) || !(Validation > 0) || !(Test > 0) || Math.Abs(Train + Validation + Test - 1) > 1e-9)
        {
            throw new InvalidInputException($"split fractions {this} must be positive and sum to 1");
        }
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Train}/{Validation}/{Test}");
}

/// <summary>The three parts of a split dataset.</summary>
/// <param name="Train">Samples the weights are fitted to.</param>
/// <param name="Validation">Samples monitored during training.</param>
/// <param name="Test">Samples held out for the final metrics.</param>
public sealed record DatasetSplit(Dataset Train, Dataset Validation, Dataset Test);
