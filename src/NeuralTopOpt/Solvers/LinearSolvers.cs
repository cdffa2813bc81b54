namespace NeuralTopOpt.Solvers;

/// <summary>The linear solvers by name: what <c>ntopo</c> and the setup records choose from.</summary>
public static class LinearSolvers
{
    private static readonly Dictionary<string, Func<ElasticSystem, ILinearElasticSolver>> Factories = new(StringComparer.Ordinal)
    {
        ["cholesky"] = system => new CholeskySolver(system),
    };

    /// <summary>The solver used when none is chosen: the sparse Cholesky factorization.</summary>
    public const string Default = "cholesky";

    /// <summary>Every registered name.</summary>
    public static IReadOnlyList<string> Names => [.. Factories.Keys];

    /// <summary>The solver called <paramref name="name"/> for <paramref name="system"/>.</summary>
    /// <exception cref="InvalidInputException">Unknown name.</exception>
    public static ILinearElasticSolver Create(string name, ElasticSystem system)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Factories.TryGetValue(name, out var create)
            ? create(system)
            : throw new InvalidInputException($"unknown linear solver '{name}'; expected {string.Join(", ", Factories.Keys)}");
    }
}
