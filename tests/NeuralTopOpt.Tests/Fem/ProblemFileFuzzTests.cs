using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Tests.Cli;
using NeuralTopOpt.Tests.Properties;

namespace NeuralTopOpt.Tests.Fem;

/// <summary>
/// Problem files mutated at random (seeded): read, set up and evaluated they either work or fail with a
/// <see cref="NeuralTopOptException"/> (exit code 1), never another exception (exit code 70) or a hang;
/// text cut short and a key given twice are always errors. A sample goes through <c>ntopo optimize</c>.
/// </summary>
public sealed class ProblemFileFuzzTests : IDisposable
{
    private const string Valid = """
        {
          "name": "fuzzed beam",
          "nelx": 20, "nely": 10,
          "supports": [ { "x": 0, "y": [0, 10], "fix": "x" }, { "x": 20, "y": 0, "fix": "y" } ],
          "loadCases": [
            { "name": "top", "loads": [ { "x": 0, "y": 10, "fy": -1 } ] },
            { "loads": [ { "x": [10, 20], "y": 10, "fx": 0.25, "fy": -0.5 } ] }
          ],
          "passive": [ { "kind": "void", "circle": { "x": 12, "y": 5, "r": 2.5 } }, { "kind": "solid", "rectangle": { "x": [0, 20], "y": [9, 10] } } ]
        }
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("ntopo-fuzz-problem-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Mutated_problem_files_are_refused_or_set_up_a_problem()
    {
        var (errors, problems) = (0, 0);
        await Bounded.Run(() => SeededProperty.Check(Mutations.Of(Valid), seed: 31, cases: 400, mutation =>
        {
            try
            {
                var structure = ProblemFile.Parse(mutation.Text, "fuzz.json");
                var problem = new ComplianceProblem(structure, new SimpMaterial(), new ComplianceSettings { VolumeFraction = 0.5, FilterRadius = 1.5 });
                Assert.True(ComplianceScale.Factor(structure, problem.Material) > 0);
                var gradient = new double[problem.VariableCount];
                Assert.True(double.IsFinite(problem.Evaluate(problem.InitialDesign(), gradient)));
                Assert.All(gradient, g => Assert.True(double.IsFinite(g)));
                Assert.False(mutation.Kind is MutationKind.Truncate or MutationKind.DuplicateKey, "accepted");
                problems++;
            }
            catch (NeuralTopOptException e)
            {
                Assert.DoesNotContain('\n', e.Message);
                errors++;
            }
        }), TimeSpan.FromSeconds(60));

        Assert.True(errors > 150 && problems > 20, $"{errors} errors, {problems} problems");
    }

    [Fact]
    public async Task Mutated_problem_files_never_end_ntopo_optimize_with_an_internal_error()
    {
        var path = Path.Combine(_folder, "problem.json");
        await Bounded.Run(() => SeededProperty.Check(Mutations.Of(Valid), seed: 32, cases: 40, mutation =>
        {
            File.WriteAllText(path, mutation.Text);

            var run = CliRunner.Run("optimize", "dbto", "--optimizer", "oc", "--max-iterations", "1", "--problem", path, "--out", Path.Combine(_folder, "out"));

            Assert.True(run.ExitCode is ExitCodes.Success or ExitCodes.InputError, $"exit {run.ExitCode}: {run.Error}");
            if (run.ExitCode == ExitCodes.InputError)
            {
                Assert.StartsWith("ntopo: error: ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
            }
        }), TimeSpan.FromSeconds(60));
    }
}
