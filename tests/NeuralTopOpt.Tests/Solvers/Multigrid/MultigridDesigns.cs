using NeuralTopOpt.Cli.Bench;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.IO;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.OptimalityCriteria;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Sparse.Factorization;
using NeuralTopOpt.Sparse.Ordering;

namespace NeuralTopOpt.Tests.Solvers.Multigrid;

/// <summary>Material fields of real designs for the multigrid robustness tests, and a direct reference solve for any basis.</summary>
internal static class MultigridDesigns
{
    private static readonly Lazy<double[]> Oc60 = new(() =>
    {
        var problem = new ComplianceProblem(StandardProblems.HalfMbb(60, 30), new SimpMaterial(), new ComplianceSettings { FilterRadius = 2.7 });
        return new OptimalityCriteria().Minimize(problem, problem.InitialDesign(), new StoppingCriteria(25, ChangeTolerance: 0)).X.ToArray();
    });

    /// <summary>θ of the paper's half MBB beam after 25 OC iterations at 60×30, resampled to nelx × nely.</summary>
    public static double[] OcMbb(int elementsX, int elementsY) => BenchDesigns.Resample(Oc60.Value, 60, 30, elementsX, elementsY);

    /// <summary>SIMP stiffness (p = 3) with E_min = <paramref name="contrast"/>.</summary>
    public static double[] Simp(double[] theta, double contrast) => BenchDesigns.SimpStiffness(theta, contrast);

    /// <summary>
    /// A fine-scale pixel structure: cells of m × m pixels, each solid with a centred rectangular hole (the
    /// paper's cell) whose sides vary smoothly over the domain between 0.15 and 0.85; a pixel is solid (the
    /// plane-strain tensor of E = 1) or void (<paramref name="voidModulus"/> times it). 4 coefficients per pixel.
    /// </summary>
    public static double[] PixelMap(int cellsX, int cellsY, int pixels, double voidModulus)
    {
        var solid = StiffnessTensor.Isotropic(1, 0.3, PlaneCondition.Strain);
        var nx = cellsX * pixels;
        var ny = cellsY * pixels;
        var coefficients = new double[4 * nx * ny];
        for (var cx = 0; cx < cellsX; cx++)
        {
            for (var cy = 0; cy < cellsY; cy++)
            {
                var width = 0.5 + (0.35 * Math.Sin((3.0 * cx / cellsX) + (2.0 * cy / cellsY)));
                var height = 0.5 + (0.35 * Math.Cos((2.0 * cx / cellsX) - (4.0 * cy / cellsY)));
                var cell = HoleCell.Rasterize(width, height, pixels);
                for (var i = 0; i < pixels; i++)
                {
                    for (var j = 0; j < pixels; j++)
                    {
                        var scale = cell[(i * pixels) + j] > 0.5 ? 1 : voidModulus;
                        var e = (((cx * pixels) + i) * ny) + (cy * pixels) + j;
                        coefficients[4 * e] = scale * solid.C11;
                        coefficients[(4 * e) + 1] = scale * solid.C12;
                        coefficients[(4 * e) + 2] = scale * solid.C22;
                        coefficients[(4 * e) + 3] = scale * solid.C33;
                    }
                }
            }
        }

        return coefficients;
    }

    /// <summary>
    /// Per-element homogenized hole-cell tensors, rotated (6 coefficients: C11, C12, C22, C33, C13, C23), drawn
    /// from the paper repository's 10,000 cells (data/reference) with a seed: every element its own cell.
    /// </summary>
    public static double[] HoleCellMap(int elements, int seed)
    {
        var table = CsvTable.Read(Homogenization.ReferenceDataTests.ReferencePath);
        int[] columns = [.. new[] { "C11_rot", "C12_rot", "C22_rot", "C33_rot", "C13_rot", "C23_rot" }.Select(table.ColumnIndex)];
        var random = new Random(seed);
        var coefficients = new double[6 * elements];
        for (var e = 0; e < elements; e++)
        {
            var row = random.Next(table.RowCount);
            for (var t = 0; t < 6; t++)
            {
                coefficients[(6 * e) + t] = table[row, columns[t]];
            }
        }

        return coefficients;
    }

    /// <summary>Σ fᵀu of K(c)·u = f by the project's sparse Cholesky for any number of basis terms (fixed DOFs eliminated).</summary>
    public static double CholeskyCompliance(GridMesh mesh, ReadOnlySpan<int> fixedDofs, double[] coefficients, int terms, double[] force)
    {
        var unknownOf = new int[mesh.DofCount];
        foreach (var d in fixedDofs)
        {
            unknownOf[d] = -1;
        }

        var n = 0;
        for (var d = 0; d < mesh.DofCount; d++)
        {
            unknownOf[d] = unknownOf[d] < 0 ? -1 : n++;
        }

        var table = mesh.ElementDofs.ToArray().Select(d => unknownOf[d]).ToArray();
        var assembler = new StiffnessAssembler(n, table);
        assembler.AssemblePacked(MultigridTestData.PackedElementMatrices(Q4Element.UnitSquare, coefficients, terms));
        var ordering = Permutation.Restrict(Permutation.ExpandBlocks(GridNestedDissection.Order(mesh.NodesX, mesh.NodesY), 2), unknownOf);
        var cholesky = SparseCholesky.Create(assembler.Matrix, ordering);
        cholesky.Factorize(assembler.Matrix.Values);
        var b = new double[n];
        for (var d = 0; d < mesh.DofCount; d++)
        {
            if (unknownOf[d] >= 0)
            {
                b[unknownOf[d]] = force[d];
            }
        }

        var x = new double[n];
        cholesky.Solve(b, x);
        return b.Zip(x, (p, q) => p * q).Sum();
    }
}
