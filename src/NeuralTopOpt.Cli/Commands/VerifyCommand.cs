using System.CommandLine;
using System.Globalization;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Export;
using NeuralTopOpt.Fem.Problems;
using NeuralTopOpt.IO;
using NeuralTopOpt.Materials;
using NeuralTopOpt.Nn;
using NeuralTopOpt.Reporting.Images;
using NeuralTopOpt.Solvers;
using NeuralTopOpt.Verification;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// <c>ntopo verify hbto --design D --model M --pixels-per-element M[,M…] [--cells-per-element K[,K…]] [--cell NAME]
/// [--nelx --nely | --problem FILE] [--solver S] [--loads spread|node] [--resolution R] [--out DIR] [--json]</c>:
/// the fine-scale structure of an HBTO design against its homogenized model (<see cref="HbtoVerifier"/>).
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("verify", "Check designs against a finer model.");
        command.Subcommands.Add(Hbto(console));
        return command;
    }

    private static Command Hbto(CliConsole console)
    {
        var design = new Option<string>("--design") { Description = "The design: a design.csv of 'ntopo optimize hbto' (physical1, physical2, … or theta1, theta2, …; one row per element).", Required = true };
        var model = new Option<string>("--model") { Description = "The network the design was optimized with (the homogenized model J_hom).", Required = true };
        var pixels = new Option<string>("--pixels-per-element") { Description = "M, pixels per cell side (per element side when K = 1); a list (10,20,40) sweeps.", Required = true };
        var cells = new Option<string>("--cells-per-element") { Description = "K, cells per element side (K x K copies of the element's cell); a list (1,2,4) sweeps.", DefaultValueFactory = _ => "1" };
        var cell = MaterialChoice.CellOption(CellFamilies.Hole.Name, "The cell family of the design.");
        var nelx = new Option<int>("--nelx") { Description = "Elements along x (the half MBB beam).", DefaultValueFactory = _ => 60 };
        var nely = new Option<int>("--nely") { Description = "Elements along y (the half MBB beam).", DefaultValueFactory = _ => 30 };
        var problem = new Option<string?>("--problem") { Description = "A problem file (JSON) instead of the half MBB beam." };
        var solver = new Option<string>("--solver") { Description = "Linear solver of the coarse and fine solves: auto (default: cholesky up to 65,000 unknowns, mgcg above), cholesky, mgcg, lu or cholesky-lu.", DefaultValueFactory = _ => LinearSolvers.Auto };
        solver.AcceptOnlyFromAmong([.. LinearSolvers.Names]);
        var loads = new Option<string>("--loads") { Description = "Coarse point loads on the fine mesh: spread (with the coarse hat function along the boundary, one element each way) or node (at the coinciding fine node: a point load).", DefaultValueFactory = _ => "spread" };
        loads.AcceptOnlyFromAmong("spread", "node");
        var resolution = new Option<int>("--resolution") { Description = "Pixels per cell side of the homogenization behind J_exact.", DefaultValueFactory = _ => 100 };
        var maxUnknowns = new Option<int?>("--max-unknowns") { Description = "Skip (M, K) whose fine mesh has more unknowns (default: 1,500,000 with cholesky, 6,000,000 otherwise)." };
        var thickness = new Option<double>("--thickness") { Description = "Plate thickness of the STL, in element sides.", DefaultValueFactory = _ => 1.0 };
        var output = new Option<string?>("--out") { Description = "Folder for fine.png, fine.svg, fine.stl (the structure of the first (M, K)) and verify.json." };
        var json = new Option<bool>("--json") { Description = "Print {\"fine_compliance\",\"homogenized_compliance\",\"exact_compliance\",\"fine_volume\",\"homogenized_volume\", the errors, \"sweep\"} (the last (M, K) computed)." };
        var command = new Command("hbto", "The fine-scale structure of an HBTO design (every element K x K cells of M x M pixels) solved with the same supports and loads, against the network's and the homogenized cells' compliance (deHomTop808's errors).")
        {
            design, model, pixels, cells, cell, nelx, nely, problem, solver, loads, resolution, maxUnknowns, thickness, output, json,
        };
        command.SetAction(async (parse, cancellationToken) => await Task.Run(() => Run(parse, cancellationToken), CancellationToken.None).ConfigureAwait(false));
        return command;

        int Run(ParseResult parse, CancellationToken cancellationToken)
        {
            var family = CellFamilies.Find(parse.GetValue(cell)!);
            if (family.FieldCount == 1)
            {
                throw new InvalidInputException($"the {family.Name} cell is DBTO's density; 'verify hbto' verifies homogenized cells (hole, ...)");
            }

            var ms = CommandLineValues.PositiveIntegers(parse.GetValue(pixels)!, "--pixels-per-element");
            var ks = CommandLineValues.PositiveIntegers(parse.GetValue(cells)!, "--cells-per-element");
            var problemPath = parse.GetValue(problem);
            if (problemPath is not null && (!parse.GetResult(nelx)!.Implicit || !parse.GetResult(nely)!.Implicit))
            {
                throw new UsageException("--nelx and --nely size the built-in half MBB beam; with --problem the file sets the size");
            }

            var structural = problemPath is null ? StandardProblems.HalfMbb(parse.GetValue(nelx), parse.GetValue(nely)) : ProblemFile.Read(problemPath);
            // one (M, K) must fit the mesh limits; a sweep skips the points beyond them, with the reason
            foreach (var m in ms)
            {
                foreach (var k in ks)
                {
                    if (ms.Length * ks.Length == 1)
                    {
                        FineScaleLimits.CheckSizes(structural.Mesh, m, k);
                    }
                    else
                    {
                        FineScaleLimits.CheckRanges(m, k);
                    }
                }
            }

            var r = parse.GetValue(resolution);
            if (r < 2 || r > 1000)
            {
                throw new InvalidInputException($"--resolution must be 2 to 1000 pixels, not {r}");
            }

            if (!(parse.GetValue(thickness) > 0) || double.IsInfinity(parse.GetValue(thickness)))
            {
                throw new InvalidInputException($"--thickness must be a positive number, not {parse.GetValue(thickness)}");
            }

            // One run per folder, locked before any work (OutputFolder).
            var folderPath = parse.GetValue(output);
            using var folder = folderPath is null ? null : OutputFolder.Open(folderPath);

            var network = ModelFile.Load(parse.GetValue(model)!);
            var material = family.CreateMaterial(MaterialSource.Network(network, "nnj"));
            var theta = DesignFile.Read(parse.GetValue(design)!, family, structural.Mesh);
            var options = new VerificationOptions
            {
                Solver = parse.GetValue(solver)!,
                Loads = parse.GetValue(loads) == "node" ? LoadTransfer.Node : LoadTransfer.Spread,
                HomogenizationResolution = r,
            };
            var verifier = new HbtoVerifier(structural, family, material, theta, options);
            var sweep = verifier.Sweep(ms, ks, parse.GetValue(maxUnknowns), new SweepLog(console), cancellationToken);
            var last = sweep.LastOrDefault(p => p.Result is not null)?.Result
                ?? throw new InvalidInputException($"no (M, K) could run: {sweep[0].SkipReason}");
            if (folder is not null)
            {
                WriteFiles(folder, verifier, sweep, ms[0], ks[0], parse.GetValue(thickness));
                folder.RemoveStale(OutputNames);
                folder.WriteManifest("ntopo verify hbto " + string.Join(' ', parse.Tokens.Select(t => t.Value)));
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(console.Out, Json(last, sweep));
                return ExitCodes.Success;
            }

            Print(console.Out, verifier, sweep);
            return ExitCodes.Success;
        }
    }

    private static Dictionary<string, object?> Json(VerificationResult last, IReadOnlyList<SweepPoint> sweep) => new()
    {
        ["fine_compliance"] = last.Fine.Compliance,
        ["homogenized_compliance"] = last.Homogenized.Compliance,
        ["exact_compliance"] = last.Homogenized.ExactCompliance,
        ["fine_volume"] = last.Fine.Volume,
        ["homogenized_volume"] = last.Homogenized.Volume,
        ["compliance_error"] = last.ComplianceError,
        ["volume_error"] = last.VolumeError,
        ["compliance_volume_error"] = last.ComplianceVolumeError,
        ["exact_compliance_error"] = last.ExactComplianceError,
        ["pixels_per_element"] = last.Fine.PixelsPerCell,
        ["cells_per_element"] = last.Fine.CellsPerElement,
        ["solver"] = last.Fine.Solver,
        ["sweep"] = sweep.Select(Point).ToArray(),
    };

    private static Dictionary<string, object?> Point(SweepPoint p) => new()
    {
        ["pixels_per_element"] = p.PixelsPerCell,
        ["cells_per_element"] = p.CellsPerElement,
        ["fine_compliance"] = p.Result?.Fine.Compliance,
        ["fine_volume"] = p.Result?.Fine.Volume,
        ["compliance_error"] = p.Result?.ComplianceError,
        ["volume_error"] = p.Result?.VolumeError,
        ["compliance_volume_error"] = p.Result?.ComplianceVolumeError,
        ["exact_compliance_error"] = p.Result?.ExactComplianceError,
        ["unknowns"] = p.Result?.Fine.Unknowns,
        ["seconds"] = p.Result?.Fine.Seconds,
        ["skipped"] = p.SkipReason,
    };

    private static readonly System.Text.Json.JsonSerializerOptions Indented = new(JsonOutput.Options) { WriteIndented = true };

    /// <summary>Names of the files a verification writes (regular expressions), for the removal of an earlier run's files.</summary>
    private static readonly string[] OutputNames = [@"fine\.(png|svg|stl)", @"verify\.json"];

    private static void WriteFiles(OutputFolder folder, HbtoVerifier verifier, IReadOnlyList<SweepPoint> sweep, int m, int k, double thickness)
    {
        var structure = verifier.Structure(m, k);
        var grid = new PixelGrid(structure.Densities, structure.PixelsX, structure.PixelsY, 1.0 / structure.Subdivision);
        FieldImage.SaveGrey(folder.File("fine.png"), structure.Densities, structure.PixelsX, structure.PixelsY, Math.Clamp(2400 / structure.PixelsX, 1, 8));
        SvgFile.Write(folder.File("fine.svg"), grid);
        StlFile.Write(folder.File("fine.stl"), grid, thickness);
        var text = System.Text.Json.JsonSerializer.Serialize(Json(sweep.Last(p => p.Result is not null).Result!, sweep), Indented);
        AtomicFile.WriteAllText(folder.File("verify.json"), text + "\n");
    }

    private static void Print(TextWriter output, HbtoVerifier verifier, IReadOnlyList<SweepPoint> sweep)
    {
        var f = CultureInfo.InvariantCulture;
        var h = verifier.Homogenized;
        output.WriteLine(string.Create(f, $"J_hom {h.Compliance:G8} (network), J_exact {h.ExactCompliance:G8} ({h.DistinctCells} cells homogenized at {h.Resolution}x{h.Resolution}), V_hom {h.Volume:F6}"));
        output.WriteLine("   M   K  unknowns        J_fine    V_fine   J_fine/J_hom-1  V_fine/V_hom-1  (JV)_fine/(JV)_hom-1  J_fine/J_exact-1  seconds");
        foreach (var p in sweep)
        {
            if (p.Result is not { } r)
            {
                output.WriteLine(string.Create(f, $"{p.PixelsPerCell,4}{p.CellsPerElement,4}  skipped: {p.SkipReason}"));
                continue;
            }

            output.WriteLine(string.Create(f, $"{p.PixelsPerCell,4}{p.CellsPerElement,4}{r.Fine.Unknowns,10}  {r.Fine.Compliance,12:G8}  {r.Fine.Volume:F6}  {r.ComplianceError,14:+0.0000;-0.0000}  {r.VolumeError,14:+0.0000;-0.0000}  {r.ComplianceVolumeError,20:+0.0000;-0.0000}  {r.ExactComplianceError,16:+0.0000;-0.0000}  {r.Fine.Seconds,7:F2}"));
        }
    }

    /// <summary>One line per finished (M, K) on standard error.</summary>
    private sealed class SweepLog(CliConsole console) : IProgress<SweepPoint>
    {
        public void Report(SweepPoint value) => console.Error.WriteLine(value.Result is { } r
            ? string.Create(CultureInfo.InvariantCulture, $"verify: M={value.PixelsPerCell} K={value.CellsPerElement}: J_fine {r.Fine.Compliance:G6} in {r.Fine.Seconds:F1} s")
            : $"verify: M={value.PixelsPerCell} K={value.CellsPerElement}: skipped ({value.SkipReason})");
    }
}
