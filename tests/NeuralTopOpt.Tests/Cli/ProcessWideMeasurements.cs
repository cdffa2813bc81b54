namespace NeuralTopOpt.Tests.Cli;

/// <summary>
/// Tests that measure the whole process (the bench harness counts the bytes allocated by all threads)
/// run alone, after the parallel collections: another test allocating at the same time would be counted.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeasurements
{
    public const string Name = "process-wide measurements";
}
