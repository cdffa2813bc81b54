using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.OptimalityCriteria;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Solvers;
using NeuralTopOpt.Solvers.Multigrid;
using NeuralTopOpt.Tests.Fem;

namespace NeuralTopOpt.Tests.Solvers.Multigrid;

/// <summary>The multigrid-CG behind the solver seam (<c>mgcg</c>), the <c>auto</c> rule, and both in an optimization.</summary>
public class MultigridSolverTests
{
    /// <summary>A hierarchy of several levels already at test sizes (the default coarsest level holds 65,000 unknowns).</summary>
    private static readonly MultigridOptions SmallCoarsest = new() { CoarsestMaxUnknowns = 600 };

    private static LinearElasticAnalysis Multigrid(StructuralProblem problem, int coefficients = 4, MultigridOptions? options = null) =>
        new(problem, null, coefficients, system => new MultigridSolver(system, options ?? SmallCoarsest));

    [Fact]
    public void Through_the_seam_compliance_and_energies_equal_the_cholesky()
    {
        var problem = StandardProblems.HalfMbb(96, 48);
        var stiffness = FemTestData.RandomSimp(problem.Mesh.ElementCount, seed: 3);
        var direct = new LinearElasticAnalysis(problem, solver: LinearSolvers.Cholesky);
        var iterative = Multigrid(problem);
        var (u, v) = (new double[problem.Mesh.DofCount], new double[problem.Mesh.DofCount]);

        var expected = direct.Solve(stiffness, u);
        var compliance = iterative.Solve(stiffness, v);

        Assert.Equal("mgcg", iterative.Solver.Name);
        Assert.True(((MultigridSolver)iterative.Solver).Inner.Levels.Count >= 3);
        Assert.Equal(1, compliance / expected, 9);
        var (eu, ev) = (new double[4 * problem.Mesh.ElementCount], new double[4 * problem.Mesh.ElementCount]);
        direct.ElementEnergies(u, eu);
        iterative.ElementEnergies(v, ev);
        var largest = eu.Max(Math.Abs);
        Assert.All(eu.Zip(ev), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-4 * largest, $"{p.First} vs {p.Second}"));
        var statistics = iterative.Solver.Statistics;
        Assert.Equal(("mgcg", direct.UnknownCount, 1, 1), (statistics.Solver, statistics.Unknowns, statistics.Updates, statistics.Solves));
        Assert.InRange(statistics.LastRelativeResidual!.Value, 0, 1e-6);
        Assert.Equal(statistics.LastIterations, (int)statistics.TotalIterations!.Value);
        Assert.Null(statistics.FactorNonzeros);
    }

    [Fact]
    public void Rotated_hole_cells_and_two_right_hand_sides_solve_as_the_cholesky()
    {
        var problem = StandardProblems.HalfMbb(48, 24);
        var system = new ElasticSystem(problem.Mesh, Q4Element.UnitSquare, 6, problem.FixedDofs);
        var c = MultigridDesigns.HoleCellMap(problem.Mesh.ElementCount, seed: 8);
        var f = new double[2 * problem.Mesh.DofCount];
        problem.ForceVector(0, f.AsSpan(0, problem.Mesh.DofCount));
        for (var d = 0; d < problem.Mesh.DofCount; d += 7)
        {
            f[problem.Mesh.DofCount + d] = Math.Sin(d);
        }

        var (direct, iterative) = (new CholeskySolver(system), new MultigridSolver(system, SmallCoarsest));
        var (u, v) = (new double[f.Length], new double[f.Length]);
        direct.Update(c);
        direct.Solve(f, u, 2);
        iterative.Update(c);
        iterative.Solve(f, v, 2);

        var scale = u.Max(Math.Abs);
        Assert.All(u.Zip(v), p => Assert.True(Math.Abs(p.First - p.Second) <= 1e-5 * scale, $"{p.First} vs {p.Second}"));
        Assert.Equal(2, iterative.Statistics.Solves);
        Assert.All(problem.FixedDofs.ToArray(), d => Assert.Equal(0, v[d]));
    }

    [Fact]
    public void The_analysis_warm_starts_from_the_previous_displacements()
    {
        var problem = StandardProblems.HalfMbb(120, 60);
        var material = new SimpMaterial();
        var random = new Random(4);
        var theta = Enumerable.Range(0, problem.Mesh.ElementCount).Select(_ => 0.2 + (0.8 * random.NextDouble())).ToArray();
        var stiffness = new double[4 * theta.Length];
        material.Stiffness(theta, stiffness);
        var analysis = Multigrid(problem);
        var u = new double[problem.Mesh.DofCount];
        analysis.Solve(stiffness, u);
        var first = analysis.Solver.Statistics.LastIterations!.Value;

        for (var e = 0; e < theta.Length; e++)
        {
            theta[e] = Math.Clamp(theta[e] + (0.01 * (random.NextDouble() - 0.5)), 0, 1);
        }

        material.Stiffness(theta, stiffness);
        var warm = analysis.Solve(stiffness, u);
        var warmIterations = analysis.Solver.Statistics.LastIterations!.Value;
        var cold = analysis.Solve(stiffness, new double[u.Length]);
        var coldIterations = analysis.Solver.Statistics.LastIterations!.Value;

        Assert.True(warmIterations <= coldIterations - 3, $"warm {warmIterations}, cold {coldIterations}, first {first}");
        Assert.Equal(1, warm / cold, 8);
        Assert.Equal(first + warmIterations + coldIterations, analysis.Solver.Statistics.TotalIterations);
    }

    [Fact]
    public void An_oc_run_with_mgcg_follows_the_cholesky_run()
    {
        var structure = StandardProblems.HalfMbb(90, 45);
        var settings = new ComplianceSettings { FilterRadius = 2.7 };
        var stopping = new StoppingCriteria(25, ChangeTolerance: 0);
        var direct = new ComplianceProblem(structure, new SimpMaterial(), settings, new LinearElasticAnalysis(structure, solver: LinearSolvers.Cholesky));
        var iterative = new ComplianceProblem(structure, new SimpMaterial(), settings, Multigrid(structure));

        var expected = new OptimalityCriteria().Minimize(direct, direct.InitialDesign(), stopping);
        var actual = new OptimalityCriteria().Minimize(iterative, iterative.InitialDesign(), stopping);

        Assert.Equal(ExitReason.MaxIterations, actual.ExitReason);
        Assert.Equal(expected.Iterations, actual.Iterations);
        foreach (var (a, b) in expected.History.Zip(actual.History))
        {
            Assert.Equal(1, b.Objective / a.Objective, 6);
        }

        Assert.True(expected.X.Zip(actual.X).Max(p => Math.Abs(p.First - p.Second)) < 1e-4);

        // Warm starts: the run's solves take fewer iterations than a solve from zero at its end.
        var statistics = iterative.Analysis.Solver.Statistics;
        var perSolve = statistics.TotalIterations!.Value / (double)statistics.Solves;
        var final = new double[4 * structure.Mesh.ElementCount];
        new SimpMaterial().Stiffness(actual.X.ToArray(), final);
        iterative.Analysis.Solve(final, new double[structure.Mesh.DofCount]);
        Assert.True(perSolve < iterative.Analysis.Solver.Statistics.LastIterations, $"{perSolve} per warm solve, {iterative.Analysis.Solver.Statistics.LastIterations} from zero");
    }

    [Fact]
    public void The_taylor_check_passes_through_the_iterative_solve()
    {
        var structure = StandardProblems.HalfMbb(32, 16);
        var settings = new ComplianceSettings { Filter = NeuralTopOpt.Fem.Filters.FilterKind.None };
        var problem = new ComplianceProblem(structure, new SimpMaterial(), settings, Multigrid(structure));

        var result = TaylorCheck.Run(problem, seed: 2);

        Assert.True(((MultigridSolver)problem.Analysis.Solver).Inner.Levels.Count >= 2);
        Assert.True(result.Passes(), $"order {result.ObservedOrder}");
    }

    [Fact]
    public void Auto_takes_the_cholesky_up_to_the_threshold_and_the_multigrid_above()
    {
        var small = StandardProblems.HalfMbb(200, 100);
        var large = StandardProblems.HalfMbb(300, 150);
        var smallSystem = new ElasticSystem(small.Mesh, Q4Element.UnitSquare, 4, small.FixedDofs);
        var largeSystem = new ElasticSystem(large.Mesh, Q4Element.UnitSquare, 4, large.FixedDofs);

        Assert.True(smallSystem.UnknownCount <= LinearSolvers.AutoMultigridUnknowns && largeSystem.UnknownCount > LinearSolvers.AutoMultigridUnknowns);
        Assert.Equal("cholesky", LinearSolvers.Resolve("auto", smallSystem));
        Assert.Equal("mgcg", LinearSolvers.Resolve("auto", largeSystem));
        Assert.Equal("cholesky", LinearSolvers.Resolve("cholesky", largeSystem));
        Assert.Equal("mgcg", LinearSolvers.Resolve("mgcg", smallSystem));
        Assert.IsType<CholeskySolver>(LinearSolvers.Create("auto", new ElasticSystem(StandardProblems.HalfMbb(10, 5).Mesh, Q4Element.UnitSquare, 4, StandardProblems.HalfMbb(10, 5).FixedDofs)));
        Assert.Equal(["auto", "cholesky", "mgcg", "lu", "cholesky-lu"], LinearSolvers.Names);
        Assert.Equal("auto", new TopologySetup { Problem = small }.ResolvedSolver);
        Assert.Contains("auto, cholesky, mgcg, lu, cholesky-lu", Assert.Throws<InvalidInputException>(() => LinearSolvers.Resolve("amg", smallSystem)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_keeps_the_cholesky_for_an_element_the_multigrid_does_not_take()
    {
        var problem = StandardProblems.HalfMbb(300, 150);
        var system = new ElasticSystem(problem.Mesh, new OtherElement(), 4, problem.FixedDofs);

        Assert.False(MultigridSolver.Supports(system));
        Assert.Equal("cholesky", LinearSolvers.Resolve("auto", system));
        var error = Assert.Throws<InvalidInputException>(() => new MultigridSolver(system));
        Assert.Contains("structured grid of Q4 elements", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_solve_that_does_not_converge_is_an_error_with_the_residual()
    {
        var problem = StandardProblems.HalfMbb(64, 32);
        var analysis = Multigrid(problem, options: SmallCoarsest with { MaxIterations = 2, RelativeTolerance = 1e-12 });

        var error = Assert.Throws<SolverNotConvergedException>(() => analysis.Solve(FemTestData.RandomSimp(problem.Mesh.ElementCount, seed: 1), new double[problem.Mesh.DofCount]));

        Assert.Equal(2, error.Iterations);
        Assert.True(error.RelativeResidual > 1e-12);
        Assert.StartsWith("the mgcg solver did not converge: after 2 iterations the relative residual is ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("use --solver cholesky", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// The check: the compliance at a realistic intermediate design of the 600×300 half MBB beam
    /// (E_min = 10⁻⁹), through the setup record with <c>--solver mgcg</c> (default options: coarsest level
    /// 65,000 unknowns, tolerance 10⁻⁶) and <c>auto</c>, equals the Cholesky's to 10⁻⁶ relative; the gradient
    /// to 10⁻³ of its largest entry.
    /// </summary>
    [Fact]
    [Trait("Category", "Slow")]
    public void At_600x300_the_compliance_equals_the_cholesky_to_1e_6()
    {
        var structure = StandardProblems.HalfMbb(600, 300);
        var theta = MultigridDesigns.OcMbb(600, 300);
        (double Compliance, double[] Gradient, string Solver) Evaluate(string solver)
        {
            var problem = new TopologySetup { Problem = structure, Solver = solver, Filter = NeuralTopOpt.Fem.Filters.FilterKind.None }.Build().Problem;
            var gradient = new double[theta.Length];
            return (problem.Evaluate(theta, gradient), gradient, problem.Analysis.Solver.Name);
        }

        var multigrid = Evaluate("mgcg");
        var automatic = Evaluate("auto");
        var cholesky = Evaluate("cholesky");

        Assert.Equal("mgcg", automatic.Solver);
        Assert.Equal(1, multigrid.Compliance / cholesky.Compliance, 6);
        Assert.Equal(multigrid.Compliance, automatic.Compliance);
        var largest = cholesky.Gradient.Max(Math.Abs);
        Assert.True(cholesky.Gradient.Zip(multigrid.Gradient).Max(p => Math.Abs(p.First - p.Second)) <= 1e-3 * largest);
    }

    /// <summary>
    /// A known limit, stated: random fully anisotropic tensors (A·Aᵀ + 0.1·I, A uniform) times a modulus of contrast
    /// 10³ from element to element make the damped-Jacobi V-cycle (ω = 0.6) indefinite; CG breaks down and the
    /// solver says so in one line. The Chebyshev smoother (λ_max estimated per level) solves the same system.
    /// </summary>
    [Fact]
    public void Random_anisotropic_tensors_break_the_jacobi_cycle_loudly_and_chebyshev_solves_them()
    {
        var problem = StandardProblems.HalfMbb(48, 24);
        var system = new ElasticSystem(problem.Mesh, Q4Element.UnitSquare, 6, problem.FixedDofs);
        var random = new Random(8);
        var c = new double[6 * problem.Mesh.ElementCount];
        for (var e = 0; e < problem.Mesh.ElementCount; e++)
        {
            var a = Enumerable.Range(0, 9).Select(_ => random.NextDouble() - 0.5).ToArray();
            double Entry(int i, int j) => (a[3 * i] * a[3 * j]) + (a[(3 * i) + 1] * a[(3 * j) + 1]) + (a[(3 * i) + 2] * a[(3 * j) + 2]) + (i == j ? 0.1 : 0);
            double[] entries = [Entry(0, 0), Entry(0, 1), Entry(1, 1), Entry(2, 2), Entry(0, 2), Entry(1, 2)];
            var modulus = 1e-3 + Math.Pow(random.NextDouble(), 3);
            for (var t = 0; t < 6; t++)
            {
                c[(6 * e) + t] = modulus * entries[t];
            }
        }

        var f = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, f);
        var direct = new CholeskySolver(system);
        direct.Update(c);
        var u = new double[f.Length];
        direct.Solve(f, u, 1);
        var jacobi = new MultigridSolver(system, SmallCoarsest);
        jacobi.Update(c);
        var chebyshev = new MultigridSolver(system, SmallCoarsest with { Smoother = SmootherKind.Chebyshev });
        chebyshev.Update(c);
        var v = new double[f.Length];

        var error = Assert.Throws<SolverNotConvergedException>(() => jacobi.Solve(f, new double[f.Length], 1));
        chebyshev.Solve(f, v, 1);

        Assert.Contains("CG broke down", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, f.Zip(v, (x, y) => x * y).Sum() / f.Zip(u, (x, y) => x * y).Sum(), 9);
    }

    /// <summary>The Q4 element under another name: a basis the multigrid does not know.</summary>
    private sealed class OtherElement : IElementBasis
    {
        private readonly Q4Basis _q4 = Q4Element.UnitSquare;

        public string Name => "other";

        public int NodeCount => _q4.NodeCount;

        public int DofsPerNode => _q4.DofsPerNode;

        public int DofCount => _q4.DofCount;

        public int PackedCount => _q4.PackedCount;

        public int EntryCount => _q4.EntryCount;

        public int OrthotropicEntryCount => _q4.OrthotropicEntryCount;

        public IReadOnlyList<string> EntryNames => _q4.EntryNames;

        public ReadOnlySpan<double> Packed => _q4.Packed;

        public ReadOnlySpan<double> Matrix(int entry) => _q4.Matrix(entry);

        public void Energies(ReadOnlySpan<double> ue, Span<double> energies) => _q4.Energies(ue, energies);
    }
}
