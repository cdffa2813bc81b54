using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Solvers;
using NeuralTopOpt.Solvers.Krylov;
using NeuralTopOpt.Solvers.Multigrid;
using NeuralTopOpt.Sparse;
using NeuralTopOpt.Tests.Fem;

namespace NeuralTopOpt.Tests.Solvers.Multigrid;

public class MultigridCgSolverTests
{
    private static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    /// <summary>‖f − K·u‖/‖f‖ over the free DOFs with K assembled by the FE code (fixed DOFs eliminated).</summary>
    private static double TrueResidual(StructuralProblem problem, double[] stiffness, double[] f, double[] u)
    {
        var cholesky = new CholeskySolver(new ElasticSystem(problem.Mesh, Q4Element.UnitSquare, 4, problem.FixedDofs));
        cholesky.Assembler.Assemble(stiffness, Q4Element.UnitSquare);
        var isFixed = new bool[problem.Mesh.DofCount];
        foreach (var d in problem.FixedDofs)
        {
            isFixed[d] = true;
        }

        var free = Enumerable.Range(0, problem.Mesh.DofCount).Where(d => !isFixed[d]).ToArray();
        var uFree = free.Select(d => u[d]).ToArray();
        var ku = new double[free.Length];
        cholesky.Assembler.Matrix.MultiplySymmetric(uFree, ku);
        var r = free.Select((d, k) => f[d] - ku[k]).ToArray();
        var fFree = free.Select(d => f[d]).ToArray();
        return Math.Sqrt(Dot(r, r) / Dot(fFree, fFree));
    }

    public static TheoryData<string, MultigridOptions> Configurations => new()
    {
        { "default", new MultigridOptions { CoarsestMaxUnknowns = 300, RelativeTolerance = 1e-9 } },
        { "rediscretized chebyshev", new MultigridOptions { CoarsestMaxUnknowns = 300, RelativeTolerance = 1e-9, CoarseOperator = CoarseOperatorKind.Rediscretized, Smoother = SmootherKind.Chebyshev } },
        { "assembled W jacobi 2", new MultigridOptions { CoarsestMaxUnknowns = 300, RelativeTolerance = 1e-9, FineOperator = FineOperatorKind.Assembled, Cycle = CycleKind.W, SmoothingSteps = 2 } },
        { "one thread", new MultigridOptions { CoarsestMaxUnknowns = 300, RelativeTolerance = 1e-9, MaxDegreeOfParallelism = 1 } },
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Compliance_and_displacements_equal_the_cholesky_solution(string name, MultigridOptions options)
    {
        var problem = StandardProblems.HalfMbb(60, 30);
        var stiffness = FemTestData.RandomSimp(problem.Mesh.ElementCount, seed: 11);
        var f = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, f);
        var reference = new double[f.Length];
        var expected = new LinearElasticAnalysis(problem).Solve(stiffness, reference);
        var solver = new MultigridCgSolver(problem.Mesh, Q4Element.UnitSquare, 4, problem.FixedDofs, options);
        solver.Update(stiffness);
        var u = new double[f.Length];

        var statistics = solver.Solve(f, u);

        Assert.True(solver.Levels.Count >= 3, name);
        Assert.Equal(IterativeSolveExit.Converged, statistics.Exit);
        Assert.InRange(statistics.RelativeResidual, 0, options.RelativeTolerance);
        Assert.InRange(TrueResidual(problem, stiffness, f, u), 0, 2 * options.RelativeTolerance);
        Assert.Equal(1, Dot(f, u) / expected, 9);
        var scale = reference.Max(Math.Abs);
        Assert.All(u.Zip(reference), p => Assert.Equal(p.Second / scale, p.First / scale, 6));
        foreach (var d in problem.FixedDofs)
        {
            Assert.Equal(0, u[d]);
        }
    }

    [Theory]
    [InlineData(61, 31)]
    [InlineData(75, 45)]
    [InlineData(33, 1)]
    [InlineData(1, 20)]
    [InlineData(127, 9)]
    public void Grids_that_are_not_powers_of_two_coarsen_and_solve(int nx, int ny)
    {
        var problem = StandardProblems.Cantilever(nx, ny);
        var stiffness = FemTestData.RandomSimp(problem.Mesh.ElementCount, seed: nx);
        var f = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, f);
        var expected = new LinearElasticAnalysis(problem).Solve(stiffness, new double[f.Length]);
        var solver = new MultigridCgSolver(problem.Mesh, Q4Element.UnitSquare, 4, problem.FixedDofs, new MultigridOptions { CoarsestMaxUnknowns = 40, RelativeTolerance = 1e-10 });
        solver.Update(stiffness);
        var u = new double[f.Length];

        var statistics = solver.Solve(f, u);

        Assert.True(statistics.Converged, $"{statistics}");
        Assert.True(solver.Levels[^1].Unknowns <= 40 || solver.Levels[^1] is { ElementsX: 1, ElementsY: 1 }, $"coarsest {solver.Levels[^1]}");
        Assert.Equal(1, Dot(f, u) / expected, 7);
    }

    [Fact]
    public void Several_load_cases_solve_together_and_each_equals_its_own_solve()
    {
        var mesh = new GridMesh(48, 24);
        var supports = Enumerable.Range(0, 25).SelectMany(iy => new[] { 2 * mesh.Node(0, iy), (2 * mesh.Node(0, iy)) + 1 }).ToArray();
        var loads = new[]
        {
            new LoadCase("down", [new PointLoad((2 * mesh.NodeAt(48, 0)) + 1, -1)]),
            new LoadCase("up and right", [new PointLoad((2 * mesh.NodeAt(48, 24)) + 1, 2), new PointLoad(2 * mesh.NodeAt(30, 12), 0.5)]),
        };
        var problem = new StructuralProblem("two cases", mesh, supports, loads);
        var stiffness = FemTestData.RandomSimp(mesh.ElementCount, seed: 2);
        var reference = new double[2 * mesh.DofCount];
        var expected = new LinearElasticAnalysis(problem).Solve(stiffness, reference);
        var f = new double[2 * mesh.DofCount];
        problem.ForceVector(0, f.AsSpan(0, mesh.DofCount));
        problem.ForceVector(1, f.AsSpan(mesh.DofCount));
        var solver = new MultigridCgSolver(mesh, Q4Element.UnitSquare, 4, supports, new MultigridOptions { CoarsestMaxUnknowns = 200 });
        solver.Update(stiffness);
        var u = new double[f.Length];

        var both = solver.Solve(f, u, 2);
        var second = new double[mesh.DofCount];
        var alone = solver.Solve(f.AsSpan(mesh.DofCount), second);

        Assert.True(both.Converged);
        Assert.Equal(1, Dot(f, u) / expected, 9);
        Assert.Equal(second, u.AsSpan(mesh.DofCount).ToArray());
        Assert.True(both.Iterations > alone.Iterations && both.MaxIterations >= alone.Iterations, $"{both} {alone}");
    }

    [Fact]
    public void A_warm_start_from_the_previous_design_saves_iterations()
    {
        var problem = StandardProblems.HalfMbb(120, 60);
        var random = new Random(6);
        var theta = Enumerable.Range(0, problem.Mesh.ElementCount).Select(_ => 0.2 + (0.8 * random.NextDouble())).ToArray();
        var material = new NeuralTopOpt.Materials.SimpMaterial();
        var stiffness = new double[4 * theta.Length];
        material.Stiffness(theta, stiffness);
        var f = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, f);
        var solver = new MultigridCgSolver(problem.Mesh, Q4Element.UnitSquare, 4, problem.FixedDofs, new MultigridOptions { CoarsestMaxUnknowns = 500, RelativeTolerance = 1e-8 });
        solver.Update(stiffness);
        var u = new double[f.Length];
        solver.Solve(f, u);

        // A design step of 1%, as late in an optimization.
        for (var e = 0; e < theta.Length; e++)
        {
            theta[e] = Math.Clamp(theta[e] + (0.01 * (random.NextDouble() - 0.5)), 0, 1);
        }

        material.Stiffness(theta, stiffness);
        solver.Update(stiffness);
        var cold = solver.Solve(f, new double[f.Length]);
        var warmSolution = (double[])u.Clone();
        var warm = solver.Solve(f, warmSolution);
        var expected = new LinearElasticAnalysis(problem).Solve(stiffness, new double[f.Length]);

        Assert.True(warm.Converged && cold.Converged);
        Assert.True(warm.Iterations <= cold.Iterations - 3, $"warm {warm.Iterations}, cold {cold.Iterations}");
        Assert.Equal(1, Dot(f, warmSolution) / expected, 9);

        // A useless start (pointing against the load) is dropped, not paid for.
        var bad = f.Select(v => -1e6 * v).ToArray();
        var fromBad = solver.Solve(f, bad);
        Assert.Equal(cold.Iterations, fromBad.Iterations);
    }

    [Fact]
    public void Results_do_not_depend_on_the_number_of_threads()
    {
        var problem = StandardProblems.HalfMbb(160, 80);
        var stiffness = FemTestData.RandomSimp(problem.Mesh.ElementCount, seed: 8);
        var f = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, f);
        double[] Run(int threads)
        {
            var solver = new MultigridCgSolver(problem.Mesh, Q4Element.UnitSquare, 4, problem.FixedDofs, new MultigridOptions { MaxDegreeOfParallelism = threads, CoarsestMaxUnknowns = 2000 });
            solver.Update(stiffness);
            var u = new double[f.Length];
            solver.Solve(f, u);
            return u;
        }

        Assert.Equal(Run(1), Run(2));
        Assert.Equal(Run(2), Run(2));
    }

    [Fact]
    public void Bad_input_fails_with_one_clear_exception()
    {
        var problem = StandardProblems.HalfMbb(20, 10);
        var solver = new MultigridCgSolver(problem.Mesh, Q4Element.UnitSquare, 4, problem.FixedDofs, new MultigridOptions { CoarsestMaxUnknowns = 100 });
        var stiffness = FemTestData.RandomSimp(problem.Mesh.ElementCount, seed: 1);

        Assert.Throws<InvalidOperationException>(() => solver.Solve(new double[problem.Mesh.DofCount], new double[problem.Mesh.DofCount]));
        Assert.Throws<InvalidInputException>(() => solver.Update(stiffness.AsSpan(1)));
        stiffness[17] = double.NaN;
        Assert.Contains("element 4", Assert.Throws<InvalidInputException>(() => solver.Update(stiffness)).Message, StringComparison.Ordinal);
        Array.Clear(stiffness);
        Assert.Throws<NotPositiveDefiniteException>(() => solver.Update(stiffness));
        Assert.Throws<InvalidInputException>(() => new MultigridCgSolver(problem.Mesh, Q4Element.UnitSquare, 4, [problem.Mesh.DofCount]));
        Assert.Throws<InvalidInputException>(() => new MultigridCgSolver(problem.Mesh, Q4Element.UnitSquare, 7, problem.FixedDofs));
        Assert.Throws<InvalidInputException>(() => new MultigridOptions { RelativeTolerance = double.NaN }.Validate());
        Assert.Throws<InvalidInputException>(() => new MultigridOptions { JacobiWeight = 2 }.Validate());
        Assert.Throws<InvalidInputException>(() => new MultigridOptions { SmoothingSteps = 0 }.Validate());
        Assert.Throws<InvalidInputException>(() => new MultigridOptions { MaxLevels = 0 }.Validate());
    }

    [Theory]
    [InlineData(null, 5)]   // 80×40 → 40×20 → 20×10 → 10×5 → 5×3: at most 100 DOFs
    [InlineData(3, 3)]
    [InlineData(1, 1)]      // one level: the Cholesky of the whole grid inside CG
    public void Max_levels_stops_the_coarsening(int? maxLevels, int levels)
    {
        var problem = StandardProblems.HalfMbb(80, 40);
        var solver = new MultigridCgSolver(problem.Mesh, Q4Element.UnitSquare, 4, problem.FixedDofs, new MultigridOptions { CoarsestMaxUnknowns = 100, MaxLevels = maxLevels });
        Assert.Equal(levels, solver.Levels.Count);

        var stiffness = FemTestData.RandomSimp(problem.Mesh.ElementCount, seed: 2);
        solver.Update(stiffness);
        var force = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, force);
        var u = new double[force.Length];
        Assert.True(solver.Solve(force, u).Converged);
    }

    [Fact]
    public void Too_few_supports_are_reported_not_iterated_forever()
    {
        // Only x fixed on the left edge: the beam can slide vertically — K is singular.
        var mesh = new GridMesh(40, 20);
        var supports = Enumerable.Range(0, 21).Select(iy => 2 * mesh.Node(0, iy)).ToArray();
        var solver = new MultigridCgSolver(mesh, Q4Element.UnitSquare, 4, supports, new MultigridOptions { CoarsestMaxUnknowns = 200 });

        var error = Assert.Throws<NotPositiveDefiniteException>(() => solver.Update(FemTestData.Uniform(mesh.ElementCount, StiffnessTensor.Isotropic(1, 0.3, PlaneCondition.Strain))));
        Assert.Equal(PivotFailure.Singular, error.Failure);
    }
}
