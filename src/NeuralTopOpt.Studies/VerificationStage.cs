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
/// holds the design itself, the model file's hash and the sweep. The designs to compute are verified point by
/// point together, sharing each fine mesh's analysis (<see cref="FineAnalysisCache"/>: at 1200 × 600 pixels its
/// ordering and symbolic factorization are about two thirds of a solve), so the first design at each n pays for it.
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
        var designs = targets.Select(spec =>
        {
            var model = models.First(m => m.Key == spec.Network);
            var design = runs.First(r => r.Spec.Key == spec.Key).Result.Final.Physical.ToArray();
            var fingerprint = StudyCache.Fingerprint(
                "verification", Revision, spec.Key, spec.Cell, model.ModelHash, design, settings, context.Options.HoleResolution, context.Options.Nelx, context.Options.Nely);
            return new Target(spec, model, design, $"verification-{spec.Key}", fingerprint);
        }).ToArray();

        // The designs not in the cache are verified together, point by point, so that they share each fine analysis.
        var missing = designs.Where(d => context.Cache.Force || context.Cache.TryLoad<DesignVerification>(d.Key, d.Fingerprint) is null).ToArray();
        var computed = Verify(context, missing);
        var verified = new List<DesignVerification>();
        foreach (var target in designs)
        {
            var cached = context.Cache.GetOrCompute(target.Key, target.Fingerprint, () => computed[target.Spec.Key]);
            verified.Add(cached.Value);
            context.Report(StudyStage.Verification, Text($"{target.Spec.Key}: J_hom {cached.Value.Homogenized.Compliance:F2}, J_exact {cached.Value.Homogenized.ExactCompliance:F2}{(cached.FromCache ? " (cached)" : "")}"), 1, milestone: true);
        }

        return new StudyVerification(settings, verified);
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

    private static Dictionary<string, DesignVerification> Verify(StudyContext context, IReadOnlyList<Target> targets)
    {
        var settings = context.Options.Verification;
        var analyses = new FineAnalysisCache();
        var verifiers = new List<(Target Target, HbtoVerifier Verifier, Stopwatch Clock, List<VerificationPoint> Points)>();
        foreach (var target in targets)
        {
            var clock = Stopwatch.StartNew();
            var spec = target.Spec;
            var network = ModelFile.Load(context.Cache.PathOf(target.Model.ModelFile));
            var problem = OptimizationStage.Setup(context.Options, spec, OptimizationStage.Material(spec, network)).Build().Problem;
            var options = new VerificationOptions
            {
                Solver = settings.Solver,
                HomogenizationResolution = context.Options.HoleResolution,
                Parallelism = context.Options.Parallelism,
                Analyses = analyses,
            };
            var verifier = new HbtoVerifier(problem.Structure, spec.Family, problem.Material, target.Design, options);
            context.Report(StudyStage.Verification, Text($"{spec.Key}: J_hom and J_exact (cells homogenized at {options.HomogenizationResolution}x{options.HomogenizationResolution})"), 0);
            _ = verifier.Homogenized;
            clock.Stop();
            verifiers.Add((target, verifier, clock, []));
        }

        var points = settings.Points();
        for (var i = 0; i < points.Count; i++)
        {
            var (m, k) = points[i];
            foreach (var (target, verifier, clock, list) in verifiers)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                clock.Start();
                var reason = FineScaleLimits.SkipReason(verifier.Problem.Mesh, m, k, settings.Solver, settings.MaxUnknowns);
                var fine = reason is null ? verifier.Verify(m, k).Fine : null;
                clock.Stop();
                list.Add(new VerificationPoint(m, k, fine, reason));
                context.Report(
                    StudyStage.Verification,
                    fine is null ? Text($"{target.Spec.Key}: M={m} K={k} skipped") : Text($"{target.Spec.Key}: M={m} K={k}: J_fine {fine.Compliance:F2} in {fine.Seconds:F1} s"),
                    (i + 1.0) / points.Count);
            }
        }

        return verifiers.ToDictionary(
            v => v.Target.Spec.Key,
            v => new DesignVerification(v.Target.Spec.Key, v.Target.Spec.Label, v.Target.Spec.Network!, v.Target.Spec.Cell, v.Verifier.Homogenized, v.Points, v.Clock.Elapsed.TotalSeconds));
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>A design to verify: its run, model, θ̃ and cache entry.</summary>
    private sealed record Target(StudyRunSpec Spec, ModelRecord Model, double[] Design, string Key, string Fingerprint);
}
