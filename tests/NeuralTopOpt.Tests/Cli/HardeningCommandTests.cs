using System.Globalization;
using System.Text.Json;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.IO;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Examples;
using NeuralTopOpt.Tests.Models;
using NeuralTopOpt.Tests.Reporting;

namespace NeuralTopOpt.Tests.Cli;

/// <summary>
/// The command-line defects of issue 11, each run through ntopo: numbers in the invariant culture and
/// only whole, usage errors with exit code 2, no exit code 70 for empty or oversized values, truncated
/// images refused, outputs that never mix (locked folders, stale files removed, a manifest), files
/// checked for what they claim.
/// </summary>
public sealed class HardeningCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-cli-hardening-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData("dataset simp --samples 10 --out")]
    [InlineData("dataset hole --samples 10 --resolution 4 --out")]
    [InlineData("dataset merge a.csv --out")]
    [InlineData("optimize dbto --nelx 10 --nely 5 --out")]
    [InlineData("train --data d.csv --inputs theta --outputs E --out")]
    [InlineData("tune --data d.csv --inputs theta --outputs E --out")]
    [InlineData("reproduce --quick --out")]
    [InlineData("homogenize --width 0.5 --height 0.5 --cell-image")]
    [InlineData("homogenize contours --grid 3 --resolution 4 --out")]
    public void An_empty_path_is_a_usage_error_never_an_internal_one(string command)
    {
        var result = CliRunner.Run([.. command.Split(' '), ""]);

        CliAssert.UsageError(result, command, ": the value is empty");
        Assert.Empty(Directory.EnumerateFileSystemEntries(_folder));
        Assert.False(File.Exists("contours.csv"));
    }

    [Theory]
    [InlineData("jacobian --model {model} --at 0.5 --method xyz", "--method: unknown derivative method 'xyz'")]
    [InlineData("jacobian --model {model} --at 0.5 --method nnj --step 1e-6", "--step is the finite-difference step of --method cfd")]
    [InlineData("jacobian --model {model} --at 0.5 --method cfd --step 1,0", "--step: '1,0' is not a number: write decimals with a point, e.g. 1.0")]
    [InlineData("jacobian --model {model} --at 0.5 --method nnj --complex-step 1e-20", "--complex-step is the complex step of --method csm")]
    [InlineData("homogenize --width 0.5", "give the hole as --width W --height H")]
    [InlineData("train --data {data} --inputs theta --outputs E --lr 0,001 --out {out}", "--lr: '0,001' is not a number")]
    [InlineData("train --data {data} --inputs theta --outputs E --hidden 64,x --out {out}", "--hidden: 'x' is not a positive whole number")]
    [InlineData("example appendix-b --epochs 3", "--epochs applies with --train")]
    [InlineData("bench solver --seconds 1,5", "--seconds: '1,5' is not a number")]
    public void Usage_errors_exit_with_code_2_and_say_why(string command, string message)
    {
        var result = CliRunner.Run(Resolve(command));

        CliAssert.UsageError(result, command, message);
    }

    [Theory]
    [InlineData("train --data {data} --inputs theta --outputs E --hidden 100000000 --out {out}", "a batch of 32 through the 1-100000000-1 network: needs an array of 3,200,000,000 numbers")]
    [InlineData("train --data {data} --inputs theta --outputs E --hidden 1000000000 --out {out}", "a batch of 32 through the 1-1000000000-1 network")]
    [InlineData("train --data {data} --inputs theta --outputs E --hidden 50000,50000 --out {out}", "layer 2 of the 1-50000-50000-1 network: needs an array of 2,500,000,000 numbers")]
    [InlineData("homogenize contours --grid 100000 --resolution 4 --out {dir}", "a 100000 x 100000 contour grid: needs an array of 90,000,000,000 numbers")]
    [InlineData("dataset simp --samples 2147483647 --out {out}", "2,147,483,647 simp samples: needs an array of 2,147,483,647 numbers")]
    [InlineData("dataset hole --samples 1000000000 --resolution 2 --out {out}", "1,000,000,000 hole samples: needs about")]
    [InlineData("homogenize --image {huge}", "the image header says 100000 x 100000 pixels; a cell has 2 to 2000 pixels per side")]
    [InlineData("homogenize --image {big}", "the image header says 20000 x 20000 pixels")]
    [InlineData("homogenize --image {truncated}", "the image is cut short: its 10 x 10 pixels are not all in the file")]
    [InlineData("jacobian --model {tiny-std} --at 0.5", "input_normalization.std[0] is 1E-320")]
    [InlineData("train --data {folder} --inputs theta --outputs E --out {out}", ": is a folder; expected a file")]
    [InlineData("train --data {data} --inputs theta --outputs E --epochs 1 --out {folder}", " is a folder; give a file name")]
    public void Oversized_truncated_or_degenerate_input_is_refused_with_exit_code_1(string command, string message)
    {
        var result = CliRunner.Run(Resolve(command));

        CliAssert.InputError(result, command, message);
        Assert.False(File.Exists(PathOf("out.json")) || Directory.Exists(PathOf("contours")));
    }

    [Fact]
    public void A_decimal_comma_never_runs_with_another_number()
    {
        // Before: --rmin 1,5 ran with 15, --penal 3,5 with 35 (exit 0).
        var result = CliRunner.Run("optimize", "dbto", "--nelx", "20", "--nely", "10", "--rmin", "1,5", "--out", PathOf("run"));

        CliAssert.UsageError(result, "--rmin 1,5", "--rmin: '1,5' is not a number: write decimals with a point, e.g. 1.5 (a comma is neither a decimal separator nor a thousands separator here)");
        Assert.False(Directory.Exists(PathOf("run")));

        var saved = CultureInfo.CurrentCulture;
        try
        {
            // A culture whose decimal separator is a comma (the tests run in invariant-globalization mode, without de-DE).
            var comma = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            (comma.NumberFormat.NumberDecimalSeparator, comma.NumberFormat.NumberGroupSeparator) = (",", ".");
            CultureInfo.CurrentCulture = comma;
            var german = CliRunner.Run("optimize", "dbto", "--nelx", "20", "--nely", "10", "--rmin", "1.5", "--max-iterations", "2", "--out", PathOf("de"), "--json");
            Assert.Equal(ExitCodes.Success, german.ExitCode);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        using var summary = JsonDocument.Parse(File.ReadAllText(PathOf("de/summary.json")));
        Assert.Equal(1.5, summary.RootElement.GetProperty("settings").GetProperty("rmin").GetDouble());
    }

    [Fact]
    public void A_rerun_into_one_folder_leaves_only_its_own_files_and_lists_them()
    {
        var folder = PathOf("run");
        string[] run = ["optimize", "dbto", "--optimizer", "oc", "--nelx", "20", "--nely", "10", "--tolerance", "0", "--out", folder];
        Assert.Equal(ExitCodes.Success, CliRunner.Run([.. run, "--max-iterations", "12"]).ExitCode);
        Assert.True(File.Exists(Path.Combine(folder, "design-10.csv")));
        File.WriteAllText(Path.Combine(folder, "notes.txt"), "mine");

        Assert.Equal(ExitCodes.Success, CliRunner.Run([.. run, "--max-iterations", "5"]).ExitCode);

        var files = Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToArray();
        // Every family's design is also drawn cell by cell (microstructure*.png; for the density, grey squares).
        Assert.Equal(["design-1.csv", "design-1.png", "design.csv", "design.png", "history.csv", "initial-sensitivities.csv", "manifest.json", "microstructure-1.png", "microstructure.png", "notes.txt", "summary.json"], files);
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "manifest.json")));
        var listed = manifest.RootElement.GetProperty("files").EnumerateArray().ToArray();
        Assert.Equal(files.Except(["manifest.json", "notes.txt"]).Order(StringComparer.Ordinal), listed.Select(f => f.GetProperty("name").GetString()).Order(StringComparer.Ordinal));
        Assert.All(listed, f => Assert.Equal(new FileInfo(Path.Combine(folder, f.GetProperty("name").GetString()!)).Length, f.GetProperty("bytes").GetInt64()));
        Assert.Equal(5, CsvTable.Read(Path.Combine(folder, "history.csv")).RowCount);
    }

    [Fact]
    public async Task A_second_run_into_a_busy_folder_fails_at_once()
    {
        var folder = PathOf("busy");
        using (OutputFolder.Open(folder))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var result = CliRunner.Run("optimize", "dbto", "--nelx", "60", "--nely", "30", "--out", folder);

            CliAssert.InputError(result, "busy", $"the output folder {folder} is in use by another run; wait for it to finish or choose another folder");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"took {clock.Elapsed}");
            Assert.Equal([FolderLock.FileName], Directory.GetFiles(folder).Select(f => Path.GetFileName(f)));
        }

        // Two real runs at once: whichever locks second fails; the folder holds one run's files.
        var a = Task.Run(() => CliRunner.Run("optimize", "dbto", "--optimizer", "oc", "--nelx", "40", "--nely", "20", "--out", folder, "--json"));
        var b = Task.Run(() => CliRunner.Run("optimize", "dbto", "--optimizer", "mma", "--nelx", "40", "--nely", "20", "--out", folder, "--json"));
        var results = await Task.WhenAll(a, b);
        Assert.Contains(results, r => r.ExitCode == ExitCodes.Success);
        var winner = results.First(r => r.ExitCode == ExitCodes.Success);
        if (results.All(r => r.ExitCode == ExitCodes.Success))
        {
            return; // the first finished before the second started: sequential, not concurrent
        }

        Assert.Contains(results, r => r.ExitCode == ExitCodes.InputError && r.Error.Contains("is in use by another run", StringComparison.Ordinal));
        using var json = JsonDocument.Parse(winner.Out);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "summary.json")));
        Assert.Equal(json.RootElement.GetProperty("compliance").GetDouble(), summary.RootElement.GetProperty("result").GetProperty("compliance").GetDouble());
    }

    [Fact]
    public void An_initial_design_of_another_mesh_is_refused()
    {
        Assert.Equal(ExitCodes.Success, CliRunner.Run("optimize", "dbto", "--optimizer", "oc", "--nelx", "20", "--nely", "10", "--max-iterations", "2", "--out", PathOf("first")).ExitCode);
        var design = Path.Combine(PathOf("first"), "design.csv");

        var result = CliRunner.Run("optimize", "dbto", "--optimizer", "oc", "--nelx", "10", "--nely", "20", "--initial", design, "--out", PathOf("second"));

        CliAssert.InputError(result, "10 x 20 from 20 x 10", $"--initial {design} was written for a 20 x 10 mesh (its ex and ey columns); this problem's mesh is 10 x 20");
        Assert.Equal(ExitCodes.Success, CliRunner.Run("optimize", "dbto", "--optimizer", "oc", "--nelx", "20", "--nely", "10", "--max-iterations", "2", "--initial", design, "--out", PathOf("third")).ExitCode);
    }

    [Fact]
    public void Problem_files_with_a_key_twice_or_unreachable_volume_are_refused()
    {
        var twice = PathOf("twice.json");
        File.WriteAllText(twice, """{ "nelx": 20, "nely": 10, "supports": [ { "x": 0, "y": [0, 10], "fix": "x" }, { "x": 20, "y": 0, "fix": "y" } ], "loadCases": [ { "loads": [ { "x": 0, "y": 10, "fy": -1, "fy": -100 } ] } ] }""");
        var solid = PathOf("solid.json");
        File.WriteAllText(solid, """{ "nelx": 20, "nely": 10, "supports": [ { "x": 0, "y": [0, 10], "fix": "x" }, { "x": 20, "y": 0, "fix": "y" } ], "loadCases": [ { "loads": [ { "x": 0, "y": 10, "fy": -1 } ] } ], "passive": [ { "kind": "solid", "rectangle": { "x": [0, 14], "y": [0, 10] } } ] }""");
        var cancel = PathOf("cancel.json");
        File.WriteAllText(cancel, """{ "nelx": 20, "nely": 10, "supports": [ { "x": 0, "y": [0, 10], "fix": "x" }, { "x": 20, "y": 0, "fix": "y" } ], "loadCases": [ { "loads": [ { "x": 0, "y": 10, "fy": 1 }, { "x": 0, "y": 10, "fy": -1 } ] } ] }""");

        CliAssert.InputError(CliRunner.Run("optimize", "dbto", "--problem", twice, "--out", PathOf("a")), "twice", "problem.loadCases[0].loads[0]: 'fy' is given twice");
        CliAssert.InputError(CliRunner.Run("optimize", "dbto", "--optimizer", "oc", "--problem", solid, "--out", PathOf("b")), "solid", "the passive solid regions fill 70.0 % of the domain (140 of 200 elements), more than the volume fraction 0.5");
        CliAssert.InputError(CliRunner.Run("optimize", "dbto", "--optimizer", "oc", "--problem", cancel, "--out", PathOf("c")), "cancel", "its loads cancel");
    }

    [Fact]
    public void Merging_onto_an_input_shard_and_duplicate_csv_columns_are_refused()
    {
        string[] run = ["dataset", "simp", "--samples", "10", "--seed", "3"];
        CliRunner.Run([.. run, "--shard", "1/2", "--out", PathOf("a.csv")]);
        CliRunner.Run([.. run, "--shard", "2/2", "--out", PathOf("b.csv")]);
        var before = File.ReadAllText(PathOf("a.csv"));

        CliAssert.InputError(CliRunner.Run("dataset", "merge", PathOf("a.csv"), PathOf("b.csv"), "--out", PathOf("a.csv")), "merge onto a", "would replace the shard");
        Assert.Equal(before, File.ReadAllText(PathOf("a.csv")));

        File.WriteAllText(PathOf("dup.csv"), "theta,E,theta\n0.1,0.2,0.3\n");
        CliAssert.InputError(CliRunner.Run("train", "--data", PathOf("dup.csv"), "--inputs", "theta", "--outputs", "E", "--out", PathOf("out.json")), "duplicate", "the header names column 'theta' 2 times");
    }

    private string[] Resolve(string command)
    {
        if (!File.Exists(PathOf("data.csv")))
        {
            CliRunner.Run("dataset", "simp", "--samples", "40", "--out", PathOf("data.csv"));
            File.WriteAllBytes(PathOf("huge.png"), PngFiles.Grey(100_000, 100_000, [new byte[10]]));
            File.WriteAllBytes(PathOf("big.png"), PngFiles.Grey(20_000, 20_000, [new byte[10]]));
            File.WriteAllBytes(PathOf("truncated.png"), PngFiles.Grey(10, 10, Enumerable.Repeat(new byte[10], 5)));
            var json = ModelFile.ToJson(new NetworkModel(AppendixB.PrintedNetwork(), ["x"], ["y"]));
            File.WriteAllText(PathOf("tiny-std.json"), json.Replace("\"std\": [\n      1\n    ]\n  },\n  \"output_normalization\"", "\"std\": [1e-320]\n  },\n  \"output_normalization\"", StringComparison.Ordinal));
            Directory.CreateDirectory(PathOf("folder"));
        }

        return command.Split(' ').Select(a => a switch
        {
            "{model}" => TestModels.DbtoPath,
            "{data}" => PathOf("data.csv"),
            "{out}" => PathOf("out.json"),
            "{dir}" => PathOf("contours"),
            "{huge}" => PathOf("huge.png"),
            "{big}" => PathOf("big.png"),
            "{truncated}" => PathOf("truncated.png"),
            "{tiny-std}" => PathOf("tiny-std.json"),
            "{folder}" => PathOf("folder"),
            _ => a,
        }).ToArray();
    }

    private string PathOf(string name) => Path.Combine(_folder, name);
}
