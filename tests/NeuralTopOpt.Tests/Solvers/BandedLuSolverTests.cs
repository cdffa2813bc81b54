using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Solvers;
using NeuralTopOpt.Sparse;

namespace NeuralTopOpt.Tests.Solvers;

public class BandedLuSolverTests
{
    [Fact]
    public void Gives_the_Choleskys_displacements_for_a_positive_definite_K()
    {
        var problem = StandardProblems.HalfMbb(24, 12);
        var system = new ElasticSystem(problem.Mesh, Q4Element.UnitSquare, 6, problem.FixedDofs);
        var c = CholeskySolverTests.AnisotropicCoefficients(problem.Mesh.ElementCount, seed: 8);
        var (lu, cholesky) = (new BandedLuSolver(system), new CholeskySolver(system));
        var rhs = TestRightHandSides(problem.Mesh.DofCount, 2);
        var (u, v) = (new double[rhs.Length], new double[rhs.Length]);

        lu.Update(c);
        lu.Solve(rhs, u, 2);
        cholesky.Update(c);
        cholesky.Solve(rhs, v, 2);

        Assert.True(u.Zip(v).Max(p => Math.Abs(p.First - p.Second)) < 1e-11 * v.Max(Math.Abs));
        var statistics = lu.Statistics;
        Assert.Equal(("lu", system.UnknownCount, 1, 2), (statistics.Solver, statistics.Unknowns, statistics.Updates, statistics.Solves));
        Assert.Equal((2 * 13) + 3, lu.Lu.Lower);   // the 88-line code's numbering: 2·(nely + 1) + 3 DOFs
    }

    [Fact]
    public void Solves_an_indefinite_K_that_the_Cholesky_refuses_and_the_fallback_takes_it()
    {
        var problem = StandardProblems.HalfMbb(8, 4);
        var system = new ElasticSystem(problem.Mesh, Q4Element.UnitSquare, 4, problem.FixedDofs);
        var c = new double[4 * problem.Mesh.ElementCount];
        for (var e = 0; e < problem.Mesh.ElementCount; e++)
        {
            // The paper's clamp lets C12 exceed √(C11·C22) near the void corner: an indefinite tensor.
            (c[4 * e], c[(4 * e) + 1], c[(4 * e) + 2], c[(4 * e) + 3]) = e % 3 == 0 ? (0.02, 0.3, 0.02, 0.01) : (1.3, 0.58, 1.3, 0.38);
        }

        var rhs = TestRightHandSides(problem.Mesh.DofCount, 1);
        var (u, w) = (new double[rhs.Length], new double[rhs.Length]);
        var lu = new BandedLuSolver(system);
        var fallback = new CholeskyOrLuSolver(system);

        Assert.Contains("solver lu", Assert.Throws<NotPositiveDefiniteException>(() => new CholeskySolver(system).Update(c)).Message, StringComparison.Ordinal);
        lu.Update(c);
        lu.Solve(rhs, u, 1);
        fallback.Update(c);
        fallback.Solve(rhs, w, 1);

        var free = Enumerable.Range(0, problem.Mesh.DofCount).Except(problem.FixedDofs.ToArray()).ToArray();
        Assert.True(Sparse.TestMatrices.RelativeResidual(lu.Assembler.Matrix, free.Select(d => u[d]).ToArray(), free.Select(d => rhs[d]).ToArray()) < 1e-12);
        Assert.Equal(u, w);
        Assert.Equal((1, "lu", "cholesky-lu"), (fallback.LuUpdates, fallback.LastFactorization, fallback.Statistics.Solver));

        // Back to a positive definite K: the Cholesky again.
        fallback.Update(CholeskySolverTests.AnisotropicCoefficients(problem.Mesh.ElementCount, seed: 2).Where((_, i) => i % 6 < 4).ToArray());
        Assert.Equal((1, "cholesky"), (fallback.LuUpdates, fallback.LastFactorization));
    }

    [Fact]
    public void A_structure_without_supports_is_refused_at_a_node()
    {
        var problem = StandardProblems.HalfMbb(4, 2);
        var system = new ElasticSystem(problem.Mesh, Q4Element.UnitSquare, 4, []);
        var c = Enumerable.Repeat(new[] { 1.3, 0.58, 1.3, 0.38 }, problem.Mesh.ElementCount).SelectMany(t => t).ToArray();

        var error = Assert.Throws<SingularMatrixException>(() => new BandedLuSolver(system).Update(c));
        Assert.Contains("add supports", error.Message, StringComparison.Ordinal);
        Assert.Throws<SingularMatrixException>(() => new CholeskyOrLuSolver(system).Update(c.Select((v, i) => i % 4 == 1 ? 3.0 : v).ToArray()));
        Assert.Equal(["auto", "cholesky", "mgcg", "lu", "cholesky-lu"], LinearSolvers.Names);
    }

    private static double[] TestRightHandSides(int dofs, int count)
    {
        var random = new Random(4);
        return [.. Enumerable.Range(0, count * dofs).Select(_ => random.NextDouble() - 0.5)];
    }
}
