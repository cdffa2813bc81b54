using System.Diagnostics;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Fem;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Solvers;

namespace NeuralTopOpt.Verification;

/// <summary>How a verification is run.</summary>
public sealed record VerificationOptions
{
    /// <summary>The linear solver of the coarse and the fine solves (<see cref="LinearSolvers.Names"/>).</summary>
    public string Solver { get; init; } = LinearSolvers.Auto;

    /// <summary>How coarse point loads go onto the fine mesh.</summary>
    public LoadTransfer Loads { get; init; } = LoadTransfer.Spread;

    /// <summary>R, the pixels per cell side of the homogenization behind J_exact (the paper's datasets: 100).</summary>
    public int HomogenizationResolution { get; init; } = 100;

    /// <summary>The pixels' material (solid and void floor): the one the cells were homogenized with.</summary>
    public CellMaterial Material { get; init; } = CellMaterial.Paper;

    /// <summary>Threads of the homogenizations (each its own cell).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Where fine analyses are kept between solves: pass one cache to several verifiers of one coarse problem to
    /// share them across designs; without one, each verifier keeps its own (the points of its sweep with one n = M·K
    /// share their analysis).
    /// </summary>
    public FineAnalysisCache? Analyses { get; init; }
}

/// <summary>
/// Fine-scale verification of an HBTO design (issue 13 §2, after deHomTop808): the design's cells drawn as a
/// pixel structure (<see cref="FineStructure"/>), solved with the coarse problem's supports and loads
/// (<see cref="FineProblem"/>), against the homogenized model on the coarse mesh — the network's C (J_hom) and each
/// element's homogenized cell (J_exact). The homogenized side is computed once (<see cref="Homogenized"/>); each
/// <see cref="Verify"/> builds and solves one (M, K).
/// </summary>
public sealed class HbtoVerifier
{
    private readonly double[] _design;
    private readonly FineAnalysisCache _analyses;
    private HomogenizedResult? _homogenized;

    /// <summary>
    /// A verifier of <paramref name="design"/> (θ̃, field-major: the physical design the model saw) of
    /// <paramref name="cell"/> on <paramref name="problem"/>, with <paramref name="material"/> the optimization's model.
    /// </summary>
    /// <exception cref="InvalidInputException">The design does not fit the problem and cell, θ outside the family's bounds, or a model of another k.</exception>
    public HbtoVerifier(StructuralProblem problem, ICellFamily cell, IMaterialModel material, ReadOnlySpan<double> design, VerificationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(cell);
        ArgumentNullException.ThrowIfNull(material);
        (Problem, Cell, Material, Options) = (problem, cell, material, options ?? new VerificationOptions());
        var (n, k) = (problem.Mesh.ElementCount, cell.FieldCount);
        if (design.Length != n * k)
        {
            throw new InvalidInputException($"the design has {design.Length / Math.Max(k, 1)} elements; the problem has {n} ({problem.Mesh.ElementsX}x{problem.Mesh.ElementsY})");
        }

        if (material.DesignVariablesPerElement != k)
        {
            throw new InvalidInputException($"the material model takes {material.DesignVariablesPerElement} design variable(s) per element; the {cell.Name} cell has {k}");
        }

        if (!LinearSolvers.Names.Contains(Options.Solver))
        {
            throw new InvalidInputException($"unknown linear solver '{Options.Solver}'; expected {string.Join(", ", LinearSolvers.Names)}");
        }

        Span<double> theta = stackalloc double[k];
        for (var e = 0; e < n; e++)
        {
            Element(design, n, e, theta);
            CellFamilies.CheckDesign(cell, theta);
        }

        _design = design.ToArray();
        _analyses = Options.Analyses ?? new FineAnalysisCache();
    }

    /// <summary>The coarse problem.</summary>
    public StructuralProblem Problem { get; }

    /// <summary>The cell family.</summary>
    public ICellFamily Cell { get; }

    /// <summary>The optimization's material model.</summary>
    public IMaterialModel Material { get; }

    /// <summary>The settings.</summary>
    public VerificationOptions Options { get; }

    /// <summary>The design, field-major.</summary>
    public ReadOnlySpan<double> Design => _design;

    /// <summary>J_hom, J_exact and V_hom (computed on first use).</summary>
    public HomogenizedResult Homogenized => _homogenized ??= ComputeHomogenized();

    /// <summary>The fine structure at (M, K).</summary>
    public FineStructure Structure(int pixelsPerCell, int cellsPerElement) =>
        FineStructure.Build(Cell, _design, Problem.Mesh, pixelsPerCell, cellsPerElement);

    /// <summary>The verification at M pixels per cell and K cells per element.</summary>
    /// <exception cref="InvalidInputException">Sizes out of range, or too large for the mesh.</exception>
    public VerificationResult Verify(int pixelsPerCell, int cellsPerElement)
    {
        var homogenized = Homogenized;
        var clock = Stopwatch.StartNew();
        var structure = Structure(pixelsPerCell, cellsPerElement);
        var (compliance, _, unknowns) = SolveFine(structure, keepDisplacements: false);
        var fine = new FineResult(pixelsPerCell, cellsPerElement, compliance, structure.SolidFraction, unknowns, Options.Solver, clock.Elapsed.TotalSeconds);
        return new VerificationResult(fine, homogenized);
    }

    /// <summary>
    /// The sweep over every (M, K) of <paramref name="pixelsPerCell"/> × <paramref name="cellsPerElement"/>, skipping
    /// those beyond <paramref name="maxUnknowns"/> (default: <see cref="FineScaleLimits.DefaultMaxUnknowns"/> of the
    /// solver), the machine's memory or the mesh limits, with the reason.
    /// </summary>
    public IReadOnlyList<SweepPoint> Sweep(IEnumerable<int> pixelsPerCell, IEnumerable<int> cellsPerElement, long? maxUnknowns = null, IProgress<SweepPoint>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pixelsPerCell);
        ArgumentNullException.ThrowIfNull(cellsPerElement);
        var cap = maxUnknowns ?? FineScaleLimits.DefaultMaxUnknowns(Options.Solver);
        var points = new List<SweepPoint>();
        var ks = cellsPerElement.ToArray();
        foreach (var m in pixelsPerCell)
        {
            foreach (var k in ks)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var reason = FineScaleLimits.SkipReason(Problem.Mesh, m, k, Options.Solver, cap);
                var point = new SweepPoint(m, k, reason is null ? Verify(m, k) : null, reason);
                points.Add(point);
                progress?.Report(point);
            }
        }

        return points;
    }

    /// <summary>
    /// Solves the fine problem of <paramref name="structure"/>: J_fine, the displacements of every load case when
    /// <paramref name="keepDisplacements"/> (else null), and the unknowns.
    /// </summary>
    public (double Compliance, double[]? Displacements, long Unknowns) SolveFine(FineStructure structure, bool keepDisplacements = true)
    {
        ArgumentNullException.ThrowIfNull(structure);
        var fine = FineProblem.Map(Problem, structure.Subdivision, Options.Loads);
        var analysis = _analyses.Analysis(fine, Options.Solver, structure.PixelsPerCell);
        var coefficients = structure.Coefficients(Options.Material);
        var u = new double[fine.LoadCases.Count * fine.Mesh.DofCount];
        var compliance = analysis.Solve(coefficients, u);
        return (compliance, keepDisplacements ? u : null, analysis.UnknownCount);
    }

    private HomogenizedResult ComputeHomogenized()
    {
        var clock = Stopwatch.StartNew();
        var mesh = Problem.Mesh;
        var (n, k) = (mesh.ElementCount, Cell.FieldCount);
        var designs = new double[n * k];
        for (var e = 0; e < n; e++)
        {
            Element(_design, n, e, designs.AsSpan(e * k, k));
        }

        // J_hom: the optimizer's material model.
        var stiffness = new double[n * Material.StiffnessEntries];
        Material.Stiffness(designs, stiffness);
        var hom = Compliance(Material.StiffnessEntries, stiffness);

        // J_exact: C^H of every distinct rasterized cell (θ that draw the same pixels share one), all six entries
        // (a turned cell couples normal and shear).
        var r = Options.HomogenizationResolution;
        var distinct = new Dictionary<UInt128, int>();
        var index = new int[n];
        var cells = new List<double[]>();
        var pixels = new double[r * r];
        for (var e = 0; e < n; e++)
        {
            var theta = designs.AsSpan(e * k, k);
            Cell.Rasterize(theta, r, pixels);
            var key = HomogenizationMemo.Key(pixels);
            if (!distinct.TryGetValue(key, out var id))
            {
                id = cells.Count;
                distinct.Add(key, id);
                cells.Add(theta.ToArray());
            }

            index[e] = id;
        }

        var tensors = HomogenizeAll(cells);
        var exactStiffness = new double[6 * n];
        for (var e = 0; e < n; e++)
        {
            tensors[index[e]].CopyTo(exactStiffness.AsSpan(6 * e, 6));
        }

        var exact = Compliance(6, exactStiffness);
        var volume = Cell.MeanSolidFraction(_design, n);
        return new HomogenizedResult(hom, exact, volume, r, cells.Count, clock.Elapsed.TotalSeconds);
    }

    private StiffnessTensor[] HomogenizeAll(List<double[]> cells)
    {
        // One homogenizer per worker, each taking the next cell: the mesh's symbolic analysis is shared.
        var r = Options.HomogenizationResolution;
        var cellMesh = PeriodicCellMesh.Create(r);
        var tensors = new StiffnessTensor[cells.Count];
        var next = -1;
        var workers = Math.Clamp(Options.Parallelism, 1, Math.Max(1, cells.Count));
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, _ =>
        {
            var homogenizer = new CellHomogenizer(cellMesh, Options.Material) { MaxDegreeOfParallelism = 1 };
            var scratch = new double[r * r];
            for (var i = Interlocked.Increment(ref next); i < cells.Count; i = Interlocked.Increment(ref next))
            {
                tensors[i] = Cell.Homogenize(homogenizer, cells[i], scratch).ToTensor();
            }
        });
        return tensors;
    }

    private double Compliance(int coefficients, double[] stiffness)
    {
        var analysis = new LinearElasticAnalysis(Problem, coefficientCount: coefficients, solver: Options.Solver);
        var u = new double[Problem.LoadCases.Count * Problem.Mesh.DofCount];
        return analysis.Solve(stiffness, u);
    }

    private static void Element(ReadOnlySpan<double> fieldMajor, int n, int e, Span<double> theta)
    {
        for (var f = 0; f < theta.Length; f++)
        {
            theta[f] = fieldMajor[(f * n) + e];
        }
    }
}
