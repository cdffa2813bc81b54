using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Datasets;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// <c>ntopo dataset --cell NAME</c> and <c>ntopo dataset hole|simp|merge</c>: the training data of a cell
/// family's network (the paper's two of Sec. 4.1: <c>hole</c> and <c>simp</c>), computed on all cores,
/// checkpointed beside the output and resumed, optionally one shard of a larger run.
/// </summary>
internal static class DatasetCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("dataset", "The training data of a cell family's network (--cell NAME; the paper's two: hole, simp), resumable and shardable.");
        ConfigureCell(console, command);
        command.Subcommands.Add(HoleCommand(console));
        command.Subcommands.Add(SimpCommand(console, "simp", "DBTO: E(θ) = 1e-9 + (1 − 1e-9)θ³ (Eq. 14) at Latin hypercube samples of θ in [0, 1]."));
        command.Subcommands.Add(MergeCommand(console));
        return command;
    }

    /// <summary><c>dataset simp</c>, also registered as <c>example simp-data</c>.</summary>
    public static Command SimpCommand(CliConsole console, string name, string description)
    {
        var options = new RunOptions(seedDefault: 1);
        var command = new Command(name, description);
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var spec = DatasetSpec.Simp(CommandLineValues.Positive(parse.GetValue(options.Samples), "--samples"), parse.GetValue(options.Seed));
            return await Task.Run(() => Execute(console, parse, options, spec, cancellationToken), CancellationToken.None).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary><c>dataset --cell NAME</c>: the dataset of any family (<see cref="ICellFamily.Dataset"/>).</summary>
    private static void ConfigureCell(CliConsole console, Command command)
    {
        var options = new RunOptions(seedDefault: 1);
        var cell = MaterialChoice.CellOption(null, "The cell family whose network the data train (its 'dataset' in 'ntopo cells').");
        var resolution = new Option<int>("--resolution") { Description = "Pixels per side of a homogenized cell (the paper: 100).", DefaultValueFactory = _ => 100 };
        command.Options.Add(cell);
        command.Options.Add(resolution);
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var family = CellFamilies.Find(parse.GetRequiredValue(cell)!);
            var spec = DatasetSpec.For(family, CommandLineValues.Positive(parse.GetValue(options.Samples), "--samples"), parse.GetValue(options.Seed), parse.GetValue(resolution));
            return await Task.Run(() => Execute(console, parse, options, spec, cancellationToken), CancellationToken.None).ConfigureAwait(false);
        });
    }

    private static Command HoleCommand(CliConsole console)
    {
        var options = new RunOptions(seedDefault: 1);
        var resolution = new Option<int>("--resolution") { Description = "Pixels per side of the cell (the paper: 100).", DefaultValueFactory = _ => 100 };
        var command = new Command("hole", "HBTO: C^H of the hole cell (Eq. 16) at Latin hypercube samples of (width, height) in [0, 1]², columns as the reference data.") { resolution };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var spec = DatasetSpec.Hole(CommandLineValues.Positive(parse.GetValue(options.Samples), "--samples"), parse.GetValue(resolution), parse.GetValue(options.Seed));
            return await Task.Run(() => Execute(console, parse, options, spec, cancellationToken), CancellationToken.None).ConfigureAwait(false);
        });
        return command;
    }

    private static Command MergeCommand(CliConsole console)
    {
        var shards = new Argument<string[]>("shards") { Description = "The shard files (any order).", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "Where to write the merged CSV.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print {\"output\":…,\"rows\":…,\"shards\":…}." };
        var command = new Command("merge", "Join the shards of one run, checking that they belong together and that none is missing or duplicated.")
        {
            shards, output, json,
        };
        command.SetAction(parse =>
        {
            var files = parse.GetRequiredValue(shards);
            var path = parse.GetRequiredValue(output);
            var table = DatasetMerge.Merge(files, path);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console.Out, new Dictionary<string, object> { ["output"] = path, ["rows"] = table.RowCount, ["shards"] = files.Length });
            }
            else
            {
                console.Out.WriteLine($"{files.Length} shards, {table.RowCount} rows merged into {path}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static int Execute(CliConsole console, ParseResult parse, RunOptions options, DatasetSpec spec, CancellationToken cancellationToken)
    {
        var shard = parse.GetValue(options.Shard) is { } text ? ParseShard(text) : Shard.Whole;
        var threads = parse.GetValue(options.Threads) ?? Environment.ProcessorCount;
        var path = parse.GetRequiredValue(options.Output);
        var title = $"{spec.Kind}{(shard.IsWhole ? "" : $" shard {shard}")}";
        var result = DatasetProgressBar.Run(console, title, progress => DatasetRunner.Run(spec, path, new DatasetRunOptions
        {
            Shard = shard,
            MaxDegreeOfParallelism = CommandLineValues.Positive(threads, "--threads"),
            Progress = progress,
            CancellationToken = cancellationToken,
        }));
        if (parse.GetValue(options.Json))
        {
            JsonOutput.Write(console.Out, new Dictionary<string, object>
            {
                ["output"] = path,
                ["kind"] = spec.Kind,
                ["samples"] = spec.Samples,
                ["seed"] = spec.Seed,
                ["resolution"] = spec.Resolution,
                ["shard"] = shard.ToString(),
                ["rows"] = result.Table.RowCount,
                ["computed"] = result.Computed,
                ["resumed"] = result.Resumed,
                ["seconds"] = result.Elapsed.TotalSeconds,
            });
        }
        else
        {
            var resumed = result.Resumed > 0 ? $", {result.Resumed} resumed from the checkpoint" : "";
            console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Table.RowCount} samples ({spec}{(shard.IsWhole ? "" : $", shard {shard}")}{resumed}) written to {path} in {result.Elapsed.TotalSeconds:F1} s"));
        }

        return ExitCodes.Success;
    }

    private static Shard ParseShard(string text)
    {
        try
        {
            return Shard.Parse(text, Environment.GetEnvironmentVariable);
        }
        catch (InvalidInputException e)
        {
            throw new UsageException($"--shard: {e.Message}");
        }
    }

    /// <summary>The options every dataset run takes.</summary>
    private sealed class RunOptions(int seedDefault)
    {
        public Option<int> Samples { get; } = new("--samples") { Description = "Latin hypercube samples of the whole run.", DefaultValueFactory = _ => 10_000 };

        public Option<int> Seed { get; } = new("--seed") { Description = "Seed of the Latin hypercube (recorded in the file).", DefaultValueFactory = _ => seedDefault };

        public Option<string> Output { get; } = new("--out") { Description = "Where to write the CSV; the checkpoint OUT.partial sits beside it until the run is done.", Required = true };

        public Option<string?> Shard { get; } = new("--shard") { Description = "Compute only shard i of n (i/n, 1-based) of the samples, or auto/n to take i from a Slurm job array (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX); join the shards with 'ntopo dataset merge'." };

        public Option<int?> Threads { get; } = new("--threads") { Description = "Worker threads (default: all cores)." };

        public Option<bool> Json { get; } = new("--json") { Description = "Print a summary as one JSON object." };

        public void AddTo(Command command)
        {
            foreach (var option in new Option[] { Samples, Seed, Output, Shard, Threads, Json })
            {
                command.Options.Add(option);
            }
        }
    }
}
