using NeuralTopOpt.Studies;
using static NeuralTopOpt.Reporting.Study.Numbers;

namespace NeuralTopOpt.Reporting.Study;

/// <summary>The prose of the report: how to read it, and where and why the numbers differ from the paper's.</summary>
internal sealed class StudyText(StudyResults results)
{
    /// <summary>The opening paragraphs.</summary>
    public IReadOnlyList<string> Introduction() =>
    [
        "This page regenerates the tables and figures of J. Najmon and A. Tovar, \"Evaluation of Neural Network-based Derivatives for Topology Optimization\" (Journal of Mechanical Design, 2023) from scratch: the SIMP and hole-cell datasets, the three networks of Table 1, and every topology optimization on the MBB beam — then the comparisons the paper could not make: the exact derivative of the homogenized cell as ground truth for HBTO, and other optimizers.",
        Text($"Produced by ntopo reproduce ({results.Software.GetValueOrDefault("ntopo", "?")}) on {results.Machine.Utc}. Every number on this page is also in data/ (CSV and JSON) and summary.json beside this file; every picture is in figures/."),
    ];

    /// <summary>The list under "How to read this report".</summary>
    public IReadOnlyList<string> HowToRead() =>
    [
        "Ours beside the paper's: wherever the paper prints a number, it stands next to ours, marked \"paper\". The paper gives the compliances of Fig. 5, 6 and 8 only inside its images; for those the text says \"around φ = 82\", and that is what we compare with.",
        "Compliance φ = fᵀu of the half MBB beam (Eq. 9), in the units of the paper (E = 1, unit load, unit elements): lower is stiffer. Iterations count the optimizer's updates.",
        "Topologies are drawn as in the paper: grey scale with black solid (θ = 1) and white void. HBTO designs are drawn as their microstructure: every element is its cell with a rectangular hole of width θ₁ and height θ₂, with θ within 7.5% of a bound snapped to it (as the paper's Fig. 9).",
        "Difference matrices (Fig. 8 and 11): the panel in row i and column j is the column's final design minus the row's — red where the column's method put more material, blue where the row's did. Under each panel, θ_MSE is the mean squared difference of the final design variables, and ∂φ₀/∂θ MSE the mean squared difference of the sensitivities of Eq. (11) at the uniform start design, before the filter. The same numbers are in the tables under the figures.",
        "Methods: NNJ (the network's analytic Jacobian), CFD (central differences, h = 10⁻⁶), CSM (complex step, η = 10⁻¹²), AD (reverse-mode automatic differentiation) as in the paper, plus DUAL (forward mode with dual numbers, exact like NNJ and AD). SIMP is the DBTO ground truth (Eq. 14–15); for HBTO, \"EXACT\" is the derivative of the homogenized cell itself, which the paper called intractable.",
        "Times are wall-clock seconds on the machine in the settings table. " + new StudyTables(results).Concurrency,
    ];

    /// <summary>The warning shown at the top of a quick-budget report.</summary>
    public string? QuickBudget() => results.Options.Budget == StudyBudget.Quick
        ? Text($"This is the QUICK budget (ntopo reproduce --quick): {Count(results.Options.SimpLargeSamples)} SIMP and {Count(results.Options.HoleSamples)} hole samples at {results.Options.HoleResolution}×{results.Options.HoleResolution} pixels, {Count(results.Options.Epochs)} epochs, runs capped at {results.Options.HbtoMaxIterations} iterations. It shows the pipeline, not the paper's numbers: run without --quick for those.")
        : null;

    /// <summary>The largest RMS difference between any method's derivatives and <paramref name="reference"/>'s.</summary>
    private static double MethodSpread(DerivativeComparison comparison, string reference) =>
        comparison.Methods.Values.Max(values => Math.Sqrt(values.Zip(comparison.Methods[reference], (a, b) => (a - b) * (a - b)).Average()));

    /// <summary>"4.7 % above" or "1.2 % below": <paramref name="ours"/> against <paramref name="paper"/>.</summary>
    private static string Relative(double ours, double paper) =>
        Text($"{Fixed(100 * Math.Abs((ours / paper) - 1), 1)} % {(ours >= paper ? "above" : "below")}");

    /// <summary>The spread of the seed comparison in one sentence, or nothing without replicates.</summary>
    private string Seeds()
    {
        var specs = results.Plan.SeedComparison();
        if (specs.Count < 2)
        {
            return "";
        }

        var seeds = specs.Select(s => results.Run(s.Key).Result.Compliance).ToArray();
        var methods = results.Compared(StudyPlan.HbtoCell).Select(r => r.Result.Compliance).ToArray();
        return Text($" The same HBTO run on {specs.Count} networks trained from different seeds ends between {Fixed(seeds.Min())} and {Fixed(seeds.Max())} (a spread of {Fixed(seeds.Max() - seeds.Min())}, against {Fixed(methods.Max() - methods.Min())} between the derivative methods on one network).");
    }

    /// <summary>The findings of "Where and why we differ from the paper", with this study's numbers.</summary>
    public IReadOnlyList<string> Differences()
    {
        var dbto = results.Compared(StudyPlan.DbtoCell);
        var hbto = results.Compared(StudyPlan.HbtoCell);
        var hbtoIterations = hbto.Select(r => r.Result.Iterations).ToArray();
        var dbtoCompliance = dbto.Select(r => r.Result.Compliance).ToArray();
        var hbtoCompliance = hbto.Select(r => r.Result.Compliance).ToArray();
        var sensitivity = results.SensitivityMse(StudyPlan.HbtoCell);
        var cfd = hbto.Any(r => r.Spec.Derivative == "cfd") && hbto.Any(r => r.Spec.Derivative == "nnj")
            ? Text($" Ours differ from NNJ by {Sci(sensitivity["cfd", "nnj"])}.")
            : "";
        var exact = results.GroundTruth.Hbto;
        var nnj = exact.Methods.ContainsKey("nnj") ? "nnj" : exact.Methods.Keys.First();
        return
        [
            Text($"Final compliances. DBTO: {Fixed(dbtoCompliance.Min())} to {Fixed(dbtoCompliance.Max())} over SIMP and the methods (paper: \"around φ = 82\"). HBTO: {Fixed(hbtoCompliance.Min())} to {Fixed(hbtoCompliance.Max())} (paper: 75.70 to 76.78).{Seeds()}"),
            Text($"Iterations. Our HBTO runs take {Count(hbtoIterations.Min())} to {Count(hbtoIterations.Max())} iterations, the paper's 1,105 to 1,371. Our trust-region method is SciPy's trust-constr algorithm re-implemented (dense BFGS with skipped updates, as SciPy's default): on one of our earlier networks, SciPy 1.10.1 itself stopped after 1,334 iterations at 77.96 and ours after 2,269 at 77.37 (docs/topology-optimization.md). The number of iterations depends on small differences in the Hessian updates and in the network; the final compliances of this study are on average {Relative(hbtoCompliance.Average(), PaperValues.Figure9.Values.Average(p => p.Final))} the paper's."),
            "CFD. The paper finds CFD's initial sensitivities off the others by an MSE of 1.07e-4 and the other three equal \"near working precision\"." + cfd + " The most likely reason is precision: TensorFlow computes in single precision by default, where a step h = 10⁻⁶ next to θ ≈ 0.7 is about 17 units in the last place and the two network outputs are each rounded to about 6·10⁻⁸, so the difference quotient is off by a few percent; in double precision, as here, CFD's error is of order 10⁻¹⁰ and its sensitivities agree with the exact methods to about ten digits.",
            Text($"Times. The paper's per-iteration derivative times (Table 2: 0.09 to 8.6 s) and training times (Table 1: 7 to 41 min) came from TensorFlow called from Python; ours come from batched, allocation-free kernels on all elements at once and are milliseconds and seconds (see the speed table). The paper itself says its implementations were not optimized for speed."),
            "The sensitivity filter on hole sizes. As the paper's code, we apply Sigmund's sensitivity filter to θ₁ and θ₂, whose void end is 1, not 0: near-solid cells divide their neighbours' sensitivities by max(10⁻³, θ). The interior-point method copes; MMA, which drives θ to the bounds, does not (it ends near φ = 145, docs/topology-optimization.md). The HBTO runs with MMA beyond the paper therefore use the density filter, and a trust-region run with the density filter stands beside them.",
            "The material model. Every predicted entry of C is clamped to [10⁻⁹, 1]·C_solid as in the paper's code; for HBTO we also limit C12 to ν/(1 − ν)·√(C11·C22), since near the void corner the clamp alone leaves indefinite tensors that the paper's LU solve took silently and a Cholesky factorization refuses. Eq. (15) prints dE/dθ with a minus sign; the derivative used here is the true, positive one.",
            Text($"Exact HBTO derivative. The exact ∂C^H/∂θ is that of the area-weighted cell (a pixel cut by the hole's edge is partly solid), which equals the binary cell of the dataset wherever the edges fall on pixel boundaries; in between it is smooth, but its derivative swings within each pixel ({Fixed(100 * results.GroundTruth.Cells.PointAgainstAverage().RelativeRmse("point"), 1)} % RMS between the point derivative at the grid nodes and its pixel average). The network learned the binary cells, whose C^H is a staircase in θ, so we compare it with the exact derivative averaged over whole pixels of edge travel. Over the grid, the network's derivative (NNJ) is off from that average by {Fixed(100 * exact.RelativeRmse(nnj), 1)} % (RMSE relative to the RMS of the average), while the derivative methods differ from NNJ by at most {Sci(MethodSpread(exact, nnj))} (RMS, same units as the RMSE {Sci(exact.Rmse(nnj))}): the network's own error is the one the paper could not see."),
            "Table 1's MSE is over the outputs in their own units on the 15% test split; our networks de-normalize their outputs, where the paper's Keras script ends with a normalization layer (invert=False), so its MSE may be in other units.",
        ];
    }
}
