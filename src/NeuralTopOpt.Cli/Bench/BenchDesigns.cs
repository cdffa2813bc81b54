using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.OptimalityCriteria;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Cli.Bench;

/// <summary>
/// Density fields of a real topology for the solver benchmarks: the half MBB beam optimized with OC
/// (volume 0.5, sensitivity filter of radius 1% of the length) at 200×100, stopped after a number of
/// iterations — 30 gives an intermediate design (the topology set, grey boundaries), hundreds a
/// converged one — and resampled bilinearly (at element centres) to the size measured, where the members
/// keep their relative width. SIMP with p = 3 and E_min = 10⁻⁹ turns it into stiffness.
/// </summary>
internal static class BenchDesigns
{
    private static readonly Dictionary<int, double[]> Cache = [];

    /// <summary>OC designs on the 200×100 grid after <paramref name="iterations"/> iterations (computed once per process).</summary>
    public static double[] Mbb200(int iterations)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(iterations, out var design))
            {
                var problem = new ComplianceProblem(StandardProblems.HalfMbb(200, 100), new SimpMaterial(), new ComplianceSettings { FilterRadius = 2 });
                var result = new OptimalityCriteria().Minimize(problem, problem.InitialDesign(), new StoppingCriteria(iterations, ChangeTolerance: 0));
                design = result.X.ToArray();
                Cache[iterations] = design;
            }

            return design;
        }
    }

    /// <summary>θ of an nelx × nely half MBB beam from <see cref="Mbb200"/>, resampled.</summary>
    public static double[] IntermediateMbb(int elementsX, int elementsY, int iterations = 30) =>
        Resample(Mbb200(iterations), 200, 100, elementsX, elementsY);

    /// <summary>SIMP stiffness (C11, C12, C22, C33 per element; p = 3, E_min = 10⁻⁹, plane strain) of θ.</summary>
    public static double[] SimpStiffness(double[] theta, double minimumModulus = 1e-9)
    {
        var stiffness = new double[4 * theta.Length];
        new SimpMaterial(minimumModulus: minimumModulus).Evaluate(theta, stiffness, new double[stiffness.Length]);
        return stiffness;
    }

    /// <summary>Bilinear resampling of an element field (column-major as the mesh) at the new element centres.</summary>
    public static double[] Resample(double[] source, int sourceX, int sourceY, int elementsX, int elementsY)
    {
        var result = new double[elementsX * elementsY];
        for (var ex = 0; ex < elementsX; ex++)
        {
            var x = ((ex + 0.5) * sourceX / elementsX) - 0.5;
            var x0 = Math.Clamp((int)Math.Floor(x), 0, sourceX - 1);
            var x1 = Math.Min(x0 + 1, sourceX - 1);
            var fx = Math.Clamp(x - x0, 0, 1);
            for (var ey = 0; ey < elementsY; ey++)
            {
                var y = ((ey + 0.5) * sourceY / elementsY) - 0.5;
                var y0 = Math.Clamp((int)Math.Floor(y), 0, sourceY - 1);
                var y1 = Math.Min(y0 + 1, sourceY - 1);
                var fy = Math.Clamp(y - y0, 0, 1);
                var left = ((1 - fy) * source[(x0 * sourceY) + y0]) + (fy * source[(x0 * sourceY) + y1]);
                var right = ((1 - fy) * source[(x1 * sourceY) + y0]) + (fy * source[(x1 * sourceY) + y1]);
                result[(ex * elementsY) + ey] = ((1 - fx) * left) + (fx * right);
            }
        }

        return result;
    }
}
