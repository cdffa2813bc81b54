using System.Globalization;
using System.Text.Json;
using NeuralTopOpt.Cli.Infrastructure;
using NeuralTopOpt.Datasets;
using NeuralTopOpt.Homogenization;
using NeuralTopOpt.IO;
using NeuralTopOpt.Reporting.Images;
using SkiaSharp;

namespace NeuralTopOpt.Tests.Cli;

/// <summary><c>ntopo homogenize</c>: hole cells, pixel maps (PNG, CSV), the cell picture and the contours of Fig. 3C.</summary>
public sealed class HomogenizeCommandTests() : TemporaryFolderTests("ntopo-cli-homog-")
{
    [Fact]
    public void Json_is_exactly_the_six_entries_and_the_time_and_matches_the_reference_row()
    {
        // First row of the reference data: width 0.4306…, height 0.2001…, C11 1.06571905924…
        var result = CliRunner.Run("homogenize", "--width", "0.4306314392521115", "--height", "0.20016947367336393", "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        using var json = JsonDocument.Parse(result.Out);
        var root = json.RootElement;
        Assert.Equal(["C11", "C12", "C22", "C13", "C23", "C33", "milliseconds"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.0657190592494983, root.GetProperty("C11").GetDouble(), 1e-6);
        Assert.Equal(0.3370489102840642, root.GetProperty("C12").GetDouble(), 1e-6);
        Assert.Equal(0.8467230505441554, root.GetProperty("C22").GetDouble(), 1e-6);
        Assert.Equal(0.2523418523955364, root.GetProperty("C33").GetDouble(), 1e-6);
        Assert.Equal(0, root.GetProperty("C13").GetDouble(), 1e-12);
        Assert.True(root.GetProperty("milliseconds").GetDouble() > 0);
        Assert.Single(result.Out.Trim().Split('\n'));
    }

    [Fact]
    public void Text_output_prints_the_matrix()
    {
        var result = CliRunner.Run("homogenize", "--width", "0", "--height", "0.5", "--resolution", "10");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var lines = result.Out.Split('\n');
        Assert.StartsWith("C^H of the hole cell 0 x 0.5 (10x10 pixels", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("  +1.346153846E+00  +5.769230769E-01", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_png_and_a_csv_pixel_map_give_the_homogenizer_result_and_the_cell_image_reads_back()
    {
        const int R = 10;
        var densities = new double[R * R];
        var random = new Random(3);
        for (var p = 0; p < densities.Length; p++)
        {
            densities[p] = random.Next(2);
        }

        var map = PixelMap.FromColumns(R, densities);
        var png = PathOf("cell.png");
        PixelMapImage.Save(png, map, scale: 1);
        var csv = PathOf("cell.csv");
        File.WriteAllLines(csv, Enumerable.Range(0, R).Select(j => string.Join(',', Enumerable.Range(0, R).Select(i => densities[(i * R) + j].ToString(CultureInfo.InvariantCulture)))));
        var expected = new CellHomogenizer(R).HomogenizeDensities(densities);

        foreach (var file in new[] { png, csv })
        {
            var picture = PathOf("drawn.png");
            var result = CliRunner.Run("homogenize", "--image", file, "--json", "--cell-image", picture);

            Assert.Equal(ExitCodes.Success, result.ExitCode);
            using var json = JsonDocument.Parse(result.Out);
            Assert.Equal(expected.C11, json.RootElement.GetProperty("C11").GetDouble(), 1e-12);
            Assert.Equal(expected.C13, json.RootElement.GetProperty("C13").GetDouble(), 1e-12);
            Assert.Equal(expected.C33, json.RootElement.GetProperty("C33").GetDouble(), 1e-12);
            using var drawn = SKBitmap.Decode(picture);
            Assert.Equal(400, drawn.Width);
            Assert.Equal(densities, PixelMapImage.Read(png).Densities.ToArray());
        }
    }

    [Fact]
    public void Contours_write_the_grid_and_four_charts()
    {
        var folder = PathOf("fig3c");

        var result = CliRunner.Run("homogenize", "contours", "--grid", "4", "--resolution", "8", "--out", folder, "--json");

        Assert.Equal(ExitCodes.Success, result.ExitCode);
        var table = CsvTable.Read(Path.Combine(folder, "contours.csv"));
        Assert.Equal(16, table.RowCount);
        var homogenizer = new CellHomogenizer(8);
        for (var r = 0; r < 16; r++)
        {
            var (w, h) = (r / 4 / 3.0, r % 4 / 3.0);
            Assert.Equal(w, table[r, 1]);
            Assert.Equal(h, table[r, 2]);
            Assert.Equal(homogenizer.HomogenizeHole(w, h).ReferenceOrder(), table.Row(r)[3..].ToArray());
        }

        Assert.Equal(HoleCellGrid.Columns, table.Columns);
        foreach (var entry in new[] { "C11", "C12", "C22", "C33" })
        {
            using var chart = SKBitmap.Decode(Path.Combine(folder, $"{entry}.png"));
            Assert.Equal(560, chart.Width);
        }
    }

    public static TheoryData<string, string[], int, string> BadInput => new()
    {
        { "width above 1", ["homogenize", "--width", "1.5", "--height", "0.2"], ExitCodes.InputError, "the hole width must be a fraction of the cell side in [0, 1], not 1.5" },
        { "negative height", ["homogenize", "--width", "0.5", "--height", "-0.1"], ExitCodes.InputError, "the hole height must be a fraction of the cell side in [0, 1], not -0.1" },
        { "resolution 1", ["homogenize", "--width", "0.5", "--height", "0.5", "--resolution", "1"], ExitCodes.InputError, "resolution must be at least 2" },
        { "no cell", ["homogenize", "--width", "0.5"], ExitCodes.UsageError, "give the hole as --width W --height H" },
        { "image and hole", ["homogenize", "--image", "{csv}", "--width", "0.5", "--height", "0.5"], ExitCodes.UsageError, "do not combine it with --width" },
        { "missing image", ["homogenize", "--image", "{none}"], ExitCodes.InputError, "file not found" },
        { "unreadable image", ["homogenize", "--image", "{notpng}"], ExitCodes.InputError, "not an image SkiaSharp can decode" },
        { "not square", ["homogenize", "--image", "{oblong}"], ExitCodes.InputError, "a cell must be square" },
        { "bad number", ["homogenize", "--image", "{word}"], ExitCodes.InputError, "line 2: 'solid' is not a number" },
        { "density above 1", ["homogenize", "--image", "{dense}"], ExitCodes.InputError, "row 1, column 2 has density 2" },
        { "grid of 1", ["homogenize", "contours", "--grid", "1", "--out", "{out}"], ExitCodes.InputError, "at least 2 points per side" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void Bad_input_gives_one_line_and_its_exit_code(string what, string[] args, int code, string message)
    {
        File.WriteAllText(PathOf("ok.csv"), "1,0\n0,1\n");
        File.WriteAllText(PathOf("notpng.png"), "hello");
        File.WriteAllText(PathOf("oblong.csv"), "1,0,1\n0,1,1\n");
        File.WriteAllText(PathOf("word.csv"), "1,0\nsolid,1\n");
        File.WriteAllText(PathOf("dense.csv"), "1,2\n0,1\n");
        var resolved = args.Select(a => a switch
        {
            "{csv}" => PathOf("ok.csv"),
            "{none}" => PathOf("none.png"),
            "{notpng}" => PathOf("notpng.png"),
            "{oblong}" => PathOf("oblong.csv"),
            "{word}" => PathOf("word.csv"),
            "{dense}" => PathOf("dense.csv"),
            "{out}" => PathOf("out"),
            _ => a,
        }).ToArray();

        var result = CliRunner.Run(resolved);

        CliAssert.Failure(result, what, code, message);
    }

    private string PathOf(string name) => Path.Combine(Folder, name);
}
