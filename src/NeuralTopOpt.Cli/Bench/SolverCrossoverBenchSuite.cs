using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Solvers;

namespace NeuralTopOpt.Cli.Bench;

/// <summary>
/// <c>ntopo bench crossover</c>: where <c>--solver auto</c> switches from the Cholesky to the multigrid-CG
/// (<see cref="LinearSolvers.AutoMultigridUnknowns"/>). On the half MBB beam at growing sizes, one
/// optimization iteration's solve through the seam (<see cref="LinearElasticAnalysis.Solve"/>: update +
/// solve) with each solver at the intermediate OC design; the multigrid warm-started from the previous
/// OC iteration's displacements, as in a run (and cold, from zero, for reference). The timed case is
/// the warm multigrid; the Cholesky's and the cold multigrid's medians are figures.
/// </summary>
internal sealed class SolverCrossoverBenchSuite : IBenchSuite
{
    private static readonly (int Nelx, int Nely)[] Sizes = [(60, 30), (100, 50), (140, 70), (200, 100), (260, 130), (300, 150), (400, 200)];

    public string Name => "crossover";

    public string Description => "Cholesky against multigrid-CG per optimization solve on the half MBB beam from 60x30 to 400x200: the size rule of --solver auto.";

    public IEnumerable<BenchMeasurement> Run(BenchSettings settings)
    {
        foreach (var (nelx, nely) in Sizes)
        {
            yield return Measure(nelx, nely, settings);
        }
    }

    private static BenchMeasurement Measure(int nelx, int nely, BenchSettings settings)
    {
        var problem = StandardProblems.HalfMbb(nelx, nely);
        var previous = BenchDesigns.SimpStiffness(BenchDesigns.IntermediateMbb(nelx, nely, iterations: 29));
        var current = BenchDesigns.SimpStiffness(BenchDesigns.IntermediateMbb(nelx, nely, iterations: 30));
        var cholesky = new LinearElasticAnalysis(problem, solver: LinearSolvers.Cholesky);
        var multigrid = new LinearElasticAnalysis(problem, solver: LinearSolvers.Multigrid);
        var start = new double[problem.Mesh.DofCount];
        multigrid.Solve(previous, start);
        var u = new double[start.Length];
        var iterations = 0;
        var warm = BenchHarness.Measure(
            "crossover",
            $"mgcg warm {nelx}x{nely}",
            () =>
            {
                start.CopyTo(u, 0);
                multigrid.Solve(current, u);
                iterations = multigrid.Solver.Statistics.LastIterations ?? 0;
            },
            settings);
        var complianceMultigrid = multigrid.Solve(current, u);
        var cold = BenchHarness.Measure("crossover", "cold", () => multigrid.Solve(current, new double[start.Length]), settings);
        var coldIterations = multigrid.Solver.Statistics.LastIterations ?? 0;
        double complianceCholesky = 0;
        var direct = BenchHarness.Measure("crossover", "cholesky", () => complianceCholesky = cholesky.Solve(current, new double[start.Length]), settings);
        return warm with
        {
            Figures = new Dictionary<string, double>
            {
                ["unknowns"] = cholesky.UnknownCount,
                ["cholesky_ms"] = direct.MedianMs,
                ["mgcg_warm_ms"] = warm.MedianMs,
                ["mgcg_cold_ms"] = cold.MedianMs,
                ["warm_iterations"] = iterations,
                ["cold_iterations"] = coldIterations,
                ["cholesky_over_warm"] = direct.MedianMs / warm.MedianMs,
                ["compliance_rel_diff"] = Math.Abs(complianceMultigrid - complianceCholesky) / complianceCholesky,
            },
        };
    }
}
