namespace NeuralTopOpt.Tests.Architecture;

/// <summary>
/// The library is pure computation: no console, plotting or command-line code, and it references
/// none of the front-end packages. Reporting and the CLI depend on it, never the other way round.
/// </summary>
public class LayeringTests
{
    private static readonly string[] ForbiddenAssemblies =
        ["Spectre.Console", "ScottPlot", "SkiaSharp", "System.CommandLine", "NeuralTopOpt.Reporting", "ntopo"];

    [Fact]
    public void Library_references_no_front_end_assembly()
    {
        var references = typeof(NeuralTopOptException).Assembly.GetReferencedAssemblies().Select(a => a.Name);

        Assert.Empty(references.Intersect(ForbiddenAssemblies));
    }

    [Fact]
    public void Library_source_writes_nothing_to_the_console()
    {
        var offenders = RepositoryFiles("src/NeuralTopOpt", "*.cs")
            .Where(f => File.ReadAllText(f).Contains("Console.", StringComparison.Ordinal))
            .ToList();

        Assert.Empty(offenders);
    }

    internal static IEnumerable<string> RepositoryFiles(string folder, string pattern) =>
        Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), folder), pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal));

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NeuralTopOpt.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (NeuralTopOpt.sln) not found above " + AppContext.BaseDirectory);
    }
}
