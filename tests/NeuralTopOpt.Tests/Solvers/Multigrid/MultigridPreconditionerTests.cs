using MathNet.Numerics.LinearAlgebra;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Solvers.Multigrid;

namespace NeuralTopOpt.Tests.Solvers.Multigrid;

public class MultigridPreconditionerTests
{
    private static (MultigridPreconditioner Hierarchy, int[] Supports) Build(int nx, int ny, MultigridOptions options, double[] coefficients)
    {
        var mesh = new GridMesh(nx, ny);
        var supports = Enumerable.Range(0, ny + 1).Select(iy => 2 * mesh.Node(0, iy)).Append((2 * mesh.Node(nx, ny)) + 1).ToArray();
        var hierarchy = new MultigridPreconditioner(nx, ny, new TermBasis(Q4Element.UnitSquare, 4), supports, options);
        hierarchy.Update(coefficients);
        return (hierarchy, supports);
    }

    /// <summary>Dense B (the cycle) and A on the free DOFs.</summary>
    private static (Matrix<double> B, Matrix<double> A) Dense(MultigridPreconditioner hierarchy)
    {
        var fine = hierarchy.Levels[0];
        var layout = fine.Layout;
        var free = MultigridTestData.MeshPositions(layout).Where(p => !fine.IsFixed[p]).ToArray();
        var b = Matrix<double>.Build.Dense(free.Length, free.Length);
        var a = Matrix<double>.Build.Dense(free.Length, free.Length);
        var x = new double[layout.Length];
        var y = new double[layout.Length];
        for (var j = 0; j < free.Length; j++)
        {
            Array.Clear(x);
            x[free[j]] = 1;
            var z = hierarchy.Apply(x);
            fine.Operator.Apply(x, y);
            for (var i = 0; i < free.Length; i++)
            {
                b[i, j] = z[free[i]];
                a[i, j] = y[free[i]];
            }
        }

        return (b, a);
    }

    public static TheoryData<SmootherKind, CycleKind, FineOperatorKind, CoarseOperatorKind> Variants => new()
    {
        { SmootherKind.Jacobi, CycleKind.V, FineOperatorKind.MatrixFree, CoarseOperatorKind.Galerkin },
        { SmootherKind.Jacobi, CycleKind.W, FineOperatorKind.Assembled, CoarseOperatorKind.Galerkin },
        { SmootherKind.Chebyshev, CycleKind.V, FineOperatorKind.MatrixFree, CoarseOperatorKind.Rediscretized },
        { SmootherKind.Chebyshev, CycleKind.W, FineOperatorKind.MatrixFree, CoarseOperatorKind.Galerkin },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void The_cycle_is_a_symmetric_positive_definite_preconditioner_with_spectrum_of_BA_in_0_1(
        SmootherKind smoother, CycleKind cycle, FineOperatorKind fine, CoarseOperatorKind coarse)
    {
        // 3 levels (12×8 → 6×4 → 3×2); a high-contrast random material.
        var options = new MultigridOptions { Smoother = smoother, Cycle = cycle, FineOperator = fine, CoarseOperator = coarse, CoarsestMaxUnknowns = 30, SmoothingSteps = 2 };
        var (hierarchy, _) = Build(12, 8, options, MultigridTestData.RandomCoefficients(96, 4, seed: 4, contrast: 1e-9));
        Assert.Equal(3, hierarchy.Levels.Count);
        var (b, a) = Dense(hierarchy);

        Assert.True((b - b.Transpose()).InfinityNorm() < 1e-12 * b.InfinityNorm(), "B is not symmetric");
        Assert.True(b.Evd(Symmetricity.Symmetric).EigenValues.Real().Min() > 0, "B is not positive definite");

        // I − BA is the error propagation of one cycle: its eigenvalues lie in [0, 1), so those of BA in (0, 1].
        // At contrast 1e-9 a few lie near 0: a stiff element held only by void moves as a rigid body that
        // neither the smoother nor the bilinear coarse space sees (CG removes such isolated eigenvalues).
        var ba = (b * a).Evd().EigenValues;
        Assert.True(ba.Imaginary().All(v => Math.Abs(v) < 1e-8));
        Assert.InRange(ba.Real().Min(), 1e-10, 1);
        if (coarse == CoarseOperatorKind.Galerkin)
        {
            // Only a Galerkin coarse operator makes the coarse correction an A-orthogonal projection;
            // a rediscretized one may overshoot (eigenvalues of BA a little above 1), still positive.
            Assert.InRange(ba.Real().Max(), 0, 1 + 1e-9);
        }
    }

    [Theory]
    [InlineData(SmootherKind.Jacobi, 1, 0.70)]
    [InlineData(SmootherKind.Jacobi, 2, 0.58)]
    [InlineData(SmootherKind.Chebyshev, 2, 0.50)]
    public void Two_grid_convergence_factor_is_bounded_and_independent_of_the_mesh_size(SmootherKind smoother, int steps, double bound)
    {
        var coarse = TwoGridFactor(smoother, steps, 32, 16);
        var fine = TwoGridFactor(smoother, steps, 64, 32);

        Assert.InRange(coarse, 0.1, bound);
        Assert.InRange(fine, 0.1, bound);
        Assert.InRange(fine - coarse, -0.05, 0.05);
    }

    /// <summary>ρ(I − BA) of the two-grid method (coarse level solved exactly) by power iteration on the error in the energy norm.</summary>
    private static double TwoGridFactor(SmootherKind smoother, int steps, int nx, int ny)
    {
        var options = new MultigridOptions { Smoother = smoother, SmoothingSteps = steps, ChebyshevDegree = steps, CoarsestMaxUnknowns = ((nx / 2) + 1) * ((ny / 2) + 1) * 2 };
        var coefficients = Enumerable.Range(0, nx * ny).SelectMany(_ => new[] { 1.3462, 0.5769, 1.3462, 0.3846 }).ToArray();
        var (hierarchy, _) = Build(nx, ny, options, coefficients);
        Assert.Equal(2, hierarchy.Levels.Count);
        var fine = hierarchy.Levels[0];
        var n = fine.Layout.Length;
        var random = new Random(1);
        var e = new double[n];
        var ae = new double[n];
        foreach (var p in MultigridTestData.MeshPositions(fine.Layout).Where(p => !fine.IsFixed[p]))
        {
            e[p] = random.NextDouble() - 0.5;
        }

        double Energy(double[] v)
        {
            fine.Operator.Apply(v, ae);
            return Math.Sqrt(v.Zip(ae, (x, y) => x * y).Sum());
        }

        var factor = 0.0;
        var previous = Energy(e);
        for (var k = 0; k < 25; k++)
        {
            fine.Operator.Apply(e, ae);
            var correction = hierarchy.Apply(ae);
            for (var i = 0; i < n; i++)
            {
                e[i] -= correction[i];
            }

            var current = Energy(e);
            factor = current / previous;
            for (var i = 0; i < n; i++)
            {
                e[i] /= current;
            }

            previous = 1;
        }

        return factor;
    }
}
