using System.Diagnostics;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Solvers.Multigrid;

namespace NeuralTopOpt.Cli.Bench;

/// <summary>
/// <c>ntopo bench multigrid</c>: the measurements behind docs/multigrid.md on the half MBB beam at 600×300.
/// Robustness: CG iterations at contrast 10⁻³, 10⁻⁶, 10⁻⁹ for an intermediate and a converged OC design, a
/// random density field and a fine-scale solid/void pixel structure, with the compliance against the
/// Cholesky at 10⁻⁹ (the case timed is the 10⁻⁹ one). Design choices: Galerkin against rediscretized coarse
/// operators, Jacobi against Chebyshev smoothing, V against W cycles, matrix-free against assembled fine
/// level, the size of the coarsest level — each one change from the defaults, at the intermediate design and
/// 10⁻⁹. One operation is Update plus a solve from zero.
/// </summary>
internal sealed class MultigridBenchSuite : IBenchSuite
{
    private const int Nelx = 600;
    private const int Nely = 300;
    private static readonly double[] Contrasts = [1e-3, 1e-6, 1e-9];

    public string Name => "multigrid";

    public string Description => "Multigrid-CG at 600x300: iterations against contrast on real and hard designs, and each design choice against the defaults (docs/multigrid.md).";

    public IEnumerable<BenchMeasurement> Run(BenchSettings settings)
    {
        var problem = StandardProblems.HalfMbb(Nelx, Nely);
        yield return Robustness(problem, "intermediate OC design", c => BenchDesigns.SimpStiffness(BenchDesigns.IntermediateMbb(Nelx, Nely), c), settings);
        yield return Robustness(problem, "converged OC design", c => BenchDesigns.SimpStiffness(BenchDesigns.IntermediateMbb(Nelx, Nely, iterations: 200), c), settings);
        yield return Robustness(problem, "random density field", c => BenchDesigns.SimpStiffness(RandomDensities(seed: 1), c), settings);
        yield return Robustness(problem, "pixel structure of hole cells", PixelStructure, settings);

        var intermediate = BenchDesigns.SimpStiffness(BenchDesigns.IntermediateMbb(Nelx, Nely));
        (string Name, MultigridOptions Options)[] variants =
        [
            ("defaults (Galerkin, Jacobi 1+1, V, matrix-free)", new MultigridOptions()),
            ("rediscretized coarse operators", new MultigridOptions { CoarseOperator = CoarseOperatorKind.Rediscretized }),
            ("Jacobi 2+2", new MultigridOptions { SmoothingSteps = 2 }),
            ("Chebyshev degree 2", new MultigridOptions { Smoother = SmootherKind.Chebyshev, ChebyshevDegree = 2 }),
            ("W-cycle", new MultigridOptions { Cycle = CycleKind.W }),
            ("assembled fine level", new MultigridOptions { FineOperator = FineOperatorKind.Assembled }),
            ("coarsest <= 5,000 unknowns", new MultigridOptions { CoarsestMaxUnknowns = 5_000 }),
            ("tolerance 1e-8", new MultigridOptions { RelativeTolerance = 1e-8 }),
        ];
        foreach (var (name, options) in variants)
        {
            yield return Variant(problem, name, options, intermediate, settings);
        }
    }

    private static BenchMeasurement Robustness(StructuralProblem problem, string design, Func<double, double[]> stiffness, BenchSettings settings)
    {
        var force = Force(problem);
        var figures = new Dictionary<string, double>();
        foreach (var contrast in Contrasts)
        {
            var solver = new MultigridCgSolver(problem.Mesh, Q4Element.UnitSquare, 4, problem.FixedDofs);
            solver.Update(stiffness(contrast));
            var statistics = solver.Solve(force, new double[force.Length]);
            figures[$"iterations_{contrast:0e0}"] = statistics.Converged ? statistics.Iterations : double.NaN;
        }

        var hardest = stiffness(Contrasts[^1]);
        var measured = Measure(problem, $"{design} {Nelx}x{Nely}", new MultigridOptions(), hardest, settings, out var compliance, out _);
        var expected = CholeskyCompliance(problem, hardest);
        figures["compliance_rel_diff_1e-9"] = Math.Abs(compliance - expected) / expected;
        return measured with { Figures = figures };
    }

    private static BenchMeasurement Variant(StructuralProblem problem, string name, MultigridOptions options, double[] stiffness, BenchSettings settings)
    {
        var measured = Measure(problem, name, options, stiffness, settings, out _, out var solver);
        var statistics = solver.LastStatistics!;
        return measured with
        {
            Figures = new Dictionary<string, double>
            {
                ["iterations"] = statistics.Converged ? statistics.Iterations : double.NaN,
                ["levels"] = solver.Levels.Count,
                ["update_ms"] = solver.UpdateTime.TotalMilliseconds,
                ["solve_ms"] = statistics.SolveTime.TotalMilliseconds,
                ["solver_MB"] = solver.MemoryBytes / (double)(1 << 20),
            },
        };
    }

    private static BenchMeasurement Measure(
        StructuralProblem problem, string name, MultigridOptions options, double[] stiffness, BenchSettings settings, out double compliance, out MultigridCgSolver solver)
    {
        var force = Force(problem);
        var u = new double[force.Length];
        var s = new MultigridCgSolver(problem.Mesh, Q4Element.UnitSquare, 4, problem.FixedDofs, options);
        var measurement = BenchHarness.Measure(
            "multigrid",
            name,
            () =>
            {
                s.Update(stiffness);
                Array.Clear(u);
                s.Solve(force, u);
            },
            settings with { MinSamples = 3 });
        compliance = force.Zip(u, (f, x) => f * x).Sum();
        solver = s;
        return measurement;
    }

    private static double[] Force(StructuralProblem problem)
    {
        var force = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, force);
        return force;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static double CholeskyCompliance(StructuralProblem problem, double[] stiffness) =>
        new LinearElasticAnalysis(problem).Solve(stiffness, new double[problem.Mesh.DofCount]);

    /// <summary>Seeded θ uniform in [0, 1) per element: no structure at all, the hardest case for a geometric coarse space.</summary>
    private static double[] RandomDensities(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Nelx * Nely).Select(_ => random.NextDouble()).ToArray();
    }

    /// <summary>
    /// 60 × 30 paper hole cells of 10 × 10 pixels each, hole sides varying smoothly over the beam (0.15 … 0.85):
    /// every pixel solid (E = 1) or void (E = <paramref name="voidModulus"/>) — the structure a fine-scale check
    /// of an HBTO design solves.
    /// </summary>
    private static double[] PixelStructure(double voidModulus)
    {
        const int Pixels = 10;
        var theta = new double[Nelx * Nely];
        for (var cx = 0; cx < Nelx / Pixels; cx++)
        {
            for (var cy = 0; cy < Nely / Pixels; cy++)
            {
                var width = 0.5 + (0.35 * Math.Sin((3.0 * cx * Pixels / Nelx) + (2.0 * cy * Pixels / Nely)));
                var height = 0.5 + (0.35 * Math.Cos((2.0 * cx * Pixels / Nelx) - (4.0 * cy * Pixels / Nely)));
                var cell = HoleCell.Rasterize(width, height, Pixels);
                for (var i = 0; i < Pixels; i++)
                {
                    for (var j = 0; j < Pixels; j++)
                    {
                        theta[(((cx * Pixels) + i) * Nely) + (cy * Pixels) + j] = cell[(i * Pixels) + j];
                    }
                }
            }
        }

        // SIMP of 0/1 densities: E = E_min for void, 1 for solid.
        Debug.Assert(theta.All(t => t is 0 or 1), "pixels are solid or void");
        return BenchDesigns.SimpStiffness(theta, voidModulus);
    }
}
