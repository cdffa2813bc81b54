using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using NeuralTopOpt.Cells;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Datasets;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.IO;
using NeuralTopOpt.Reporting.Charts;
using NeuralTopOpt.Reporting.Images;

namespace NeuralTopOpt.Cli.Commands;

/// <summary>
/// <c>ntopo homogenize --width W --height H | --cell NAME --theta v1,v2,… | --image FILE [--json]</c>: C^H of one
/// cell (Eq. 16); <c>ntopo homogenize contours</c>: the contour plots of Fig. 3C.
/// </summary>
internal static class HomogenizeCommand
{
    public static Command Create(CliConsole console)
    {
        var width = new Option<double?>("--width") { Description = "Hole width θ₁ (along x) as a fraction of the cell side, in [0, 1]." };
        var height = new Option<double?>("--height") { Description = "Hole height θ₂ (along y) as a fraction of the cell side, in [0, 1]." };
        var resolution = new Option<int?>("--resolution") { Description = "Pixels per side of the hole cell (default 100, as the paper)." };
        var cell = new Option<string?>("--cell") { Description = $"A cell family ({string.Join(", ", CellFamilies.Names)}; see 'ntopo cells') with its parameters in --theta." };
        cell.AcceptOnlyFromAmong([.. CellFamilies.Names]);
        var theta = new Option<string?>("--theta") { Description = "The cell's parameters in the order of 'ntopo cells', comma-separated (with --cell)." };
        var image = new Option<string?>("--image") { Description = "A pixel map instead of a hole: PNG (black solid, white void, grey in between) or CSV (R lines of R densities in [0, 1], top row first)." };
        var cellImage = new Option<string?>("--cell-image") { Description = "Also write the cell as a PNG (Fig. 3A): solid black, void white." };
        var json = new Option<bool>("--json") { Description = "Print {\"C11\":…,\"C12\":…,\"C22\":…,\"C13\":…,\"C23\":…,\"C33\":…,\"milliseconds\":…}." };
        var command = new Command("homogenize", "C^H of a periodic cell by numerical homogenization (Eq. 16; plane strain, E = 1, nu = 0.3, void 1e-9).")
        {
            width, height, cell, theta, resolution, image, cellImage, json,
        };
        command.Subcommands.Add(ContoursCommand(console));
        command.SetAction(parse =>
        {
            var clock = Stopwatch.StartNew();
            if (parse.GetValue(cellImage) is { } target)
            {
                AtomicFile.CheckTarget(target);
            }

            var family = parse.GetValue(cell) is { } name ? CellFamilies.Find(name) : null;
            if (family is not null || parse.GetValue(theta) is not null)
            {
                if (family is null || parse.GetValue(theta) is null || parse.GetValue(width) is not null || parse.GetValue(height) is not null || parse.GetValue(image) is not null)
                {
                    throw new UsageException("--cell NAME takes the cell's parameters as --theta v1,v2,... (see 'ntopo cells'), without --width, --height or --image");
                }
            }

            var (map, what, c) = family is null
                ? Homogenize(ReadCell(parse.GetValue(width), parse.GetValue(height), parse.GetValue(resolution), parse.GetValue(image)))
                : Homogenize(family, CommandLineValues.Numbers(parse.GetValue(theta)!, "--theta"), parse.GetValue(resolution) ?? 100);
            var milliseconds = clock.Elapsed.TotalMilliseconds;
            if (parse.GetValue(cellImage) is { } picture)
            {
                PixelMapImage.Save(picture, map, Math.Max(1, 400 / map.Resolution));
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(console.Out, new Dictionary<string, double>
                {
                    ["C11"] = c.C11,
                    ["C12"] = c.C12,
                    ["C22"] = c.C22,
                    ["C13"] = c.C13,
                    ["C23"] = c.C23,
                    ["C33"] = c.C33,
                    ["milliseconds"] = milliseconds,
                });
                return ExitCodes.Success;
            }

            var f = CultureInfo.InvariantCulture;
            console.Out.WriteLine($"C^H of {what} ({map.Resolution}x{map.Resolution} pixels; plane strain, E = 1, nu = 0.3, void 1e-9):");
            for (var i = 0; i < 3; i++)
            {
                console.Out.WriteLine("  " + string.Join("  ", Enumerable.Range(0, 3).Select(j => c[i, j].ToString("+0.000000000E+00;-0.000000000E+00", f))));
            }

            console.Out.WriteLine(string.Create(f, $"in {milliseconds:F1} ms (mesh, ordering and symbolic analysis included)"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static (PixelMap Map, string What, HomogenizedStiffness C) Homogenize((PixelMap Map, string What) cell) =>
        (cell.Map, cell.What, new CellHomogenizer(cell.Map.Resolution).HomogenizeDensities(cell.Map.Densities));

    /// <summary>C^H of a family's cell by its own homogenization hook (a turned cell: its unturned cell turned).</summary>
    private static (PixelMap Map, string What, HomogenizedStiffness C) Homogenize(ICellFamily family, double[] theta, int resolution)
    {
        CellFamilies.CheckDesign(family, theta);
        if (resolution < 2 || resolution > PeriodicCellMesh.MaxResolution)
        {
            throw new InvalidInputException($"the cell resolution must be 2 to {PeriodicCellMesh.MaxResolution} pixels per side, not {resolution}");
        }

        var c = family.Homogenize(new CellHomogenizer(resolution), theta, new double[resolution * resolution]);
        var what = string.Create(CultureInfo.InvariantCulture, $"the {family.Name} cell ({string.Join(", ", family.Parameters.Select((p, i) => $"{p.Name} {theta[i]}"))})");
        return (family.ToPixelMap(theta, resolution), what, c);
    }

    /// <summary>The cell from either --width/--height (and --resolution) or --image; one-line errors otherwise.</summary>
    private static (PixelMap Map, string What) ReadCell(double? width, double? height, int? resolution, string? image)
    {
        if (image is not null)
        {
            if (width is not null || height is not null || resolution is not null)
            {
                throw new UsageException("--image gives the whole cell; do not combine it with --width, --height or --resolution");
            }

            var isCsv = Path.GetExtension(image).Equals(".csv", StringComparison.OrdinalIgnoreCase);
            return (isCsv ? PixelMap.ReadCsv(image) : PixelMapImage.Read(image), image);
        }

        if (width is not { } w || height is not { } h)
        {
            throw new UsageException("give the hole as --width W --height H (fractions of the cell side), or a pixel map as --image FILE");
        }

        var r = resolution ?? 100;
        HoleCell.Validate(w, h, r);
        if (r > PeriodicCellMesh.MaxResolution)
        {
            throw new InvalidInputException($"the cell resolution must be 2 to {PeriodicCellMesh.MaxResolution} pixels per side, not {r}");
        }

        return (PixelMap.FromColumns(r, HoleCell.Rasterize(w, h, r)), string.Create(CultureInfo.InvariantCulture, $"the hole cell {w} x {h}"));
    }

    private static Command ContoursCommand(CliConsole console)
    {
        var grid = new Option<int>("--grid") { Description = "Grid points per side over [0, 1]² (the cells homogenized: grid²).", DefaultValueFactory = _ => 21 };
        var resolution = new Option<int>("--resolution") { Description = "Pixels per side of each cell.", DefaultValueFactory = _ => 100 };
        var output = new Option<string>("--out") { Description = "Folder for contours.csv and C11.png, C12.png, C22.png, C33.png (and manifest.json; locked while the command runs, an earlier run's files are replaced).", Required = true };
        var threads = new Option<int?>("--threads") { Description = "Worker threads (default: all cores)." };
        var json = new Option<bool>("--json") { Description = "Print {\"csv\":…,\"images\":[…],\"cells\":…,\"seconds\":…}." };
        var command = new Command("contours", "Fig. 3C: C11, C12, C22, C33 over the (width, height) square, homogenized on a regular grid.")
        {
            grid, resolution, output, threads, json,
        };
        command.SetAction(async (parse, cancellationToken) => await Task.Run(() =>
        {
            var clock = Stopwatch.StartNew();
            var (points, r) = (parse.GetValue(grid), parse.GetValue(resolution));
            var options = new DatasetRunOptions
            {
                MaxDegreeOfParallelism = CommandLineValues.Positive(parse.GetValue(threads) ?? Environment.ProcessorCount, "--threads"),
                CancellationToken = cancellationToken,
            };
            HoleCellGrid.CheckSize(points, r);
            using var folder = OutputFolder.Open(parse.GetRequiredValue(output));
            var table = DatasetProgressBar.Run(console, "contour grid", progress => HoleCellGrid.Compute(points, r, options with { Progress = progress }));
            var csv = folder.File("contours.csv");
            table.Write(csv);
            var images = StiffnessContours.Encode(table, points, r).Select(chart =>
            {
                var path = folder.File($"{chart.Entry}.png");
                AtomicFile.WriteAllBytes(path, chart.Png);
                return path;
            }).ToArray();
            folder.RemoveStale([@"contours\.csv", @"C(11|12|22|33)\.png"]);
            folder.WriteManifest(string.Create(CultureInfo.InvariantCulture, $"ntopo homogenize contours --grid {points} --resolution {r}"));
            if (parse.GetValue(json))
            {
                JsonOutput.Write(console.Out, new Dictionary<string, object> { ["csv"] = csv, ["images"] = images, ["cells"] = table.RowCount, ["seconds"] = clock.Elapsed.TotalSeconds });
            }
            else
            {
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{table.RowCount} cells ({points}x{points} grid, {r}x{r} pixels) in {clock.Elapsed.TotalSeconds:F1} s: {csv}, {string.Join(", ", images)}"));
            }

            return ExitCodes.Success;
        }, CancellationToken.None).ConfigureAwait(false));
        return command;
    }
}
