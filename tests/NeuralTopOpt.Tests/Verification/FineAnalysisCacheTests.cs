using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Tests.Models;
using NeuralTopOpt.Verification;

namespace NeuralTopOpt.Tests.Verification;

public class FineAnalysisCacheTests
{
    [Fact]
    public void Shared_analyses_give_the_answers_of_fresh_ones_and_are_built_once_per_fine_problem()
    {
        // Two designs on one beam, verified at (M, K) = (4, 1), (2, 2) — one fine mesh, n = 4 — then (4, 2): with one
        // cache the first fine problem is built once and reused three times, the second built once and reused once.
        var problem = StandardProblems.HalfMbb(6, 3);
        var random = new Random(13);
        var designs = Enumerable.Range(0, 2).Select(_ => Enumerable.Range(0, 36).Select(_ => 0.1 + (0.8 * random.NextDouble())).ToArray()).ToArray();
        var shared = new FineAnalysisCache();
        var material = CellFamilies.Hole.CreateMaterial(MaterialSource.Network(TestModels.Hbto, "nnj"));
        HbtoVerifier Verifier(double[] design, FineAnalysisCache? cache) =>
            new(problem, CellFamilies.Hole, material, design, new VerificationOptions { HomogenizationResolution = 4, Analyses = cache });

        (int M, int K)[] points = [(4, 1), (2, 2), (4, 2)];
        var withShared = designs.Select(d => Verifier(d, shared)).ToArray();
        var together = points.SelectMany(p => withShared.Select(v => v.Verify(p.M, p.K).Fine.Compliance)).ToArray();
        var alone = points.SelectMany(p => designs.Select(d => Verifier(d, null).Verify(p.M, p.K).Fine.Compliance)).ToArray();

        Assert.Equal((2, 4), (shared.Built, shared.Reused));
        for (var i = 0; i < alone.Length; i++)
        {
            Assert.Equal(alone[i], together[i], 1e-12 * alone[i]);
        }

        // The two designs differ, and so do the points of one n (the same mesh, other pixels).
        Assert.NotEqual(together[0], together[1]);
        Assert.NotEqual(together[0], together[2]);
    }

    [Fact]
    public void Another_problem_or_solver_builds_a_new_analysis()
    {
        var cache = new FineAnalysisCache();
        var mbb = FineProblem.Map(StandardProblems.HalfMbb(4, 2), 2);
        var first = cache.Analysis(mbb, "cholesky", 2);
        Assert.Same(first, cache.Analysis(FineProblem.Map(StandardProblems.HalfMbb(4, 2), 2), "cholesky", 2));
        Assert.Same(first, cache.Analysis(mbb, "cholesky", 20));      // a direct solver ignores the multigrid's level cap
        Assert.NotSame(first, cache.Analysis(FineProblem.Map(StandardProblems.Cantilever(4, 2), 2), "cholesky", 2));
        Assert.NotSame(first, cache.Analysis(mbb, "lu", 2));
        Assert.NotSame(first, cache.Analysis(FineProblem.Map(StandardProblems.HalfMbb(4, 2), 2, LoadTransfer.Node), "lu", 2));
        Assert.Equal((4, 2), (cache.Built, cache.Reused));
        var last = cache.Analysis(mbb, "cholesky", 2);
        Assert.Same(last, cache.Analysis(mbb, "cholesky", 2));
        cache.Clear();
        Assert.NotSame(last, cache.Analysis(mbb, "cholesky", 2));
        var multigrid = cache.Analysis(mbb, "mgcg", 10);
        Assert.NotSame(multigrid, cache.Analysis(mbb, "mgcg", 20));        // 2 levels at M = 10, 3 at M = 20
        Assert.Equal((8, 3), (cache.Built, cache.Reused));
    }
}
