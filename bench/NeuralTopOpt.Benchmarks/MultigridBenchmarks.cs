using BenchmarkDotNet.Attributes;
using NeuralTopOpt.Cli.Bench;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Solvers.Multigrid;

namespace NeuralTopOpt.Benchmarks;

/// <summary>
/// Multigrid-preconditioned CG on the half MBB beam at a realistic intermediate design (OC at 200×100,
/// 30 iterations, resampled; SIMP p = 3, E_min = 10⁻⁹), as <c>ntopo bench solver</c>'s <c>mgcg</c> cases:
/// one operation is Update (diagonals, Galerkin coarse operators, coarsest factorization) plus a solve
/// from zero. Issue 13 targets: 600×300 faster than the Cholesky (<see cref="SolverBenchmarks"/>),
/// 2000×1000 (4M unknowns) in ≤ 5 s and ≤ 1 GB on the checking machine.
/// </summary>
[MemoryDiagnoser]
public class MultigridBenchmarks
{
    private MultigridCgSolver _solver = null!;
    private double[] _stiffness = [];
    private double[] _force = [];
    private double[] _displacements = [];

    /// <summary>Elements along x; nely = nelx / 2.</summary>
    [Params(600, 2000)]
    public int Nelx { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var problem = StandardProblems.HalfMbb(Nelx, Nelx / 2);
        _stiffness = BenchDesigns.SimpStiffness(BenchDesigns.IntermediateMbb(Nelx, Nelx / 2));
        _force = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, _force);
        _displacements = new double[problem.Mesh.DofCount];
        _solver = new MultigridCgSolver(problem.Mesh, Q4Element.UnitSquare, 4, problem.FixedDofs);
    }

    [Benchmark]
    public int UpdateAndSolve()
    {
        _solver.Update(_stiffness);
        Array.Clear(_displacements);
        return _solver.Solve(_force, _displacements).Iterations;
    }
}
