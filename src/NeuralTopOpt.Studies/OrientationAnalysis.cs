using System.Diagnostics;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Optimization.Topology;

namespace NeuralTopOpt.Studies;

/// <summary>
/// Beyond the paper, orientation: the rotated-hole run (angle by gradient) against the paper's HBTO run with
/// the same network, filter and optimizer, and against orientation by alignment with the principal stress
/// directions — the paper's hole sizes kept and every angle set, sweep after sweep, to the principal direction
/// of its element's stress (the axis of the two that gives the element the lower complementary energy).
/// </summary>
/// <param name="Baseline">Key of the paper's HBTO run (unturned holes).</param>
/// <param name="BaselineCompliance">Its compliance.</param>
/// <param name="Oriented">Key of the rotated-hole run.</param>
/// <param name="OrientedCompliance">Its compliance.</param>
/// <param name="OrientedIterations">Its iterations.</param>
/// <param name="AlignedCompliance">The baseline's sizes with the angles aligned to the principal stresses: φ after each sweep (the first is the unturned design).</param>
/// <param name="AlignedDesign">The last aligned design (field-major θ₁, θ₂, φ).</param>
/// <param name="MeanMisalignmentDegrees">In the oriented design, the mean angle between an element's cell axes and its principal stress directions (0° to 45°), over porous elements.</param>
/// <param name="MedianMisalignmentDegrees">The median of the same.</param>
/// <param name="PorousElements">Elements with a solid fraction between 0.05 and 0.95 (where the angle matters).</param>
/// <param name="Seconds">Wall time of the analysis.</param>
public sealed record OrientationRecord(
    string Baseline,
    double BaselineCompliance,
    string Oriented,
    double OrientedCompliance,
    int OrientedIterations,
    IReadOnlyList<double> AlignedCompliance,
    double[] AlignedDesign,
    double MeanMisalignmentDegrees,
    double MedianMisalignmentDegrees,
    int PorousElements,
    double Seconds)
{
    /// <summary>1 − oriented/baseline: the share of compliance orientation by gradient removes.</summary>
    public double Reduction => 1 - (OrientedCompliance / BaselineCompliance);

    /// <summary>1 − aligned/baseline: the share alignment with the principal stresses removes, sizes kept.</summary>
    public double AlignedReduction => 1 - (AlignedCompliance[^1] / BaselineCompliance);
}

/// <summary>Computes the <see cref="OrientationRecord"/> after the optimization stage (a few FE solves).</summary>
internal static class OrientationAnalysis
{
    /// <summary>Alignment sweeps.</summary>
    public const int Sweeps = 8;

    public static OrientationRecord? Run(StudyContext context, IReadOnlyList<StudyRun> runs, IReadOnlyList<NetworkRecord> networks)
    {
        if (context.Plan.Orientation.Count == 0)
        {
            return null;
        }

        var clock = Stopwatch.StartNew();
        var spec = context.Plan.Orientation[0];
        var oriented = runs.First(r => r.Spec.Key == spec.Key);
        var baseline = runs.First(r => r.Spec.Key == context.Plan.OrientationBaseline(spec).Key);
        var model = ModelFile.Load(context.Cache.PathOf(networks.First(n => n.Key == spec.Network).ModelFile));
        var problem = OptimizationStage.Setup(context.Options, spec, OptimizationStage.Material(spec, model)).Build().Problem;
        var n = problem.ElementCount;

        // The paper's sizes, unturned, then aligned sweep after sweep.
        var x = new double[3 * n];
        baseline.Result.Final.X.Take(2 * n).ToArray().CopyTo(x, 0);
        var aligned = new List<double>();
        for (var sweep = 0; sweep <= Sweeps; sweep++)
        {
            var (compliance, stress) = Stresses(problem, x);
            aligned.Add(compliance);
            if (sweep < Sweeps)
            {
                Align(problem, x, stress);
            }
        }

        var (_, stresses) = Stresses(problem, [.. oriented.Result.Final.X]);
        var final = oriented.Result.Final.Physical;
        var misalignment = new List<double>();
        Span<double> theta = stackalloc double[3];
        for (var e = 0; e < n; e++)
        {
            (theta[0], theta[1], theta[2]) = (final[e], final[n + e], final[(2 * n) + e]);
            var rho = problem.Cell.SolidFraction(theta);
            if (rho > 0.05 && rho < 0.95)
            {
                var difference = theta[2] - Principal(stresses.AsSpan(3 * e, 3));
                var folded = Math.Abs(difference - ((Math.PI / 2) * Math.Round(difference / (Math.PI / 2))));
                misalignment.Add(folded * 180 / Math.PI);
            }
        }

        misalignment.Sort();
        var median = misalignment.Count == 0 ? double.NaN : misalignment[misalignment.Count / 2];
        return new OrientationRecord(
            baseline.Spec.Key, baseline.Result.Compliance, oriented.Spec.Key, oriented.Result.Compliance, oriented.Result.Iterations,
            aligned, x, misalignment.Count == 0 ? double.NaN : misalignment.Average(), median, misalignment.Count, clock.Elapsed.TotalSeconds);
    }

    /// <summary>φ and the stress (σ_xx, σ_yy, σ_xy) at the centre of every element of the design x.</summary>
    private static (double Compliance, double[] Stress) Stresses(ComplianceProblem problem, double[] x)
    {
        var (n, k, m) = (problem.ElementCount, problem.FieldCount, problem.Material.StiffnessEntries);
        var physical = problem.PhysicalDesign(x);
        var designs = new double[k * n];
        for (var e = 0; e < n; e++)
        {
            for (var f = 0; f < k; f++)
            {
                designs[(e * k) + f] = physical[(f * n) + e];
            }
        }

        var c = new double[m * n];
        problem.Material.Stiffness(designs, c);
        var mesh = problem.Structure.Mesh;
        var u = new double[problem.Structure.LoadCases.Count * mesh.DofCount];
        var compliance = problem.Analysis.Solve(c, u);
        Span<double> b = stackalloc double[24];
        Q4Element.StrainDisplacement(0, 0, b);
        var stress = new double[3 * n];
        Span<double> strain = stackalloc double[3];
        for (var e = 0; e < n; e++)
        {
            var dofs = mesh.DofsOf(e);
            strain.Clear();
            for (var r = 0; r < 3; r++)
            {
                for (var a = 0; a < 8; a++)
                {
                    strain[r] += b[(8 * r) + a] * u[dofs[a]];
                }
            }

            var ce = c.AsSpan(m * e, m);
            var (c13, c23) = m == 6 ? (ce[4], ce[5]) : (0.0, 0.0);
            stress[3 * e] = (ce[0] * strain[0]) + (ce[1] * strain[1]) + (c13 * strain[2]);
            stress[(3 * e) + 1] = (ce[1] * strain[0]) + (ce[2] * strain[1]) + (c23 * strain[2]);
            stress[(3 * e) + 2] = (c13 * strain[0]) + (c23 * strain[1]) + (ce[3] * strain[2]);
        }

        return (compliance, stress);
    }

    /// <summary>
    /// Sets every element's angle to a principal direction of its stress: of the two axes, the one that gives the
    /// lower complementary energy σᵀ·C(φ)⁻¹·σ with the element's C⁰.
    /// </summary>
    private static void Align(ComplianceProblem problem, double[] x, double[] stress)
    {
        var n = problem.ElementCount;
        var inner = ((RotatedMaterial)problem.Material).Inner;
        var sizes = new double[2 * n];
        for (var e = 0; e < n; e++)
        {
            (sizes[2 * e], sizes[(2 * e) + 1]) = (x[e], x[n + e]);
        }

        var c0 = new double[4 * n];
        inner.Stiffness(sizes, c0);
        Span<double> t = stackalloc double[9];
        Span<double> c = stackalloc double[6];
        for (var e = 0; e < n; e++)
        {
            var sigma = stress.AsSpan(3 * e, 3);
            var alpha = Principal(sigma);
            var (best, energy) = (alpha, double.PositiveInfinity);
            foreach (var candidate in new[] { alpha, alpha + (Math.PI / 2) })
            {
                var phi = candidate > Math.PI / 2 ? candidate - Math.PI : candidate;
                RotatedMaterial.Transformation(phi, t, derivative: false);
                RotatedMaterial.Transform(t, c0.AsSpan(4 * e, 4), t, c, scale: 1);
                var value = ComplementaryEnergy(c, sigma);
                if (value < energy)
                {
                    (best, energy) = (phi, value);
                }
            }

            x[(2 * n) + e] = best;
        }
    }

    /// <summary>The direction of the larger principal stress, ½·atan2(2σ_xy, σ_xx − σ_yy), in (−π/2, π/2].</summary>
    private static double Principal(ReadOnlySpan<double> sigma) => 0.5 * Math.Atan2(2 * sigma[2], sigma[0] - sigma[1]);

    /// <summary>σᵀ·C⁻¹·σ for C given by its six entries (C11, C12, C22, C33, C13, C23).</summary>
    private static double ComplementaryEnergy(ReadOnlySpan<double> c, ReadOnlySpan<double> sigma)
    {
        var (a, b, d, f, e2, g) = (c[0], c[1], c[2], c[3], c[4], c[5]);
        var det = (a * ((d * f) - (g * g))) - (b * ((b * f) - (g * e2))) + (e2 * ((b * g) - (d * e2)));
        double[,] inverse =
        {
            { (d * f) - (g * g), (e2 * g) - (b * f), (b * g) - (d * e2) },
            { (e2 * g) - (b * f), (a * f) - (e2 * e2), (b * e2) - (a * g) },
            { (b * g) - (d * e2), (b * e2) - (a * g), (a * d) - (b * b) },
        };
        double sum = 0;
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                sum += sigma[i] * inverse[i, j] * sigma[j];
            }
        }

        return sum / det;
    }
}
