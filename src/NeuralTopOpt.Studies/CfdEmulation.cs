namespace NeuralTopOpt.Studies;

/// <summary>
/// The paper's CFD anomaly measured (issue 10 §6): on the paper's own network, the initial sensitivities of
/// CFD with the inputs rounded to float32 (as Keras' <c>predict</c> casts the paper's float64 arrays) and of
/// CFD in float64, each against the exact NNJ, beside the paper's own CFD against NNJ: Fig. 11 (HBTO) and the
/// result files' <c>dc0-*.csv</c> (after the filter, DBTO and HBTO).
/// </summary>
/// <param name="Formulation"><c>dbto</c> or <c>hbto</c>.</param>
/// <param name="RawFloat32">MSE of the float32-input CFD run's sensitivities (Eq. 11, before the filter) against NNJ's.</param>
/// <param name="RawFloat64">The same for CFD in float64.</param>
/// <param name="FilteredFloat32">MSE after the paper's sensitivity filter, float32 inputs, against NNJ's.</param>
/// <param name="FilteredFloat64">The same for CFD in float64.</param>
/// <param name="PaperFiltered">The paper's CFD against its NNJ after the filter (MSE of dc0-FORMULATION-cfd.csv and dc0-FORMULATION-nnj.csv).</param>
/// <param name="PaperFigure">The paper's printed value (Fig. 11, HBTO; null for DBTO, whose Fig. 8 prints it only inside the image). It equals the MSE of the paper's filtered dc0 files (1.0722e-4), so Fig. 11 compares sensitivities after the filter.</param>
/// <param name="Float32AgainstPaper">max |ours − the paper's dc0 CFD| / max |the paper's| for the float32-input run (filtered).</param>
/// <param name="Float64AgainstPaper">The same for CFD in float64.</param>
public sealed record CfdEmulation(
    string Formulation, double RawFloat32, double RawFloat64, double FilteredFloat32, double FilteredFloat64, double PaperFiltered, double? PaperFigure,
    double Float32AgainstPaper, double Float64AgainstPaper)
{
    /// <summary>The comparison on the paper's network of <paramref name="formulation"/>, or null when the study lacks one of its three runs.</summary>
    public static CfdEmulation? Measure(StudyResults results, string formulation)
    {
        ArgumentNullException.ThrowIfNull(results);
        var network = results.Plan.CommittedNetworks.FirstOrDefault(n => n.Formulation == formulation);
        var keys = results.Plan.PaperNetworkRuns.Select(r => r.Key).ToHashSet();
        if (network is null || !keys.Contains($"{network.Key}-cfd-f32") || !keys.Contains($"{network.Key}-cfd") || !keys.Contains($"{network.Key}-nnj"))
        {
            return null;
        }

        var (f32, f64, nnj) = (results.Run($"{network.Key}-cfd-f32").Result.Initial, results.Run($"{network.Key}-cfd").Result.Initial, results.Run($"{network.Key}-nnj").Result.Initial);
        var (paperCfd, paperNnj) = (PaperResults.InitialSensitivities(formulation, "cfd"), PaperResults.InitialSensitivities(formulation, "nnj"));
        if (paperCfd is null || paperNnj is null)
        {
            return null;
        }

        return new CfdEmulation(
            formulation,
            Mse(f32.RawSensitivities, nnj.RawSensitivities), Mse(f64.RawSensitivities, nnj.RawSensitivities),
            Mse(f32.Gradient, nnj.Gradient), Mse(f64.Gradient, nnj.Gradient), Mse(paperCfd, paperNnj),
            formulation == "hbto" ? PaperValues.Figure11Pair("nnj", "cfd")?.Sensitivity : null,
            MaxRelative(f32.Gradient, paperCfd), MaxRelative(f64.Gradient, paperCfd));
    }

    private static double Mse(IReadOnlyList<double> a, IReadOnlyList<double> b) => a.Zip(b, (x, y) => (x - y) * (x - y)).Average();

    private static double MaxRelative(IReadOnlyList<double> ours, IReadOnlyList<double> paper) =>
        ours.Zip(paper, (x, y) => Math.Abs(x - y)).Max() / paper.Max(Math.Abs);
}
