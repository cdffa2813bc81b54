using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.IO;
using Spectre.Console;

namespace NeuralTopOpt.Cli.Bench;

/// <summary><c>ntopo bench SUITE [--json] [--seconds S]</c>: times the library's hot paths.</summary>
internal static class BenchCommand
{
    public static Command Create(CliConsole console, IReadOnlyList<IBenchSuite> suites)
    {
        var command = new Command("bench", "Time the library's hot paths and print medians (and the issue targets).");
        foreach (var suite in suites)
        {
            command.Subcommands.Add(CreateSuiteCommand(console, suite.Name, suite.Description, [suite]));
        }

        if (suites.Count > 0)
        {
            command.Subcommands.Add(CreateSuiteCommand(console, "all", "Run every suite.", suites));
        }

        return command;
    }

    private static Command CreateSuiteCommand(CliConsole console, string name, string description, IReadOnlyList<IBenchSuite> suites)
    {
        var json = new Option<bool>("--json") { Description = "Print the measurements as one JSON object." };
        var seconds = new Option<double>("--seconds")
        {
            Description = "Sampling time per case, in seconds (after warm-up).",
            DefaultValueFactory = _ => BenchSettings.Default.Budget.TotalSeconds,
        };
        var command = new Command(name, description) { json, seconds };
        command.SetAction(parse =>
        {
            var budget = parse.GetValue(seconds);
            if (!(budget > 0) || double.IsInfinity(budget))
            {
                throw new InvalidInputException($"--seconds must be a positive number, not {budget.ToString(CultureInfo.InvariantCulture)}");
            }

            var settings = BenchSettings.Default with { Budget = TimeSpan.FromSeconds(budget) };
            var results = new List<BenchMeasurement>();
            foreach (var suite in suites)
            {
                foreach (var measurement in suite.Run(settings))
                {
                    results.Add(measurement);
                    if (console.Interactive && !parse.GetValue(json))
                    {
                        console.Status.MarkupLine($"[grey]{Markup.Escape(measurement.Suite)} / {Markup.Escape(measurement.Case)}: {measurement.MedianMs:G4} ms[/]");
                    }
                }
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(console.Out, ToJson(results));
            }
            else
            {
                console.Ansi.Write(ToTable(results));
                foreach (var r in results.Where(r => r.Figures.Count > 0))
                {
                    console.Out.WriteLine($"  {r.Suite} / {r.Case}: {string.Join(", ", r.Figures.Select(f => $"{f.Key} = {f.Value.ToString("G4", CultureInfo.InvariantCulture)}"))}");
                }

                var machine = MachineInfo.Current();
                console.Out.WriteLine($"{machine.Cpu}, {machine.Cores} cores, {machine.Runtime}, {machine.Utc}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Table ToTable(IEnumerable<BenchMeasurement> results)
    {
        var table = new Table().AddColumns("suite", "case", "median ms", "min ms", "p25-p75 ms", "samples", "alloc/op", "target ms");
        foreach (var r in results)
        {
            table.AddRow(
                Markup.Escape(r.Suite),
                Markup.Escape(r.Case),
                Format(r.MedianMs),
                Format(r.MinMs),
                $"{Format(r.P25Ms)}-{Format(r.P75Ms)}",
                r.Samples.ToString(CultureInfo.InvariantCulture),
                FormatBytes(r.AllocatedBytesPerOperation),
                r.TargetMs is { } t ? (r.MeetsTarget ? $"<= {Format(t)} ok" : $"[red]<= {Format(t)} missed[/]") : "");
        }

        return table;
    }

    private static Dictionary<string, object> ToJson(IEnumerable<BenchMeasurement> results) => new Dictionary<string, object>
    {
        ["machine"] = MachineInfo.Current(),
        ["results"] = results.Select(r => new Dictionary<string, object?>
        {
            ["suite"] = r.Suite,
            ["case"] = r.Case,
            ["median_ms"] = r.MedianMs,
            ["min_ms"] = r.MinMs,
            ["p25_ms"] = r.P25Ms,
            ["p75_ms"] = r.P75Ms,
            ["samples"] = r.Samples,
            ["operations_per_sample"] = r.OperationsPerSample,
            ["allocated_bytes_per_operation"] = r.AllocatedBytesPerOperation,
            ["target_ms"] = r.TargetMs,
            ["meets_target"] = r.MeetsTarget,
            ["figures"] = r.Figures,
        }).ToList(),
    };

    private static string Format(double ms) => ms.ToString(ms < 0.01 ? "0.####" : "G4", CultureInfo.InvariantCulture);

    private static string FormatBytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:F1} KiB",
        _ => $"{bytes / (1024.0 * 1024.0):F1} MiB",
    };
}
