using NeuralTopOpt.Studies;

namespace NeuralTopOpt.Tests.Cli;

/// <summary>Bad input to <c>ntopo reproduce</c> fails at once with one line; the study itself is tested in Studies/QuickStudyTests.</summary>
public sealed class ReproduceCommandTests() : TemporaryFolderTests("ntopo-reproduce-")
{
    [Fact]
    public void An_output_path_that_cannot_be_aFolder_is_refused()
    {
        var file = Path.Combine(Folder, "file");
        File.WriteAllText(file, "x");

        CliAssert.InputError(CliRunner.Run("reproduce", "--out", file, "--quick"), "a file", "is a file");
        CliAssert.InputError(CliRunner.Run("reproduce", "--out", Path.Combine(file, "results"), "--quick"), "below a file", "cannot create the study folder");
    }

    [Fact]
    public void AFolder_in_use_by_another_study_is_refused()
    {
        using var held = StudyFolder.Lock(Folder);

        CliAssert.InputError(CliRunner.Run("reproduce", "--out", Folder, "--quick"), "locked", "in use by another study");
    }

    [Fact]
    public void A_quick_study_does_not_overwrite_a_full_one_without_force()
    {
        Directory.CreateDirectory(Path.Combine(Folder, "cache"));
        File.WriteAllText(Path.Combine(Folder, "cache", "budget.txt"), "paper\n");

        CliAssert.InputError(CliRunner.Run("reproduce", "--out", Folder, "--quick"), "budget", "holds a study of the paper budget");
        Assert.Equal("paper\n", File.ReadAllText(Path.Combine(Folder, "cache", "budget.txt")));
    }

    [Fact]
    public void Zero_cores_is_refused() =>
        CliAssert.UsageError(CliRunner.Run("reproduce", "--out", Folder, "--quick", "--parallel", "0"), "--parallel 0", "--parallel must be at least 1, not 0");

    [Fact]
    public void A_verification_cap_below_one_is_refused() =>
        CliAssert.UsageError(CliRunner.Run("reproduce", "--out", Folder, "--quick", "--verify-max-unknowns", "0"), "--verify-max-unknowns 0", "--verify-max-unknowns must be at least 1, not 0");

    [Fact]
    public void The_outputFolder_is_required()
    {
        var result = CliRunner.Run("reproduce", "--quick");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--out", result.Error, StringComparison.Ordinal);
    }
}
