using System.Text.RegularExpressions;
using NeuralTopOpt.Reporting.Html;
using NeuralTopOpt.Reporting.Images;

namespace NeuralTopOpt.Tests.Reporting;

public partial class HtmlReportTests
{
    [Fact]
    public void Figures_and_tables_are_numbered_embedded_and_listed()
    {
        var png = FieldImage.EncodeGrey([0, 1, 0.5, 0.25], 2, 2);
        var report = new HtmlReport("Study")
            .Section("Training")
            .Table(new ReportTable("Training", ["network", "MSE"], [["DBTO", "1.9e-7"]]))
            .Section("DBTO")
            .Figure(png, "Final topology", "topology")
            .FigureGrid([new Panel(png, "nnj"), new Panel(png, "cfd")], 2, "Methods");

        var html = report.Render();

        Assert.Equal(2, report.FigureCount);
        Assert.Equal(1, report.TableCount);
        Assert.Contains("<strong>Table 1.</strong> Training", html, StringComparison.Ordinal);
        Assert.Contains("<strong>Figure 2.</strong> Methods", html, StringComparison.Ordinal);
        Assert.Contains("<a href=\"#s2\">DBTO</a>", html, StringComparison.Ordinal);
        var images = DataUri().Matches(html);
        Assert.Equal(3, images.Count);
        Assert.Equal(png, Convert.FromBase64String(images[0].Groups[1].Value));
    }

    [Fact]
    public void Text_is_escaped()
    {
        var html = new HtmlReport("a < b").Paragraph("<script>alert(1)</script>").Render();

        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("<title>a &lt; b</title>", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_of_text_are_marked_for_left_alignment()
    {
        var html = new HtmlReport("t")
            .Table(new ReportTable("numbers", ["a", "b"], [["x", "1"]]))
            .Table(new ReportTable("words", ["a", "b"], [["x", "y"]]) { Text = true })
            .Render();

        Assert.Contains("<table id=\"tab1\">", html, StringComparison.Ordinal);
        Assert.Contains("<table id=\"tab2\" class=\"text\">", html, StringComparison.Ordinal);
        Assert.Contains("table.text td", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Ragged_table_is_refused() =>
        Assert.Throws<ArgumentException>(() => new HtmlReport("t").Table(new ReportTable("t", ["a", "b"], [["1"]])));

    [GeneratedRegex("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"")]
    private static partial Regex DataUri();
}
