using System.Collections.Concurrent;
using System.Globalization;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Optimization;
using NeuralTopOpt.Optimization.Topology;
using NeuralTopOpt.Optimization.TrustRegion;

namespace NeuralTopOpt.Studies;

/// <summary>One optimization of the study and its full record.</summary>
/// <param name="Spec">What was run.</param>
/// <param name="Result">Compliance, iterations, history with time splits, snapshots, initial sensitivities.</param>
public sealed record StudyRun(StudyRunSpec Spec, TopologyRunResult Result);

/// <summary>
/// Stage 3: every optimization of the plan on the paper's half MBB beam, built as <c>ntopo optimize</c>
/// builds it (<see cref="TopologyOptimizers"/>). Runs are independent, so they run side by side on the
/// study's cores, the longest first; each is its own cache entry (its fingerprint holds the settings
/// and the hash of the model file), so an interrupted study resumes run by run. An interrupted run is
/// not kept.
/// </summary>
internal static class OptimizationStage
{
    public static IReadOnlyList<StudyRun> Run(StudyContext context, IReadOnlyList<NetworkRecord> networks)
    {
        var runs = context.Plan.Runs;
        var results = new StudyRun[runs.Count];
        var finished = 0;
        var order = Enumerable.Range(0, runs.Count).OrderByDescending(i => ExpectedCost(runs[i])).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = context.Options.Parallelism, CancellationToken = context.Cancellation };
        Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering), parallel, i =>
        {
            var spec = runs[i];
            var network = spec.Network is null ? null : networks.First(n => n.Key == spec.Network);
            var cached = context.Cache.GetOrCompute(
                $"run-{spec.Key}",
                Fingerprint(context.Options, spec, network),
                () => new StudyRun(spec, Execute(context, spec, network, () => Volatile.Read(ref finished) / (double)runs.Count)));
            results[i] = cached.Value;
            var count = Interlocked.Increment(ref finished);
            context.Report(StudyStage.Optimization, string.Create(CultureInfo.InvariantCulture, $"{spec.Key}: {cached.Value.Result.Compliance:F2} after {cached.Value.Result.Iterations} iterations{(cached.FromCache ? " (cached)" : "")}"), count / (double)runs.Count, milestone: true);
        });
        return results;
    }

    /// <summary>The fingerprint of a run: everything its result depends on.</summary>
    public static string Fingerprint(StudyOptions options, StudyRunSpec spec, NetworkRecord? network) => StudyCache.Fingerprint(
        "run", spec, options.Nelx, options.Nely, options.VolumeFraction, options.FilterRadius, Stopping(options, spec), options.SnapshotIterations, network?.ModelHash, TrustRegionOptimizer.Revision);

    /// <summary>
    /// When a run stops: trust-region on SciPy's <c>tol</c> (the study's tolerance, the paper's 10⁻³),
    /// MMA and OC on max |Δθ| &lt; 0.01 (<see cref="TopologyOptimizers.DefaultStopping"/>), each with its iteration cap.
    /// </summary>
    public static StoppingCriteria Stopping(StudyOptions options, StudyRunSpec spec)
    {
        var beyond = options.Beyond.Contains(spec);
        var cap = beyond ? options.BeyondMaxIterations : spec.Formulation == StudyFormulation.Dbto ? options.DbtoMaxIterations : options.HbtoMaxIterations;
        return spec.Optimizer == "trust-region"
            ? new StoppingCriteria(cap, options.Tolerance, options.Tolerance)
            : TopologyOptimizers.DefaultStopping(spec.Optimizer, cap);
    }

    /// <summary>The problem of a run: the half MBB beam with the study's settings and the run's material and filter.</summary>
    public static ComplianceProblem Problem(StudyOptions options, StudyRunSpec spec, IMaterialModel material) =>
        new(StandardProblems.HalfMbb(options.Nelx, options.Nely), material,
            new ComplianceSettings(options.VolumeFraction, spec.Measure, spec.Filter, options.FilterRadius, spec.Constraint));

    /// <summary>The material of a run: SIMP (Eq. 14–15) or the network with the run's derivative method.</summary>
    public static IMaterialModel Material(StudyRunSpec spec, NetworkModel? model) => model is null
        ? new SimpMaterial()
        : spec.Formulation == StudyFormulation.Dbto ? NetworkMaterial.Modulus(model, spec.Derivative) : NetworkMaterial.HoleCell(model, spec.Derivative);

    private static TopologyRunResult Execute(StudyContext context, StudyRunSpec spec, NetworkRecord? network, Func<double> fraction)
    {
        var model = network is null ? null : ModelFile.Load(context.Cache.PathOf(network.ModelFile));
        var problem = Problem(context.Options, spec, Material(spec, model));
        var optimizer = TopologyOptimizers.Create(spec.Optimizer, problem.VariableCount);
        var progress = new ActionProgress<TopologyIteration>(it =>
        {
            if (it.Iteration % 25 == 0)
            {
                context.Report(StudyStage.Optimization, string.Create(CultureInfo.InvariantCulture, $"{spec.Key}: iteration {it.Iteration}, compliance {it.Compliance:F2}"), fraction());
            }
        });
        var result = TopologyRun.Execute(
            problem, optimizer, Stopping(context.Options, spec), new TopologyRunOptions { SnapshotIterations = context.Options.SnapshotIterations }, progress, context.Cancellation);
        if (result.ExitReason == ExitReason.Cancelled)
        {
            throw new OperationCanceledException(context.Cancellation);
        }

        return result;
    }

    /// <summary>A rough order of run times: HBTO with the paper's settings, other HBTO runs, DBTO.</summary>
    private static int ExpectedCost(StudyRunSpec spec) =>
        spec.Formulation == StudyFormulation.Hbto ? (spec.IsPaperSetting ? 3 : 2) : 1;
}
