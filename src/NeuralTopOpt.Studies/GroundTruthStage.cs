using System.Diagnostics;
using NeuralTopOpt.Datasets;
using NeuralTopOpt.Derivatives;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Nn.Examples;

namespace NeuralTopOpt.Studies;

/// <summary>
/// Stage 4: the references beyond the networks. The two grids of homogenized cells (Fig. 3C and the
/// exact-derivative grid) are cached; the rest takes well under a second and is recomputed.
/// </summary>
internal static class GroundTruthStage
{
    public static GroundTruth Run(StudyContext context, IReadOnlyList<NetworkRecord> networks)
    {
        var options = context.Options;
        var mesh = new Lazy<PeriodicCellMesh>(() => PeriodicCellMesh.Create(options.HoleResolution));
        context.Report(StudyStage.GroundTruth, "Fig. 3C: homogenized cells on a grid", 0);
        var contours = context.Cache.GetOrCompute(
            "ground-contours",
            StudyCache.Fingerprint("contours", options.ContourGridPoints, options.HoleResolution),
            () => Contours(context)).Value;
        context.Report(StudyStage.GroundTruth, "exact dC/dtheta of homogenized cells on a grid", 0.4);
        var cells = context.Cache.GetOrCompute(
            "ground-cells",
            StudyCache.Fingerprint("cells", "pixel-averaged, exact nodes", options.ExactGridPoints, options.HoleResolution),
            () => Cells(context, mesh.Value)).Value;
        context.Report(StudyStage.GroundTruth, "network derivatives against the exact ones", 0.8);
        var hbto = Load(context, networks, StudyPlan.Hbto);
        var (hbtoComparison, hbtoStiffness) = CompareHbto(StudyPlan.Hbto, options.Methods, cells, hbto);
        var dbto = new[] { StudyPlan.DbtoSmall, StudyPlan.DbtoLarge }.Select(key => CompareDbto(options, key, Load(context, networks, key))).ToArray();
        var seeds = context.Plan.SeedComparison()
            .Select(run => CompareHbto(run.Network!, [run.Derivative], cells, Load(context, networks, run.Network!)).Comparison)
            .ToArray();
        var initial = Initial(context, hbto, mesh.Value);
        return new GroundTruth(contours, cells, hbtoComparison, hbtoStiffness, dbto, initial, AppendixBExample()) { HbtoSeeds = seeds };
    }

    /// <summary>The printed Appendix B network differentiated at x = 0.812 by every method.</summary>
    public static AppendixBRecord AppendixBExample()
    {
        var network = AppendixB.PrintedNetwork();
        var derivatives = JacobianMethods.Names.ToDictionary(m => m, m => JacobianMethods.Create(m, network).Evaluate([AppendixB.X]).Jacobian[0]);
        return new AppendixBRecord(AppendixB.X, AppendixB.ExactDerivative, AppendixB.PrintedJacobian, network.Predict([AppendixB.X])[0], derivatives);
    }

    private static ContourGrid Contours(StudyContext context)
    {
        var (points, resolution) = (context.Options.ContourGridPoints, context.Options.HoleResolution);
        var clock = Stopwatch.StartNew();
        var table = HoleCellGrid.Compute(points, resolution, new DatasetRunOptions { MaxDegreeOfParallelism = context.Options.Parallelism, CancellationToken = context.Cancellation });
        double[] Column(string name) => table.Column(table.ColumnIndex(name));
        return new ContourGrid(points, resolution, Column("C11"), Column("C12"), Column("C22"), Column("C33"), clock.Elapsed.TotalSeconds);
    }

    private static ExactCellGrid Cells(StudyContext context, PeriodicCellMesh mesh)
    {
        var points = context.Options.ExactGridPoints;
        var thetas = ExactCellGrid.Grid(points, mesh.Resolution);
        var stiffness = new double[4 * points * points];
        var derivatives = new double[8 * points * points];
        var averaged = new double[8 * points * points];
        var clock = Stopwatch.StartNew();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = context.Options.Parallelism, CancellationToken = context.Cancellation };
        Parallel.For(0, points * points, parallel, () => new HoleCellGradient(mesh) { MaxDegreeOfParallelism = 1 }, (node, _, gradient) =>
        {
            var (width, height) = (thetas[node / points], thetas[node % points]);
            var cell = gradient.Compute(width, height);
            ExactHoleCellMaterial.Entries(cell.Stiffness, stiffness.AsSpan(4 * node, 4));
            ExactHoleCellMaterial.Derivatives(cell, derivatives.AsSpan(8 * node, 8));
            ExactHoleCellMaterial.Derivatives(HoleCellSweep.Average(gradient, width, height, cell.Stiffness), averaged.AsSpan(8 * node, 8));
            return gradient;
        }, _ => { });
        return new ExactCellGrid(points, mesh.Resolution, thetas, stiffness, derivatives, averaged, clock.Elapsed.TotalSeconds);
    }

    private static (DerivativeComparison Comparison, double[] Stiffness) CompareHbto(string key, IReadOnlyList<string> methods, ExactCellGrid cells, NetworkModel model)
    {
        var nodes = cells.Points * cells.Points;
        var inputs = new double[2 * nodes];
        for (var node = 0; node < nodes; node++)
        {
            (inputs[2 * node], inputs[(2 * node) + 1]) = (cells.Thetas[node / cells.Points], cells.Thetas[node % cells.Points]);
        }

        // The method's layout, b·m·n + o·n + i with m = 4 outputs and n = 2 inputs, is 8·node + 2t + k.
        var jacobians = methods.ToDictionary(m => m, m => JacobianMethods.Create(m, model.Network).Evaluate(inputs).Jacobian);
        return (new DerivativeComparison(key, 8, cells.Averaged, jacobians), model.Network.Predict(inputs));
    }

    private static DerivativeComparison CompareDbto(StudyOptions options, string key, NetworkModel model)
    {
        var simp = new SimpMaterial();
        var thetas = Enumerable.Range(0, options.SimpGridPoints).Select(i => i / (options.SimpGridPoints - 1.0)).ToArray();

        // Eq. (15) without its stray minus sign: dE/dθ = p (E_max − E_min) θ^(p−1).
        var exact = thetas.Select(t => simp.Penalty * (simp.MaximumModulus - simp.MinimumModulus) * Math.Pow(t, simp.Penalty - 1)).ToArray();
        var methods = options.Methods.ToDictionary(m => m, m => JacobianMethods.Create(m, model.Network).Evaluate(thetas).Jacobian);
        return new DerivativeComparison(key, 1, exact, methods);
    }

    private static ExactInitialSensitivities Initial(StudyContext context, NetworkModel model, PeriodicCellMesh mesh)
    {
        var clock = Stopwatch.StartNew();
        var spec = context.Plan.Compared(StudyPlan.HbtoCell)[0];
        var gradient = new HoleCellGradient(mesh);

        // Both materials see the same cells (one for the uniform start design): homogenize each once.
        var memo = new Dictionary<(double, double), HoleCellDerivative>();
        HoleCellDerivative Averaged(double width, double height) =>
            memo.TryGetValue((width, height), out var known) ? known : memo[(width, height)] = HoleCellSweep.Average(gradient, width, height);
        var cell = spec.Family;
        var network = cell.CreateMaterial(OptimizationStage.Material(spec, model));
        var withNetwork = MaterialSource.Custom(new ExactHoleCellMaterial(Averaged, network));
        var homogenized = MaterialSource.Custom(new ExactHoleCellMaterial(Averaged, null));
        var problem = OptimizationStage.Setup(context.Options, spec, withNetwork).Build().Problem;
        var start = problem.InitialDesign();
        var a = problem.Analyze(start);
        var b = OptimizationStage.Setup(context.Options, spec, homogenized).Build().Problem.Analyze(start);
        var theta = cell.StartLevel(context.Options.VolumeFraction);
        var start0 = Averaged(theta, theta);
        var (stiffness, derivatives) = (new double[4], new double[8]);
        ExactHoleCellMaterial.Entries(start0.Stiffness, stiffness);
        ExactHoleCellMaterial.Derivatives(start0, derivatives);

        return new ExactInitialSensitivities(theta, stiffness, derivatives, a, b, clock.Elapsed.TotalSeconds);
    }

    private static NetworkModel Load(StudyContext context, IReadOnlyList<NetworkRecord> networks, string key) =>
        ModelFile.Load(context.Cache.PathOf(networks.First(n => n.Key == key).ModelFile));
}
