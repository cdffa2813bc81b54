namespace NeuralTopOpt.Cli.Bench;

/// <summary>A group of benchmark cases that <c>ntopo bench NAME</c> runs.</summary>
internal interface IBenchSuite
{
    /// <summary>Subcommand name (e.g. <c>jacobian</c>, <c>solver</c>).</summary>
    string Name { get; }

    /// <summary>One line shown in <c>ntopo bench --help</c>.</summary>
    string Description { get; }

    /// <summary>Runs every case, reporting each measurement as it completes.</summary>
    IEnumerable<BenchMeasurement> Run(BenchSettings settings);
}

/// <summary>The suites that <c>ntopo bench</c> offers.</summary>
internal static class BenchSuites
{
    /// <summary>Every suite, in the order <c>ntopo bench all</c> runs them.</summary>
    public static IReadOnlyList<IBenchSuite> All { get; } =
        [new JacobianBenchSuite(), new TrainingBenchSuite(), new SolverBenchSuite(), new MultigridBenchSuite(), new SolverCrossoverBenchSuite(), new HomogenizationBenchSuite(), new OptimizerBenchSuite(), new TopologyBenchSuite(), new ScaleBenchSuite()];
}
