using System.Net;
using System.Text;
using NeuralTopOpt.IO;

namespace NeuralTopOpt.Reporting.Html;

/// <summary>
/// Builds a single self-contained HTML page: inline style sheet, figures embedded as PNG data URIs,
/// numbered figures and tables with captions, and a table of contents of the sections. Everything
/// written is HTML-escaped; there is no way to inject raw markup.
/// </summary>
public sealed class HtmlReport
{
    private readonly StringBuilder _body = new();
    private readonly List<(string Id, string Title)> _sections = [];
    private int _figures;
    private int _tables;

    /// <summary>Starts a report with a page title.</summary>
    public HtmlReport(string title)
    {
        Title = title;
    }

    /// <summary>Page title (also the first heading).</summary>
    public string Title { get; }

    /// <summary>Number of figures added so far.</summary>
    public int FigureCount => _figures;

    /// <summary>Number of tables added so far.</summary>
    public int TableCount => _tables;

    /// <summary>Starts a section (listed in the table of contents).</summary>
    public HtmlReport Section(string title)
    {
        var id = $"s{_sections.Count + 1}";
        _sections.Add((id, title));
        _body.Append("<h2 id=\"").Append(id).Append("\">").Append(Encode(title)).Append("</h2>\n");
        return this;
    }

    /// <summary>A sub-heading inside the current section.</summary>
    public HtmlReport Subsection(string title)
    {
        _body.Append("<h3>").Append(Encode(title)).Append("</h3>\n");
        return this;
    }

    /// <summary>A paragraph of plain text.</summary>
    public HtmlReport Paragraph(string text)
    {
        _body.Append("<p>").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A highlighted note (e.g. where our setting differs from the paper's).</summary>
    public HtmlReport Note(string text)
    {
        _body.Append("<p class=\"note\">").Append(Encode(text)).Append("</p>\n");
        return this;
    }

    /// <summary>A bulleted list of plain-text items.</summary>
    public HtmlReport List(IEnumerable<string> items)
    {
        _body.Append("<ul>\n");
        foreach (var item in items)
        {
            _body.Append("<li>").Append(Encode(item)).Append("</li>\n");
        }

        _body.Append("</ul>\n");
        return this;
    }

    /// <summary>A numbered figure: one image and its caption ("Figure N. caption").</summary>
    public HtmlReport Figure(byte[] png, string caption, string alt)
    {
        ArgumentNullException.ThrowIfNull(png);
        _figures++;
        _body.Append("<figure id=\"fig").Append(_figures).Append("\">\n");
        AppendImage(png, alt, "single");
        AppendCaption("Figure", _figures, caption, "figcaption");
        _body.Append("</figure>\n");
        return this;
    }

    /// <summary>A numbered figure made of several labelled panels in a grid of <paramref name="columns"/>.</summary>
    public HtmlReport FigureGrid(IReadOnlyList<Panel> panels, int columns, string caption)
    {
        ArgumentNullException.ThrowIfNull(panels);
        _figures++;
        _body.Append("<figure id=\"fig").Append(_figures).Append("\">\n<div class=\"grid\" style=\"grid-template-columns: repeat(")
            .Append(Math.Max(1, columns)).Append(", 1fr)\">\n");
        foreach (var panel in panels)
        {
            _body.Append("<div class=\"panel\">");
            AppendImage(panel.Png, panel.Label, "panel");
            _body.Append("<div class=\"label\">").Append(Encode(panel.Label)).Append("</div></div>\n");
        }

        _body.Append("</div>\n");
        AppendCaption("Figure", _figures, caption, "figcaption");
        _body.Append("</figure>\n");
        return this;
    }

    /// <summary>A numbered table with its caption ("Table N. caption").</summary>
    public HtmlReport Table(ReportTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.Validate();
        _tables++;
        _body.Append("<table id=\"tab").Append(_tables).Append(table.Text ? "\" class=\"text\">\n" : "\">\n");
        AppendCaption("Table", _tables, table.Caption, "caption");
        _body.Append("<thead><tr>");
        foreach (var h in table.Header)
        {
            _body.Append("<th>").Append(Encode(h)).Append("</th>");
        }

        _body.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            _body.Append("<tr>");
            foreach (var cell in row)
            {
                _body.Append("<td>").Append(Encode(cell)).Append("</td>");
            }

            _body.Append("</tr>\n");
        }

        _body.Append("</tbody>\n</table>\n");
        return this;
    }

    /// <summary>The complete page.</summary>
    public string Render()
    {
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>")
            .Append(Encode(Title)).Append("</title>\n<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n<h1>")
            .Append(Encode(Title)).Append("</h1>\n");
        if (_sections.Count > 0)
        {
            page.Append("<nav><strong>Contents</strong><ol>\n");
            foreach (var (id, title) in _sections)
            {
                page.Append("<li><a href=\"#").Append(id).Append("\">").Append(Encode(title)).Append("</a></li>\n");
            }

            page.Append("</ol></nav>\n");
        }

        page.Append(_body).Append("</main>\n</body>\n</html>\n");
        return page.ToString();
    }

    /// <summary>Writes the page to <paramref name="path"/> atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllText(path, Render());

    private void AppendImage(byte[] png, string alt, string cssClass) =>
        _body.Append("<img class=\"").Append(cssClass).Append("\" alt=\"").Append(Encode(alt)).Append("\" src=\"data:image/png;base64,")
            .Append(Convert.ToBase64String(png)).Append("\">");

    private void AppendCaption(string kind, int number, string caption, string element) =>
        _body.Append('<').Append(element).Append("><strong>").Append(kind).Append(' ').Append(number).Append(".</strong> ")
            .Append(Encode(caption)).Append("</").Append(element).Append(">\n");

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; color: #1d1d1f; background: #fafafa; margin: 0; }
        main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; }
        h1 { font-size: 1.7em; margin-bottom: 0.2em; }
        h2 { border-bottom: 1px solid #ddd; padding-bottom: 4px; margin-top: 2em; }
        nav { background: #f3f5f8; padding: 8px 16px; border-radius: 6px; }
        nav ol { margin: 4px 0; }
        p.note { background: #fff7e0; border-left: 4px solid #e0a800; padding: 6px 12px; }
        figure { margin: 1.5em 0; }
        img.single { max-width: 100%; display: block; margin: 0 auto; }
        .grid { display: grid; gap: 12px; align-items: end; }
        .panel { text-align: center; }
        img.panel { width: 100%; image-rendering: pixelated; border: 1px solid #ccc; }
        .label { font-size: 0.85em; margin-top: 4px; white-space: pre-line; }
        figcaption, caption { font-size: 0.9em; color: #333; margin-top: 6px; text-align: left; caption-side: top; padding-bottom: 6px; }
        table { border-collapse: collapse; margin: 1.5em 0; font-size: 0.92em; }
        th, td { border: 1px solid #d0d4da; padding: 4px 10px; text-align: right; }
        th { background: #eef1f5; }
        td:first-child, th:first-child, table.text td, table.text th { text-align: left; }
        """;
}
