using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using NeuralTopOpt.Cli.Infrastructure;

namespace NeuralTopOpt.Tests.Cli;

/// <summary>
/// The cluster deployment files of <c>deploy/</c>, run as written: every shard a process of its own,
/// all at once, with the index the batch system would give, then the merge step; the merged file must
/// equal, byte for byte, the same dataset computed in one run.
/// </summary>
public sealed partial class DatasetDeploymentTests : IDisposable
{
    private const int Samples = 24;
    private const int Resolution = 8;
    private const int Seed = 5;

    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-deploy-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Slurm_job_array_of_four_tasks_and_its_merge_give_the_single_run_file()
    {
        var script = Path.Combine(Architecture.LayeringTests.RepositoryRoot(), "deploy", "slurm", "dataset-array.sbatch");
        var merge = Path.Combine(Architecture.LayeringTests.RepositoryRoot(), "deploy", "slurm", "dataset-merge.sbatch");
        var output = Path.Combine(_folder, "slurm");
        var environment = new Dictionary<string, string>
        {
            ["NTOPO"] = NtopoCommand,
            ["SAMPLES"] = Samples.ToString(CultureInfo.InvariantCulture),
            ["RESOLUTION"] = Resolution.ToString(CultureInfo.InvariantCulture),
            ["SEED"] = Seed.ToString(CultureInfo.InvariantCulture),
            ["OUT_DIR"] = output,

            // sbatch --array=0-3: ids from 0, so the shards are 1/4 … 4/4 counted from the minimum.
            ["SLURM_ARRAY_TASK_MIN"] = "0",
            ["SLURM_ARRAY_TASK_COUNT"] = "4",
        };

        var tasks = Enumerable.Range(0, 4).Select(id => Start("bash", [script], new(environment) { ["SLURM_ARRAY_TASK_ID"] = id.ToString(CultureInfo.InvariantCulture) })).ToList();
        AssertAllSucceed(tasks);
        AssertAllSucceed([Start("bash", [merge], environment)]);

        Assert.Equal(4, Directory.GetFiles(output, "hole-shard-*.csv").Length);
        Assert.Equal(SingleRun(), File.ReadAllBytes(Path.Combine(output, "hole.csv")));
    }

    [Fact]
    public void Kubernetes_indexed_job_and_its_merge_job_give_the_single_run_file()
    {
        var job = File.ReadAllText(Path.Combine(Architecture.LayeringTests.RepositoryRoot(), "deploy", "k8s", "dataset-job.yaml"));
        var mergeJob = File.ReadAllText(Path.Combine(Architecture.LayeringTests.RepositoryRoot(), "deploy", "k8s", "dataset-merge-job.yaml"));
        var completions = int.Parse(Completions().Match(job).Groups[1].Value, CultureInfo.InvariantCulture);
        var shard = ShellCommand(job);
        Assert.Contains($"--shard auto/{completions}", shard, StringComparison.Ordinal);
        Assert.Equal(completions, int.Parse(Parallelism().Match(job).Groups[1].Value, CultureInfo.InvariantCulture));

        // The pods' command with this test's budget, its tool and its folder in place of the volume.
        string Local(string command) => command
            .Replace("ntopo ", NtopoCommand + " ", StringComparison.Ordinal)
            .Replace("--samples 10000", $"--samples {Samples}", StringComparison.Ordinal)
            .Replace("--resolution 100", $"--resolution {Resolution}", StringComparison.Ordinal)
            .Replace("--seed 1 ", $"--seed {Seed} ", StringComparison.Ordinal)
            .Replace("/data/", _folder + "/", StringComparison.Ordinal);

        var pods = Enumerable.Range(0, completions)
            .Select(index => Start("sh", ["-c", Local(shard)], new() { ["JOB_COMPLETION_INDEX"] = index.ToString(CultureInfo.InvariantCulture) }))
            .ToList();
        AssertAllSucceed(pods);
        AssertAllSucceed([Start("sh", ["-c", Local(ShellCommand(mergeJob))], [])]);

        Assert.Equal(completions, Directory.GetFiles(_folder, "hole-shard-*.csv").Length);
        Assert.Equal(SingleRun(), File.ReadAllBytes(Path.Combine(_folder, "hole.csv")));
    }

    [Fact]
    public void A_shard_that_is_missing_fails_the_merge_job()
    {
        var mergeJob = File.ReadAllText(Path.Combine(Architecture.LayeringTests.RepositoryRoot(), "deploy", "k8s", "dataset-merge-job.yaml"));
        foreach (var index in new[] { 0, 2 })
        {
            var run = CliRunner.Run("dataset", "hole", "--samples", "12", "--resolution", "6", "--shard", $"{index + 1}/3", "--out", Path.Combine(_folder, $"hole-shard-{index}.csv"));
            Assert.Equal(ExitCodes.Success, run.ExitCode);
        }

        var merge = Start("sh", ["-c", ShellCommand(mergeJob).Replace("ntopo ", NtopoCommand + " ", StringComparison.Ordinal).Replace("/data/", _folder + "/", StringComparison.Ordinal)], []);
        merge.WaitForExit();

        Assert.Equal(ExitCodes.InputError, merge.ExitCode);
        Assert.False(File.Exists(Path.Combine(_folder, "hole.csv")));
    }

    /// <summary>The same dataset in one in-process run.</summary>
    private byte[] SingleRun()
    {
        var path = Path.Combine(_folder, "single.csv");
        var run = CliRunner.Run("dataset", "hole", "--samples", $"{Samples}", "--resolution", $"{Resolution}", "--seed", $"{Seed}", "--out", path);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        return File.ReadAllBytes(path);
    }

    /// <summary><c>dotnet ntopo.dll</c> of this build (the test project references the CLI).</summary>
    private static string NtopoCommand => "dotnet " + Path.Combine(AppContext.BaseDirectory, "ntopo.dll");

    /// <summary>The shell command of a job's single container (<c>args</c> of <c>sh -c</c>, folded).</summary>
    private static string ShellCommand(string yaml)
    {
        var lines = yaml.Split('\n');
        var start = Array.FindIndex(lines, l => l.Trim() == "args:") + 1;
        var first = lines[start].Trim();
        Assert.StartsWith("- ", first, StringComparison.Ordinal);
        if (first != "- >-")
        {
            return first[2..];
        }

        var indent = lines[start + 1].Length - lines[start + 1].TrimStart().Length;
        return string.Join(' ', lines.Skip(start + 1).TakeWhile(l => l.Length - l.TrimStart().Length == indent && l.Trim().Length > 0).Select(l => l.Trim()));
    }

    private static Process Start(string program, string[] arguments, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var variable in new[] { "JOB_COMPLETION_INDEX", "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT" })
        {
            info.Environment.Remove(variable);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }

    private static void AssertAllSucceed(List<Process> processes)
    {
        var outputs = processes.Select(p => (Out: p.StandardOutput.ReadToEndAsync(), Error: p.StandardError.ReadToEndAsync())).ToList();
        for (var i = 0; i < processes.Count; i++)
        {
            processes[i].WaitForExit();
            Assert.True(processes[i].ExitCode == 0, $"process {i} exited with {processes[i].ExitCode}: {outputs[i].Error.Result}");
            processes[i].Dispose();
        }
    }

    [GeneratedRegex(@"^\s*completions:\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex Completions();

    [GeneratedRegex(@"^\s*parallelism:\s*(\d+)", RegexOptions.Multiline)]
    private static partial Regex Parallelism();
}
