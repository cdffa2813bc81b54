using System.Diagnostics;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Solvers.Multigrid;

namespace NeuralTopOpt.Cli.Bench;

/// <summary>
/// The <c>mgcg NxM</c> cases of <c>ntopo bench solver</c>: one operation is <see cref="MultigridCgSolver.Update"/>
/// with the design's stiffness plus a solve from zero (what one iteration of an optimization costs without
/// the warm start), with the default options. Figures: iterations, residual, the update/solve split, the
/// solver's own memory and the peak working set of the process during the case (reset before it where the
/// system allows, see <see cref="PeakMemory"/>), and at 600×300 the compliance against the Cholesky's.
/// </summary>
internal static class MultigridBenchCases
{
    public static BenchMeasurement Measure(int nelx, int nely, double targetMs, BenchSettings settings, bool compareWithCholesky)
    {
        var problem = StandardProblems.HalfMbb(nelx, nely);
        var stiffness = BenchDesigns.SimpStiffness(BenchDesigns.IntermediateMbb(nelx, nely));
        var force = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, force);
        var reset = PeakMemory.Reset();
        var solver = new MultigridCgSolver(problem.Mesh, Q4Element.UnitSquare, 4, problem.FixedDofs);
        var displacements = new double[problem.Mesh.DofCount];
        var runs = new List<(TimeSpan Update, SolveStatistics Solve)>();
        var measurement = BenchHarness.Measure(
            "solver",
            $"mgcg {nelx}x{nely}",
            () =>
            {
                solver.Update(stiffness);
                Array.Clear(displacements);
                runs.Add((solver.UpdateTime, solver.Solve(force, displacements)));
            },
            settings,
            targetMs);

        double compliance = 0;
        for (var i = 0; i < force.Length; i++)
        {
            compliance += force[i] * displacements[i];
        }

        double Median(Func<(TimeSpan Update, SolveStatistics Solve), double> part) =>
            BenchHarness.Quantile(runs.Select(part).Order().ToList(), 0.5);
        var last = runs[^1].Solve;
        using var process = Process.GetCurrentProcess();
        var peak = PeakMemory.WorkingSetPeakBytes(process);
        var figures = new Dictionary<string, double>
        {
            ["unknowns"] = problem.Mesh.DofCount - problem.FixedDofs.Length,
            ["levels"] = solver.Levels.Count,
            ["coarsest_unknowns"] = solver.Levels[^1].Unknowns,
            ["iterations"] = last.Iterations,
            ["relative_residual"] = last.RelativeResidual,
            ["converged"] = last.Converged ? 1 : 0,
            ["analysis_ms"] = solver.AnalysisTime.TotalMilliseconds,
            ["update_ms"] = Median(r => r.Update.TotalMilliseconds),
            ["solve_ms"] = Median(r => r.Solve.SolveTime.TotalMilliseconds),
            ["solver_MB"] = solver.MemoryBytes / (double)(1 << 20),
            ["peak_working_set_MB"] = peak / (double)(1 << 20),
            ["peak_reset"] = reset ? 1 : 0,
            ["compliance"] = compliance,
        };
        if (compareWithCholesky)
        {
            // After the timing (its peak is not the case's), in a method of its own so the factor is freed on return.
            var expected = CholeskyCompliance(problem, stiffness);
            figures["cholesky_compliance"] = expected;
            figures["compliance_rel_diff"] = Math.Abs(compliance - expected) / expected;
        }

        return measurement with { Figures = figures };
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static double CholeskyCompliance(StructuralProblem problem, double[] stiffness) =>
        new LinearElasticAnalysis(problem).Solve(stiffness, new double[problem.Mesh.DofCount]);
}

/// <summary>
/// The peak working set of one benchmark case. On Linux writing 5 to /proc/self/clear_refs resets the
/// kernel's high-water mark (VmHWM) to the current resident set, so the peak read afterwards belongs to
/// what ran since; elsewhere the process-wide peak is reported (an upper bound).
/// </summary>
internal static class PeakMemory
{
    /// <summary>Collects garbage (compacting the large-object heap) and resets the high-water mark; false when it cannot.</summary>
    public static bool Reset()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return false;
        }
    }

    /// <summary>The peak working set (VmHWM) of the process.</summary>
    public static long WorkingSetPeakBytes(Process process)
    {
        process.Refresh();
        return process.PeakWorkingSet64;
    }
}
