namespace NeuralTopOpt.Studies;

/// <summary>
/// The numbers the paper prints (Najmon and Tovar 2023), for the report to set beside ours. Only
/// values in the text are here: the compliances of Fig. 5 and Fig. 6 are in the figures' images,
/// of which the text gives "around φ = 82" (Sec. 4.2), and of Fig. 8 only what Sec. 4.2 says in words.
/// </summary>
public static class PaperValues
{
    /// <summary>Table 1: training time (minutes), test MSE and R² of each network, by <see cref="StudyNetworkSpec.Key"/>.</summary>
    public static IReadOnlyDictionary<string, TrainingFigures> Table1 { get; } = new Dictionary<string, TrainingFigures>
    {
        [StudyPlan.DbtoSmall] = new(7.23, 1.44e-4, 0.99),
        [StudyPlan.DbtoLarge] = new(39.25, 1.87e-7, 1.00),
        [StudyPlan.Hbto] = new(40.81, 1.47e-3, 0.99),
    };

    /// <summary>Table 2: mean seconds per iteration spent computing the sensitivity coefficients (DBTO, HBTO), by method.</summary>
    public static IReadOnlyDictionary<string, (double Dbto, double Hbto)> Table2 { get; } = new Dictionary<string, (double, double)>
    {
        ["nnj"] = (2.741, 2.988),
        ["cfd"] = (0.342, 0.682),
        ["csm"] = (0.088, 0.180),
        ["ad"] = (2.568, 8.553),
    };

    /// <summary>Fig. 9: compliance after 10 and 100 iterations, the final compliance and the iterations, by method.</summary>
    public static IReadOnlyDictionary<string, HbtoFigures> Figure9 { get; } = new Dictionary<string, HbtoFigures>
    {
        ["nnj"] = new(172.68, 105.19, 75.70, 1225),
        ["cfd"] = new(173.83, 106.98, 76.78, 1105),
        ["csm"] = new(172.68, 105.23, 76.14, 1371),
        ["ad"] = new(172.68, 105.74, 75.70, 1342),
    };

    /// <summary>Fig. 11: θ_MSE and ∂φ₀/∂θ MSE between two methods (the pair in either order).</summary>
    public static IReadOnlyDictionary<(string, string), (double Design, double Sensitivity)> Figure11 { get; } = new Dictionary<(string, string), (double, double)>
    {
        [("nnj", "cfd")] = (4.09e-2, 1.07e-4),
        [("nnj", "csm")] = (3.69e-3, 0),
        [("cfd", "csm")] = (4.12e-2, 1.07e-4),
        [("nnj", "ad")] = (3.23e-3, 0),
        [("cfd", "ad")] = (3.78e-2, 1.07e-4),
        [("csm", "ad")] = (3.64e-3, 0),
    };

    /// <summary>Sec. 4.2: every DBTO run converged to "a similar compliance value around φ = 82".</summary>
    public const double DbtoCompliance = 82;

    /// <summary>Sec. 4.3: the HBTO runs converged to "a similar compliance value around φ = 76".</summary>
    public const double HbtoCompliance = 76;

    /// <summary>Sec. 5: the final designs of all methods differ by "MSE ≤ 7.58 × 10⁻²".</summary>
    public const double LargestDesignMse = 7.58e-2;

    /// <summary>Appendix B: the test MSE of the 1-3-3-1 network on y = x².</summary>
    public const double AppendixBTestMse = 1.45e-6;

    /// <summary>Fig. 11's value for a pair of methods, if the paper gives one.</summary>
    public static (double Design, double Sensitivity)? Figure11Pair(string a, string b) =>
        Figure11.TryGetValue((a, b), out var v) || Figure11.TryGetValue((b, a), out v) ? v : null;
}

/// <summary>One column of Table 1.</summary>
/// <param name="Minutes">Training time t_t in minutes.</param>
/// <param name="TestMse">Test mean squared error.</param>
/// <param name="R2">Test coefficient of determination.</param>
public sealed record TrainingFigures(double Minutes, double TestMse, double R2);

/// <summary>One column of Fig. 9.</summary>
/// <param name="Compliance10">φ after 10 iterations.</param>
/// <param name="Compliance100">φ after 100 iterations.</param>
/// <param name="Final">Final φ.</param>
/// <param name="Iterations">Iterations to convergence.</param>
public sealed record HbtoFigures(double Compliance10, double Compliance100, double Final, int Iterations);
