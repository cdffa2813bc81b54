using MathNet.Numerics.LinearAlgebra;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Solvers;
using NeuralTopOpt.Sparse;

namespace NeuralTopOpt.Tests.Fem;

public class LinearElasticAnalysisTests
{
    private static readonly StiffnessTensor Steelish = StiffnessTensor.Isotropic(1, 0.3, PlaneCondition.Stress);

    [Fact]
    public void Patch_test_reproduces_a_constant_strain_field_exactly()
    {
        // Boundary forces of a constant stress σ = C·ε on a 7×5 grid of an orthotropic material;
        // node (0, 0) pinned and node (7, 0) on a y-roller. The exact solution is linear:
        // u = ε_xx·x + (γ/2 − ω)·y, v = (γ/2 + ω)·x + ε_yy·y with ω = −γ/2 making v(7, 0) = 0.
        var c = new StiffnessTensor(1.9, 0.5, 1.1, 0.4);
        double exx = 0.02, eyy = -0.01, gamma = 0.015;
        var sxx = (c.C11 * exx) + (c.C12 * eyy);
        var syy = (c.C12 * exx) + (c.C22 * eyy);
        var sxy = c.C33 * gamma;
        var mesh = new GridMesh(7, 5);
        var loads = new List<PointLoad>();
        void Edge(int xa, int ya, int xb, int yb, double nx, double ny)
        {
            // Uniform traction σ·n on a unit edge: half of it to each end node.
            var tx = (sxx * nx) + (sxy * ny);
            var ty = (sxy * nx) + (syy * ny);
            foreach (var (x, y) in new[] { (xa, ya), (xb, yb) })
            {
                loads.Add(new PointLoad(2 * mesh.NodeAt(x, y), tx / 2));
                loads.Add(new PointLoad((2 * mesh.NodeAt(x, y)) + 1, ty / 2));
            }
        }

        for (var x = 0; x < 7; x++)
        {
            Edge(x, 0, x + 1, 0, 0, -1);
            Edge(x, 5, x + 1, 5, 0, 1);
        }

        for (var y = 0; y < 5; y++)
        {
            Edge(0, y, 0, y + 1, -1, 0);
            Edge(7, y, 7, y + 1, 1, 0);
        }

        int[] supports = [2 * mesh.NodeAt(0, 0), (2 * mesh.NodeAt(0, 0)) + 1, (2 * mesh.NodeAt(7, 0)) + 1];
        var problem = new StructuralProblem("patch", mesh, supports, [new LoadCase("constant stress", loads)]);
        var analysis = new LinearElasticAnalysis(problem);
        var u = new double[mesh.DofCount];

        analysis.Solve(FemTestData.Uniform(mesh.ElementCount, c), u);

        var omega = -gamma / 2;
        for (var x = 0; x <= 7; x++)
        {
            for (var y = 0; y <= 5; y++)
            {
                var node = mesh.NodeAt(x, y);
                Assert.Equal((exx * x) + (((gamma / 2) - omega) * y), u[2 * node], 12);
                Assert.Equal((((gamma / 2) + omega) * x) + (eyy * y), u[(2 * node) + 1], 12);
            }
        }
    }

    [Fact]
    public void Compliance_equals_f_dot_u_equals_u_K_u_and_the_sum_of_element_energies()
    {
        var problem = StandardProblems.HalfMbb(24, 12);
        var analysis = new LinearElasticAnalysis(problem);
        var c = FemTestData.RandomSimp(problem.Mesh.ElementCount, 4);
        var u = new double[problem.Mesh.DofCount];

        var compliance = analysis.Solve(c, u);

        // uᵀKu with the assembled (reduced) matrix, mapped back to mesh DOFs.
        var fixedDofs = problem.FixedDofs.ToArray();
        var free = Enumerable.Range(0, problem.Mesh.DofCount).Where(d => !fixedDofs.Contains(d)).ToArray();
        var reduced = free.Select(d => u[d]).ToArray();
        var ku = new double[reduced.Length];
        ((CholeskySolver)analysis.Solver).Matrix.MultiplySymmetric(reduced, ku);
        Assert.Equal(compliance, reduced.Zip(ku, (a, b) => a * b).Sum(), 1e-11 * compliance);

        var energies = new double[4 * problem.Mesh.ElementCount];
        analysis.ElementEnergies(u, energies);
        var sum = Enumerable.Range(0, energies.Length).Sum(i => c[i] * energies[i]);
        Assert.Equal(compliance, sum, 1e-11 * compliance);
        Assert.Equal(-u[1], compliance, 1e-14 * compliance);
    }

    [Fact]
    public void Small_problem_matches_a_dense_solve_including_void_elements()
    {
        var problem = StandardProblems.Cantilever(16, 8);
        var analysis = new LinearElasticAnalysis(problem);
        var c = FemTestData.RandomSimp(problem.Mesh.ElementCount, 9);
        for (var e = 0; e < problem.Mesh.ElementCount; e += 3)
        {
            for (var t = 0; t < 4; t++)
            {
                c[(4 * e) + t] *= 1e-9;
            }
        }

        var u = new double[problem.Mesh.DofCount];
        analysis.Solve(c, u);

        var k = ((CholeskySolver)analysis.Solver).Matrix;
        var dense = Sparse.TestMatrices.Dense(k);
        var fixedDofs = problem.FixedDofs.ToArray();
        var free = Enumerable.Range(0, problem.Mesh.DofCount).Where(d => !fixedDofs.Contains(d)).ToArray();
        var f = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, f);
        var reference = dense.Cholesky().Solve(Vector<double>.Build.DenseOfEnumerable(free.Select(d => f[d])));
        var scale = reference.InfinityNorm();
        for (var i = 0; i < free.Length; i++)
        {
            Assert.True(Math.Abs(reference[i] - u[free[i]]) < 1e-9 * scale, $"DOF {free[i]}: {u[free[i]]} vs {reference[i]}");
        }
    }

    [Fact]
    public void Large_random_design_solves_to_a_tiny_residual()
    {
        var problem = StandardProblems.HalfMbb(300, 150);
        var analysis = new LinearElasticAnalysis(problem);
        var u = new double[problem.Mesh.DofCount];

        analysis.Solve(FemTestData.RandomSimp(problem.Mesh.ElementCount, 2), u);

        var fixedDofs = new HashSet<int>(problem.FixedDofs.ToArray());
        var free = Enumerable.Range(0, problem.Mesh.DofCount).Where(d => !fixedDofs.Contains(d)).ToArray();
        var f = new double[problem.Mesh.DofCount];
        problem.ForceVector(0, f);
        var residual = Sparse.TestMatrices.RelativeResidual(((CholeskySolver)analysis.Solver).Matrix, free.Select(d => u[d]).ToArray(), free.Select(d => f[d]).ToArray());
        Assert.True(residual < 1e-10, $"residual {residual}");
    }

    [Fact]
    public void Cantilever_tip_deflection_converges_to_timoshenko_beam_theory()
    {
        // L = 40, h = 4 (L/h = 10), unit thickness, plane stress, E = 1, ν = 0.3; the tip load P = 1 is
        // spread parabolically over the free end (the shear stress of beam theory). Timoshenko:
        // δ = PL³/(3EI) + PL/(κGA), κ = 10(1 + ν)/(12 + 11ν). The clamped end adds a small local
        // flexibility, so the error must shrink with the mesh and end within 1.5%.
        const double Length = 40;
        const double Height = 4;
        var inertia = Height * Height * Height / 12;
        var shear = 1 / (2 * (1 + 0.3));
        var kappa = 10 * (1 + 0.3) / (12 + (11 * 0.3));
        var expected = (Length * Length * Length / (3 * inertia)) + (Length / (kappa * shear * Height));

        var errors = new List<double>();
        foreach (var perUnit in new[] { 2, 4, 8 })
        {
            var deflection = CantileverDeflection((int)(Length * perUnit), (int)(Height * perUnit));
            errors.Add(Math.Abs(deflection - expected) / expected);
        }

        Assert.True(errors[1] < errors[0] && errors[2] < errors[1], $"errors do not shrink: {string.Join(", ", errors)}");
        Assert.True(errors[2] < 0.015, $"fine-mesh error {errors[2]:P2} (errors {string.Join(", ", errors)})");
    }

    [Fact]
    public void Full_mbb_with_a_symmetric_design_has_twice_the_half_beam_compliance()
    {
        const int HalfX = 20;
        const int Ny = 10;
        var half = StandardProblems.HalfMbb(HalfX, Ny);
        var full = StandardProblems.FullMbb(2 * HalfX, Ny, load: 2);
        var halfStiffness = FemTestData.RandomSimp(half.Mesh.ElementCount, 6);
        var fullStiffness = new double[4 * full.Mesh.ElementCount];
        for (var ex = 0; ex < 2 * HalfX; ex++)
        {
            // Left half mirrors the half beam (its x = 0 is the full beam's centre line).
            var source = ex < HalfX ? HalfX - 1 - ex : ex - HalfX;
            for (var ey = 0; ey < Ny; ey++)
            {
                halfStiffness.AsSpan(4 * half.Mesh.Element(source, ey), 4).CopyTo(fullStiffness.AsSpan(4 * full.Mesh.Element(ex, ey), 4));
            }
        }

        var halfCompliance = new LinearElasticAnalysis(half).Solve(halfStiffness, new double[half.Mesh.DofCount]);
        var fullCompliance = new LinearElasticAnalysis(full).Solve(fullStiffness, new double[full.Mesh.DofCount]);

        Assert.Equal(2 * halfCompliance, fullCompliance, 1e-9 * fullCompliance);
    }

    [Fact]
    public void Load_cases_are_solved_separately_and_their_compliances_add_up()
    {
        var mesh = new GridMesh(12, 6);
        var supports = Enumerable.Range(0, 7).SelectMany(y => new[] { 2 * mesh.NodeAt(0, y), (2 * mesh.NodeAt(0, y)) + 1 }).ToArray();
        var down = new LoadCase("down", [new PointLoad((2 * mesh.NodeAt(12, 6)) + 1, -1)]);
        var side = new LoadCase("side", [new PointLoad(2 * mesh.NodeAt(12, 0), 0.5)]);
        var c = FemTestData.RandomSimp(mesh.ElementCount, 8);

        var both = new LinearElasticAnalysis(new StructuralProblem("two", mesh, supports, [down, side]));
        var u = new double[2 * mesh.DofCount];
        var total = both.Solve(c, u);
        var uDown = new double[mesh.DofCount];
        var uSide = new double[mesh.DofCount];
        var first = new LinearElasticAnalysis(new StructuralProblem("down", mesh, supports, [down])).Solve(c, uDown);
        var second = new LinearElasticAnalysis(new StructuralProblem("side", mesh, supports, [side])).Solve(c, uSide);

        Assert.Equal(first + second, total, 1e-12 * total);
        Assert.Equal(uDown, u.AsSpan(0, mesh.DofCount).ToArray());
        Assert.Equal(uSide, u.AsSpan(mesh.DofCount).ToArray());
    }

    [Fact]
    public void Under_supported_structure_is_a_clear_error_not_a_nan_compliance()
    {
        // Only x fixed along the left edge: the beam can slide vertically.
        var mesh = new GridMesh(10, 5);
        var supports = Enumerable.Range(0, 6).Select(y => 2 * mesh.NodeAt(0, y));
        var problem = new StructuralProblem("floating", mesh, supports, [new LoadCase("tip", [new PointLoad((2 * mesh.NodeAt(10, 5)) + 1, -1)])]);
        var analysis = new LinearElasticAnalysis(problem);

        var error = Assert.Throws<NotPositiveDefiniteException>(() => analysis.Solve(FemTestData.Uniform(mesh.ElementCount, Steelish), new double[mesh.DofCount]));

        Assert.Equal(PivotFailure.Singular, error.Failure);
        Assert.Contains("add supports", error.Message, StringComparison.Ordinal);
        Assert.Contains("direction y", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Negative_and_nan_stiffness_are_reported()
    {
        var problem = StandardProblems.HalfMbb(6, 3);
        var analysis = new LinearElasticAnalysis(problem);
        var negative = FemTestData.Uniform(problem.Mesh.ElementCount, Steelish.Scale(-1));
        var nan = FemTestData.Uniform(problem.Mesh.ElementCount, Steelish);
        nan[5] = double.NaN;

        Assert.Equal(PivotFailure.Negative, Assert.Throws<NotPositiveDefiniteException>(() => analysis.Solve(negative, new double[problem.Mesh.DofCount])).Failure);
        Assert.Equal(PivotFailure.NotFinite, Assert.Throws<NotPositiveDefiniteException>(() => analysis.Solve(nan, new double[problem.Mesh.DofCount])).Failure);
    }

    /// <summary>Tip deflection (at mid-height of the free end) of a clamped plane-stress cantilever under a parabolic end shear of total 1.</summary>
    private static double CantileverDeflection(int nelx, int nely)
    {
        var mesh = new GridMesh(nelx, nely);
        var scale = 40.0 / nelx;
        var height = nely * scale;
        var supports = Enumerable.Range(0, nely + 1).SelectMany(y => new[] { 2 * mesh.NodeAt(0, y), (2 * mesh.NodeAt(0, y)) + 1 });

        // τ(s) = 6P/h³·s(h − s) on the end, s from the bottom; Simpson's rule per edge is exact for it.
        var loads = new List<PointLoad>();
        double Traction(double s) => 6 / (height * height * height) * s * (height - s);
        for (var y = 0; y < nely; y++)
        {
            double s0 = y * scale, s1 = (y + 1) * scale, sm = (s0 + s1) / 2;
            var atStart = scale * ((Traction(s0) / 6) + (Traction(sm) / 3));
            var atEnd = scale * ((Traction(sm) / 3) + (Traction(s1) / 6));
            loads.Add(new PointLoad((2 * mesh.NodeAt(nelx, y)) + 1, -atStart));
            loads.Add(new PointLoad((2 * mesh.NodeAt(nelx, y + 1)) + 1, -atEnd));
        }

        var problem = new StructuralProblem("cantilever", mesh, supports, [new LoadCase("tip", loads)]);
        var analysis = new LinearElasticAnalysis(problem, Q4Element.Basis(scale, scale));
        var u = new double[mesh.DofCount];
        analysis.Solve(FemTestData.Uniform(mesh.ElementCount, Steelish), u);
        return -u[(2 * mesh.NodeAt(nelx, nely / 2)) + 1];
    }
}
