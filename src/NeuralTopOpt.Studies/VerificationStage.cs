using System.Diagnostics;
using System.Globalization;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Verification;

namespace NeuralTopOpt.Studies;

/// <summary>
/// Stage 5 (issue 13 §2): the fine-scale verification of the study's HBTO designs, after deHomTop808 (Woldseth,
/// Sigmund and Jensen). Our design (the NNJ run on our trained network) and the paper-network design (the NNJ
/// run on the paper's own network) are each drawn as a pixel structure — every element K × K cells of M × M
/// pixels — and solved with the beam's supports and loads (<see cref="HbtoVerifier"/>), over the sweep of
/// <see cref="StudyOptions.Verification"/>, cheapest first. Each design is one cache entry whose fingerprint
/// holds the design itself, the model file's hash and the sweep.
/// </summary>
internal static class VerificationStage
{
    /// <summary>Changes whenever the stage computes something else from the same inputs (part of the fingerprint).</summary>
    public const int Revision = 1;

    public static StudyVerification? Run(StudyContext context, IReadOnlyList<StudyRun> runs, IReadOnlyList<ModelRecord> models)
    {
        var targets = Targets(context.Plan);
        if (targets.Count == 0)
        {
            return null;
        }

        var settings = context.Options.Verification;
        var designs = new List<DesignVerification>();
        for (var i = 0; i < targets.Count; i++)
        {
            var spec = targets[i];
            var run = runs.First(r => r.Spec.Key == spec.Key);
            var model = models.First(m => m.Key == spec.Network);
            var design = run.Result.Final.Physical.ToArray();
            var fingerprint = StudyCache.Fingerprint(
                "verification", Revision, spec.Key, spec.Cell, model.ModelHash, design, settings, context.Options.HoleResolution, context.Options.Nelx, context.Options.Nely);
            var done = i;
            var cached = context.Cache.GetOrCompute(
                $"verification-{spec.Key}", fingerprint, () => Verify(context, spec, model, design, (done + 0.5) / targets.Count));
            designs.Add(cached.Value);
            context.Report(StudyStage.Verification, Text($"{spec.Key}: J_hom {cached.Value.Homogenized.Compliance:F2}, J_exact {cached.Value.Homogenized.ExactCompliance:F2}{(cached.FromCache ? " (cached)" : "")}"), (i + 1.0) / targets.Count, milestone: true);
        }

        return new StudyVerification(settings, designs);
    }

    /// <summary>
    /// The runs verified: the HBTO run with NNJ (or the study's first method) on our network of Table 1, then the
    /// one on the paper's own HBTO network (float64 inputs), each when the plan has it.
    /// </summary>
    public static IReadOnlyList<StudyRunSpec> Targets(StudyPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var targets = new List<StudyRunSpec>();
        var ours = plan.Paper.Where(r => r.Cell == StudyPlan.HbtoCell && r.Network == StudyPlan.Hbto).ToArray();
        if ((ours.FirstOrDefault(r => r.Derivative == "nnj") ?? ours.FirstOrDefault()) is { } own)
        {
            targets.Add(own);
        }

        var paper = plan.PaperNetworkRuns.Where(r => r.Network == StudyPlan.PaperHbto && !r.Float32Inputs).ToArray();
        if ((paper.FirstOrDefault(r => r.Derivative == "nnj") ?? paper.FirstOrDefault()) is { } theirs)
        {
            targets.Add(theirs);
        }

        return targets;
    }

    private static DesignVerification Verify(StudyContext context, StudyRunSpec spec, ModelRecord model, double[] design, double fraction)
    {
        var clock = Stopwatch.StartNew();
        var settings = context.Options.Verification;
        var network = ModelFile.Load(context.Cache.PathOf(model.ModelFile));
        var problem = OptimizationStage.Setup(context.Options, spec, OptimizationStage.Material(spec, network)).Build().Problem;
        var options = new VerificationOptions
        {
            Solver = settings.Solver,
            HomogenizationResolution = context.Options.HoleResolution,
            Parallelism = context.Options.Parallelism,
        };
        var verifier = new HbtoVerifier(problem.Structure, spec.Family, problem.Material, design, options);
        context.Report(StudyStage.Verification, Text($"{spec.Key}: J_hom and J_exact (cells homogenized at {options.HomogenizationResolution}x{options.HomogenizationResolution})"), fraction);
        var homogenized = verifier.Homogenized;
        var points = new List<VerificationPoint>();
        foreach (var (m, k) in settings.Points())
        {
            context.Cancellation.ThrowIfCancellationRequested();
            var reason = FineScaleLimits.SkipReason(problem.Structure.Mesh, m, k, settings.Solver, settings.MaxUnknowns);
            var fine = reason is null ? verifier.Verify(m, k).Fine : null;
            points.Add(new VerificationPoint(m, k, fine, reason));
            context.Report(StudyStage.Verification, fine is null ? Text($"{spec.Key}: M={m} K={k} skipped") : Text($"{spec.Key}: M={m} K={k}: J_fine {fine.Compliance:F2} in {fine.Seconds:F1} s"), fraction);
        }

        return new DesignVerification(spec.Key, spec.Label, spec.Network!, spec.Cell, homogenized, points, clock.Elapsed.TotalSeconds);
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
