using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Solvers;
using NeuralTopOpt.Sparse;

namespace NeuralTopOpt.Tests.Solvers;

public class CholeskySolverTests
{
    [Fact]
    public void Six_coefficient_elements_assemble_to_the_dense_sum_of_full_anisotropic_element_matrices()
    {
        // Rotated orthotropic tensors have C13, C23 ≠ 0: the assembly must take all six basis matrices.
        var problem = StandardProblems.Cantilever(6, 4);
        var c = AnisotropicCoefficients(problem.Mesh.ElementCount, seed: 3);
        var solver = new CholeskySolver(new ElasticSystem(problem.Mesh, Q4Element.UnitSquare, 6, problem.FixedDofs));

        solver.Update(c);

        var free = Free(problem);
        var dense = new double[free.Length, free.Length];
        var index = new int[problem.Mesh.DofCount];
        Array.Fill(index, -1);
        for (var i = 0; i < free.Length; i++)
        {
            index[free[i]] = i;
        }

        var ke = new double[64];
        for (var e = 0; e < problem.Mesh.ElementCount; e++)
        {
            var t = c.AsSpan(6 * e, 6);
            Q4Element.UnitSquare.Stiffness(new StiffnessTensor(t[0], t[1], t[2], t[3], t[4], t[5]), ke);
            var dofs = problem.Mesh.DofsOf(e);
            for (var a = 0; a < 8; a++)
            {
                for (var b = 0; b < 8; b++)
                {
                    if (index[dofs[a]] >= 0 && index[dofs[b]] >= 0)
                    {
                        dense[index[dofs[a]], index[dofs[b]]] += ke[(8 * a) + b];
                    }
                }
            }
        }

        var m = solver.Matrix;
        for (var j = 0; j < m.ColumnCount; j++)
        {
            for (var p = m.ColumnPointers[j]; p < m.ColumnPointers[j + 1]; p++)
            {
                Assert.Equal(dense[m.RowIndices[p], j], m.Values[p], 1e-14);
            }
        }
    }

    [Fact]
    public void Solves_several_right_hand_sides_on_mesh_dofs_to_a_tiny_residual_with_zero_on_fixed_dofs()
    {
        var problem = StandardProblems.HalfMbb(20, 10);
        var mesh = problem.Mesh;
        var solver = new CholeskySolver(new ElasticSystem(mesh, Q4Element.UnitSquare, 6, problem.FixedDofs));
        solver.Update(AnisotropicCoefficients(mesh.ElementCount, seed: 8));
        var random = new Random(4);
        var rhs = Enumerable.Range(0, 2 * mesh.DofCount).Select(_ => random.NextDouble() - 0.5).ToArray();
        var solution = Enumerable.Repeat(123.0, rhs.Length).ToArray();

        solver.Solve(rhs, solution, 2);

        var free = Free(problem);
        foreach (var dof in problem.FixedDofs)
        {
            Assert.Equal(0, solution[dof]);
            Assert.Equal(0, solution[mesh.DofCount + dof]);
        }

        for (var l = 0; l < 2; l++)
        {
            var u = free.Select(d => solution[(l * mesh.DofCount) + d]).ToArray();
            var f = free.Select(d => rhs[(l * mesh.DofCount) + d]).ToArray();
            Assert.True(Sparse.TestMatrices.RelativeResidual(solver.Matrix, u, f) < 1e-12);
        }

        var statistics = solver.Statistics;
        Assert.Equal(("cholesky", free.Length, 1, 2), (statistics.Solver, statistics.Unknowns, statistics.Updates, statistics.Solves));
        Assert.True(statistics.FactorNonzeros > free.Length);
        Assert.Null(statistics.LastIterations);
    }

    [Fact]
    public void Registry_names_the_solvers_and_refuses_an_unknown_one()
    {
        var problem = StandardProblems.HalfMbb(4, 2);
        var system = new ElasticSystem(problem.Mesh, Q4Element.UnitSquare, 4, problem.FixedDofs);

        Assert.IsType<CholeskySolver>(LinearSolvers.Create(LinearSolvers.Default, system));
        Assert.Contains("cholesky", LinearSolvers.Names);
        var error = Assert.Throws<InvalidInputException>(() => LinearSolvers.Create("gauss-seidel", system));
        Assert.Contains("cholesky", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new ElasticSystem(problem.Mesh, Q4Element.UnitSquare, 7, problem.FixedDofs));
        Assert.Throws<ArgumentException>(() => system.CheckCoefficients(new double[6 * problem.Mesh.ElementCount]));
    }

    [Fact]
    public void An_indefinite_element_is_reported_at_its_node_and_direction()
    {
        var problem = StandardProblems.HalfMbb(4, 2);
        var solver = new CholeskySolver(new ElasticSystem(problem.Mesh, Q4Element.UnitSquare, 6, problem.FixedDofs));
        var c = AnisotropicCoefficients(problem.Mesh.ElementCount, seed: 1);
        c[6 * 3] = -5;

        var error = Assert.Throws<NotPositiveDefiniteException>(() => solver.Update(c));

        Assert.Contains("node at x=", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Seeded rotated orthotropic tensors T(φ)·C⁰·T(φ)ᵀ (positive definite, C13 and C23 nonzero): 6 per element.</summary>
    internal static double[] AnisotropicCoefficients(int elements, int seed)
    {
        var random = new Random(seed);
        var c = new double[6 * elements];
        for (var e = 0; e < elements; e++)
        {
            var (c11, c22, c33) = (0.2 + random.NextDouble(), 0.2 + random.NextDouble(), 0.05 + (0.3 * random.NextDouble()));
            var c12 = 0.3 * Math.Sqrt(c11 * c22) * random.NextDouble();
            var phi = Math.PI * (random.NextDouble() - 0.5);
            var (s, k) = (Math.Sin(phi), Math.Cos(phi));
            double[,] t = { { k * k, s * s, -2 * s * k }, { s * s, k * k, 2 * s * k }, { s * k, -s * k, (k * k) - (s * s) } };
            double[,] c0 = { { c11, c12, 0 }, { c12, c22, 0 }, { 0, 0, c33 } };
            var r = new double[3, 3];
            for (var i = 0; i < 3; i++)
            {
                for (var j = 0; j < 3; j++)
                {
                    for (var a = 0; a < 3; a++)
                    {
                        for (var b = 0; b < 3; b++)
                        {
                            r[i, j] += t[i, a] * c0[a, b] * t[j, b];
                        }
                    }
                }
            }

            double[] entries = [r[0, 0], r[0, 1], r[1, 1], r[2, 2], r[0, 2], r[1, 2]];
            entries.CopyTo(c, 6 * e);
        }

        return c;
    }

    private static int[] Free(StructuralProblem problem)
    {
        var fixedDofs = new HashSet<int>(problem.FixedDofs.ToArray());
        return [.. Enumerable.Range(0, problem.Mesh.DofCount).Where(d => !fixedDofs.Contains(d))];
    }
}
