using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Solvers;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>The <c>--solver auto|cholesky|mgcg</c> option of every command that solves a structural problem (the names of <see cref="LinearSolvers"/>).</summary>
internal static class SolverOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--solver")
        {
            Description = string.Create(CultureInfo.InvariantCulture, $"Linear solver of the FE analysis: auto (cholesky up to {LinearSolvers.AutoMultigridUnknowns:N0} unknowns, mgcg above), cholesky (sparse direct), mgcg (multigrid-preconditioned CG, warm-started, relative residual 1e-6), lu (LU with partial pivoting on the band; any nonsingular K) or cholesky-lu (the Cholesky, the LU where K is indefinite)."),
            DefaultValueFactory = _ => LinearSolvers.Auto,
        };
        option.AcceptOnlyFromAmong([.. LinearSolvers.Names]);
        return option;
    }
}
