using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Tests.Models;
using NeuralTopOpt.Verification;

namespace NeuralTopOpt.Tests.Verification;

public class HbtoVerifierTests
{
    private static readonly StiffnessTensor Solid = CellMaterial.Paper.Solid;

    [Fact]
    public void SolidDesignMatchesTheCoarseModelWithinDiscretizationAndHasNoVolumeError()
    {
        // A solid cantilever: C^H of a solid cell is the solid tensor, so J_exact is the coarse Q4 solution and
        // J_fine the same structure on a finer mesh; V_fine = V_hom = 1 exactly.
        var problem = StandardProblems.Cantilever(8, 4);
        var verifier = Verifier(problem, Uniform(problem, 0, 0), new VerificationOptions { HomogenizationResolution = 8 });
        var exactDirect = CoarseCompliance(problem, Solid);
        Assert.Equal(exactDirect, verifier.Homogenized.ExactCompliance, 1e-9 * exactDirect);

        var results = new[] { 2, 4, 8 }.Select(m => verifier.Verify(m, 1)).ToArray();
        foreach (var r in results)
        {
            Assert.Equal(0, r.VolumeError, 15);
            Assert.Equal(1.0, r.Fine.Volume, 15);
            Assert.InRange(r.ExactComplianceError, 0, 0.05);
        }

        // Q4 is too stiff: refining raises J towards the continuum, by ever smaller steps.
        var steps = results.Zip(results.Skip(1), (a, b) => b.Fine.Compliance - a.Fine.Compliance).ToArray();
        Assert.All(steps, s => Assert.True(s > 0));
        Assert.True(steps[1] < 0.5 * steps[0], $"steps {steps[0]}, {steps[1]}");
    }

    [Fact]
    public void FineProblemOfASolidDesignIsTheRefinedStandardProblem()
    {
        // Node transfer at n = 2: the fine problem of the half MBB beam 6x3 is the half MBB beam 12x6 (supports along
        // the symmetry line, the roller and the load at their nodes), so J_fine equals its direct solve.
        var problem = StandardProblems.HalfMbb(6, 3);
        var verifier = Verifier(problem, Uniform(problem, 0, 0), new VerificationOptions { Loads = LoadTransfer.Node, HomogenizationResolution = 4 });
        var result = verifier.Verify(2, 1);
        var direct = CoarseCompliance(StandardProblems.HalfMbb(12, 6), Solid);
        Assert.Equal(direct, result.Fine.Compliance, 1e-9 * direct);

        var cantilever = StandardProblems.Cantilever(4, 2);
        var fine = FineProblem.Map(cantilever, 3, LoadTransfer.Node);
        var refined = StandardProblems.Cantilever(12, 6);
        Assert.Equal(refined.FixedDofs.ToArray(), fine.FixedDofs.ToArray());
        Assert.Equal(refined.LoadCases[0].Loads, fine.LoadCases[0].Loads);
    }

    [Fact]
    public void SpreadLoadKeepsTheForceAndFollowsTheHat()
    {
        var coarse = new GridMesh(4, 2);
        var fine = new GridMesh(16, 8);
        var tip = new PointLoad((2 * coarse.NodeAt(4, 1)) + 1, -1);
        var loads = FineProblem.Transfer(coarse, fine, 4, tip, LoadTransfer.Spread).ToArray();

        // Along the right edge: the node and 3 fine nodes up and down, weights 1, 3/4, 1/2, 1/4 over a total of 4.
        Assert.Equal(7, loads.Length);
        Assert.Equal(-1, loads.Sum(l => l.Value), 14);
        Assert.Equal(-0.25, loads.Single(l => l.Dof == (2 * fine.NodeAt(16, 4)) + 1).Value, 15);
        Assert.Equal(-0.0625, loads.Single(l => l.Dof == (2 * fine.NodeAt(16, 7)) + 1).Value, 15);
        Assert.Equal(-0.0625, loads.Single(l => l.Dof == (2 * fine.NodeAt(16, 1)) + 1).Value, 15);
        Assert.All(loads, l => Assert.Equal(16, l.Dof / 2 / fine.NodesY));
    }

    [Fact]
    public void ExactComplianceIsTheCoarseSolveWithTheHomogenizedCellAndAgreesWithTheNetwork()
    {
        // A uniform design: J_exact is the coarse solve with C^H of the one cell (an independent homogenization),
        // and the network trained on such cells gives J_hom within its error.
        var problem = StandardProblems.Cantilever(12, 6);
        var verifier = Verifier(problem, Uniform(problem, 0.4, 0.6), new VerificationOptions { HomogenizationResolution = 100 });
        var c = new CellHomogenizer(100).HomogenizeHole(0.4, 0.6).ToTensor();
        var direct = CoarseCompliance(problem, c);
        var h = verifier.Homogenized;
        Assert.Equal(direct, h.ExactCompliance, 1e-9 * direct);
        Assert.Equal(1, h.DistinctCells);
        Assert.Equal(1 - (0.4 * 0.6), h.Volume, 14);
        Assert.InRange((h.ExactCompliance / h.Compliance) - 1, -0.05, 0.05);
        Assert.True(Math.Abs((h.ExactCompliance / h.Compliance) - 1) > 1e-6, "the network is not the homogenized cell");
    }

    [Fact]
    public void ScaleSeparationShrinksTheGapToTheHomogenizedCell()
    {
        // A lattice of identical cells (M = 10): with more, smaller cells per element the fine structure approaches the
        // homogenized continuum — C^H of the cell at R = 10 everywhere, solved on the finest mesh (n = 40) so that the
        // coarse mesh's own discretization error is not part of the gap. The volume is the same at every K.
        var problem = StandardProblems.Cantilever(6, 3);
        var verifier = Verifier(problem, Uniform(problem, 0.6, 0.6), new VerificationOptions { HomogenizationResolution = 10 });
        var continuum = CoarseCompliance(FineProblem.Map(problem, 40), new CellHomogenizer(10).HomogenizeHole(0.6, 0.6).ToTensor());

        // θ = 0.6 draws 6 of 10 pixels void each way, so V_fine = V_hom = 1 − 0.36 exactly.
        var results = new[] { 1, 2, 4 }.Select(k => verifier.Verify(10, k)).ToArray();
        Assert.All(results, r => Assert.Equal(0.64, r.Fine.Volume, 14));
        Assert.All(results, r => Assert.Equal(0, r.VolumeError, 14));
        var gaps = results.Select(r => Math.Abs((r.Fine.Compliance / continuum) - 1)).ToArray();
        Assert.True(gaps[2] < gaps[1] && gaps[1] < gaps[0], $"|J_fine/J_continuum - 1| at K = 1, 2, 4: {string.Join(", ", gaps)}");
        Assert.True(gaps[2] < 0.05, $"{gaps[2]}");
    }

    [Fact]
    public void SymmetricProblemAndDesignGiveSymmetricFineDisplacements()
    {
        // The full MBB beam with a design mirrored about its centre line: u_y is even and u_x odd in x.
        var problem = StandardProblems.FullMbb(8, 3);
        var mesh = problem.Mesh;
        var random = new Random(13);
        var design = new double[2 * mesh.ElementCount];
        for (var ex = 0; ex < 4; ex++)
        {
            for (var ey = 0; ey < 3; ey++)
            {
                for (var f = 0; f < 2; f++)
                {
                    var value = 0.8 * random.NextDouble();
                    design[(f * mesh.ElementCount) + mesh.Element(ex, ey)] = value;
                    design[(f * mesh.ElementCount) + mesh.Element(7 - ex, ey)] = value;
                }
            }
        }

        var verifier = Verifier(problem, design, new VerificationOptions { HomogenizationResolution = 4 });
        var structure = verifier.Structure(6, 1);
        var (compliance, displacements, _) = verifier.SolveFine(structure);
        var u = displacements!;
        Assert.True(compliance > 0);
        var fine = new GridMesh(structure.PixelsX, structure.PixelsY);
        var scale = u.Max(Math.Abs);
        double worst = 0;
        for (var ix = 0; ix <= fine.ElementsX; ix++)
        {
            for (var iy = 0; iy <= fine.ElementsY; iy++)
            {
                var (a, b) = (fine.Node(ix, iy), fine.Node(fine.ElementsX - ix, iy));
                worst = Math.Max(worst, Math.Abs(u[2 * a] + u[2 * b]));
                worst = Math.Max(worst, Math.Abs(u[(2 * a) + 1] - u[(2 * b) + 1]));
            }
        }

        Assert.True(worst < 1e-9 * scale, $"asymmetry {worst} of {scale}");
    }

    [Fact]
    public void StructurePlacesEveryElementsCellsAndMeasuresTheVolume()
    {
        // Two elements side by side: a solid one and a hole of half the side; K = 2 repeats the hole twice per side.
        var mesh = new GridMesh(2, 1);
        double[] design = [0, 0.5, 0, 0.5];
        var structure = FineStructure.Build(CellFamilies.Hole, design, mesh, 4, 2);
        Assert.Equal((16, 8), (structure.PixelsX, structure.PixelsY));
        var hole = HoleCell.Rasterize(0.5, 0.5, 4);
        for (var x = 0; x < 8; x++)
        {
            for (var y = 0; y < 8; y++)
            {
                Assert.Equal(1, structure.At(x, y));
                Assert.Equal(hole[((x % 4) * 4) + (y % 4)], structure.At(8 + x, y));
            }
        }

        Assert.Equal((1 + 0.75) / 2, structure.SolidFraction, 15);
    }

    [Fact]
    public void SweepSkipsWhatDoesNotFitWithTheReason()
    {
        var problem = StandardProblems.Cantilever(4, 2);
        var verifier = Verifier(problem, Uniform(problem, 0.3, 0.3), new VerificationOptions { HomogenizationResolution = 4 });
        var sweep = verifier.Sweep([4, 8], [1, 2], maxUnknowns: 1000);
        Assert.Equal(4, sweep.Count);
        Assert.NotNull(sweep[0].Result);
        Assert.Null(sweep[3].Result);
        Assert.Contains("more than the 1,000 allowed", sweep[3].SkipReason!, StringComparison.Ordinal);
        Assert.Contains("mesh limits", FineScaleLimits.SkipReason(new GridMesh(600, 300), 40, 4, "cholesky", long.MaxValue)!, StringComparison.Ordinal);
    }

    [Fact]
    public void BadInputFailsWithOneLine()
    {
        var problem = StandardProblems.Cantilever(4, 2);
        var material = CellFamilies.Hole.CreateMaterial(MaterialSource.Network(TestModels.Hbto, "nnj"));
        Assert.Throws<InvalidInputException>(() => new HbtoVerifier(problem, CellFamilies.Hole, material, new double[10]));
        var outside = Uniform(problem, 0.3, 1.5);
        Assert.Contains("must lie in [0, 1]", Assert.Throws<InvalidInputException>(() => new HbtoVerifier(problem, CellFamilies.Hole, material, outside)).Message, StringComparison.Ordinal);
        var verifier = new HbtoVerifier(problem, CellFamilies.Hole, material, Uniform(problem, 0.3, 0.3));
        Assert.Throws<InvalidInputException>(() => verifier.Verify(1, 1));
        Assert.Throws<InvalidInputException>(() => verifier.Verify(4, 0));
    }

    private static HbtoVerifier Verifier(StructuralProblem problem, double[] design, VerificationOptions options)
    {
        var material = CellFamilies.Hole.CreateMaterial(MaterialSource.Network(TestModels.Hbto, "nnj"));
        return new HbtoVerifier(problem, CellFamilies.Hole, material, design, options);
    }

    private static double[] Uniform(StructuralProblem problem, double width, double height)
    {
        var n = problem.Mesh.ElementCount;
        var design = new double[2 * n];
        design.AsSpan(0, n).Fill(width);
        design.AsSpan(n, n).Fill(height);
        return design;
    }

    private static double CoarseCompliance(StructuralProblem problem, StiffnessTensor c)
    {
        var analysis = new LinearElasticAnalysis(problem, coefficientCount: 6);
        var coefficients = new double[6 * problem.Mesh.ElementCount];
        for (var e = 0; e < problem.Mesh.ElementCount; e++)
        {
            c.CopyTo(coefficients.AsSpan(6 * e, 6));
        }

        return analysis.Solve(coefficients, new double[problem.Mesh.DofCount]);
    }
}
