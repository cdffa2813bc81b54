using System.Globalization;
using NeuralTopOpt.Reporting.Study;
using NeuralTopOpt.Studies;
using NeuralTopOpt.Tests.Studies;
using SkiaSharp;

namespace NeuralTopOpt.Tests.Reporting;

/// <summary>The report's fine-scale verification section on a small study of the paper's own networks (12×6 beam).</summary>
public sealed class VerificationSectionTests() : TemporaryFolderTests("ntopo-verification-report-")
{
    [Fact]
    public void The_report_shows_the_fine_structure_and_the_error_table_of_the_study_data()
    {
        var sweep = new VerificationSweep { PixelsPerCell = [4, 8], CellsPerElement = [1, 2], MaxUnknowns = 20_000 };
        var results = Study.Run(Folder, VerificationStageTests.Small(sweep), new StudyRunOptions { Render = StudyReport.Write });
        var design = Assert.Single(results.Verification!.Designs);
        var html = System.Net.WebUtility.HtmlDecode(File.ReadAllText(Path.Combine(Folder, StudyReport.FileName)));
        Assert.Contains("Fine-scale verification of the HBTO designs", html, StringComparison.Ordinal);
        Assert.Contains("the design of the paper's own HBTO network (paper-hbto-nnj)", html, StringComparison.Ordinal);

        // The table: J_hom, J_exact and every point's J_fine as the data say; the skipped point with its reason.
        string F(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
        Assert.Contains($"J_hom = {F(design.Homogenized.Compliance)} with the network's C", html, StringComparison.Ordinal);
        Assert.Contains($"J_exact = {F(design.Homogenized.ExactCompliance)} with the {design.Homogenized.DistinctCells} distinct cells", html, StringComparison.Ordinal);
        foreach (var point in design.Points.Where(p => p.Fine is not null))
        {
            Assert.Contains($"<td>{F(point.Fine!.Compliance)}</td>", html, StringComparison.Ordinal);
        }

        Assert.Contains("skipped: 37,442 unknowns, more than the 20,000 allowed for the cholesky solver here", html, StringComparison.Ordinal);
        var change = design.Discretization!.ComplianceChange;
        Assert.Contains($"finer pixels in the same cells, J_fine changes by {(change < 0 ? "−" : "+")}{F(100 * Math.Abs(change))} %", html, StringComparison.Ordinal);

        // The picture: the finest point computed, (M, K) = (4, 2), one image pixel per structure pixel, black solid:
        // its dark share is V_fine.
        var png = Path.Combine(Folder, "figures", "verify-paper-hbto-nnj.png");
        Assert.Contains(Convert.ToBase64String(File.ReadAllBytes(png)), File.ReadAllText(Path.Combine(Folder, StudyReport.FileName)), StringComparison.Ordinal);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal((12 * 8, 6 * 8), (bitmap.Width, bitmap.Height));
        double solid = 0;
        for (var x = 0; x < bitmap.Width; x++)
        {
            for (var y = 0; y < bitmap.Height; y++)
            {
                solid += 1 - (bitmap.GetPixel(x, y).Red / 255.0);
            }
        }

        var finest = design.Points.Single(p => (p.PixelsPerCell, p.CellsPerElement) == (4, 2));
        Assert.Equal(finest.Fine!.Volume, solid / (bitmap.Width * bitmap.Height), 1.0 / 255);
    }
}
