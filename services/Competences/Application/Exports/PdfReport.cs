using System.Globalization;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace Sacoche.Competences.Application.Exports;

/// <summary>A column of a PDF table: French header, width in points, alignment.</summary>
public sealed record PdfColumn(string Header, double Width, XStringAlignment Align = XStringAlignment.Near);

/// <summary>A cell: text and an optional background colour (#RRGGBB, the establishment's state colours).</summary>
public readonly record struct PdfCell(string? Text, string? Fill = null, bool Bold = false)
{
    public static implicit operator PdfCell(string? text) => new(text);
}

/// <summary>
/// A small printable-report writer over PdfSharp: A4 pages with a title band, headings, paragraphs and
/// tables that continue on new pages (header row repeated), and "Page n / N" footers.
/// </summary>
public sealed class PdfReport
{
    public const string ContentType = "application/pdf";
    private const double Margin = 36;
    private const double RowHeight = 14;
    private readonly PdfDocument _document = new();
    private readonly string _title;
    private readonly string _subtitle;
    private readonly bool _landscape;
    private XGraphics? _gfx;
    private PdfPage? _page;
    private double _y;
    private readonly XFont _titleFont;
    private readonly XFont _headingFont;
    private readonly XFont _body;
    private readonly XFont _bold;
    private readonly XFont _small;

    public PdfReport(string title, string subtitle, bool landscape = false)
    {
        EmbeddedFontResolver.Install();
        _title = title;
        _subtitle = subtitle;
        _landscape = landscape;
        _document.Info.Title = title;
        _document.Info.Creator = "Sacoche";
        _titleFont = new XFont(EmbeddedFontResolver.Family, 14, XFontStyleEx.Bold);
        _headingFont = new XFont(EmbeddedFontResolver.Family, 10.5, XFontStyleEx.Bold);
        _body = new XFont(EmbeddedFontResolver.Family, 8, XFontStyleEx.Regular);
        _bold = new XFont(EmbeddedFontResolver.Family, 8, XFontStyleEx.Bold);
        _small = new XFont(EmbeddedFontResolver.Family, 7, XFontStyleEx.Regular);
        NewPage();
    }

    public double ContentWidth => (_page?.Width.Point ?? 595) - 2 * Margin;

    private XGraphics Gfx => _gfx!;

    private double Bottom => _page!.Height.Point - Margin - 14;

    private void NewPage()
    {
        _gfx?.Dispose();
        _page = _document.AddPage();
        _page.Size = PageSize.A4;
        _page.Orientation = _landscape ? PageOrientation.Landscape : PageOrientation.Portrait;
        _gfx = XGraphics.FromPdfPage(_page);
        _y = Margin;
        Gfx.DrawString(_title, _titleFont, XBrushes.Black, new XRect(Margin, _y, ContentWidth, 18), XStringFormats.TopLeft);
        _y += 20;
        Gfx.DrawString(_subtitle, _body, XBrushes.DimGray, new XRect(Margin, _y, ContentWidth, 12), XStringFormats.TopLeft);
        _y += 14;
        Gfx.DrawLine(XPens.Gray, Margin, _y, Margin + ContentWidth, _y);
        _y += 8;
    }

    private void Ensure(double height)
    {
        if (_y + height > Bottom)
        {
            NewPage();
        }
    }

    public void Heading(string text)
    {
        Ensure(RowHeight * 3);
        _y += 4;
        Gfx.DrawString(Fit(text, _headingFont, ContentWidth), _headingFont, XBrushes.Black, new XRect(Margin, _y, ContentWidth, 14), XStringFormats.TopLeft);
        _y += 16;
    }

    public void Paragraph(string text)
    {
        Ensure(RowHeight);
        Gfx.DrawString(Fit(text, _body, ContentWidth), _body, XBrushes.Black, new XRect(Margin, _y, ContentWidth, 12), XStringFormats.TopLeft);
        _y += 12;
    }

    public void Space(double points = 6) => _y += points;

    /// <summary>
    /// The left part of every page's footer (« Page n / N » stays on the right); by default « Sacoche — édité le {date} ».
    /// </summary>
    public string? Footer { get; set; }

    /// <summary>A paragraph wrapped on the content width (line breaks kept), continuing on the next page when long.</summary>
    public void WrappedParagraph(string text, bool bold = false)
    {
        var font = bold ? _bold : _body;
        foreach (var line in Wrap(text, font, ContentWidth))
        {
            Ensure(LineHeight);
            Gfx.DrawString(line, font, XBrushes.Black, new XRect(Margin, _y, ContentWidth, LineHeight), XStringFormats.TopLeft);
            _y += LineHeight;
        }
        _y += 2;
    }

    /// <summary>
    /// A table whose cells wrap their text (line breaks kept): each row is as high as its longest cell. A row that does not fit
    /// on the page starts a new one, the header row repeated.
    /// </summary>
    public void WrappedTable(IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<PdfCell>> rows)
    {
        double total = columns.Sum(c => c.Width);
        double scale = total > ContentWidth ? ContentWidth / total : 1;
        var widths = columns.Select(c => c.Width * scale).ToArray();
        IReadOnlyList<PdfCell> header = [.. columns.Select(c => new PdfCell(c.Header, "#E6E6E6", true))];
        Ensure(RowHeight * 3);
        DrawWrappedRow(header, widths, columns);
        foreach (var row in rows)
        {
            var lines = Lines(row, widths);
            double height = Math.Max(RowHeight, lines.Max(l => l.Count) * LineHeight + 4);
            if (_y + height > Bottom)
            {
                NewPage();
                DrawWrappedRow(header, widths, columns);
            }
            DrawWrappedRow(row, widths, columns, lines);
        }
        _y += 6;
    }

    /// <summary>A framed space on the right half of the page, under its caption (« Le chef d'établissement »), to sign.</summary>
    public void SignatureBox(string caption, string hint, double height = 70)
    {
        Ensure(height + RowHeight * 2);
        double width = ContentWidth / 2;
        double x = Margin + ContentWidth - width;
        Gfx.DrawString(caption, _bold, XBrushes.Black, new XRect(x, _y, width, RowHeight), XStringFormats.CenterLeft);
        _y += RowHeight;
        Gfx.DrawRectangle(XPens.Gray, new XRect(x, _y, width, height));
        Gfx.DrawString(hint, _small, XBrushes.DimGray, new XRect(x + 4, _y + 2, width - 8, 10), XStringFormats.TopLeft);
        _y += height + 6;
    }

    private const double LineHeight = 10;

    private List<List<string>> Lines(IReadOnlyList<PdfCell> cells, double[] widths) =>
        [.. widths.Select((w, i) => i < cells.Count && !string.IsNullOrEmpty(cells[i].Text)
            ? Wrap(cells[i].Text!, cells[i].Bold ? _bold : _body, w - 4) : [])];

    private void DrawWrappedRow(IReadOnlyList<PdfCell> cells, double[] widths, IReadOnlyList<PdfColumn> columns, List<List<string>>? lines = null)
    {
        lines ??= Lines(cells, widths);
        double height = Math.Max(RowHeight, lines.Max(l => l.Count) * LineHeight + 4);
        double x = Margin;
        for (int i = 0; i < widths.Length; i++)
        {
            var cell = i < cells.Count ? cells[i] : default;
            var rect = new XRect(x, _y, widths[i], height);
            if (cell.Fill is { } fill && TryColor(fill, out var color))
            {
                Gfx.DrawRectangle(new XSolidBrush(color), rect);
            }
            Gfx.DrawRectangle(XPens.LightGray, rect);
            var font = cell.Bold ? _bold : _body;
            double y = _y + 2;
            foreach (var line in lines[i])
            {
                var format = new XStringFormat { Alignment = columns[i].Align, LineAlignment = XLineAlignment.Near };
                Gfx.DrawString(line, font, XBrushes.Black, new XRect(x + 2, y, widths[i] - 4, LineHeight), format);
                y += LineHeight;
            }
            x += widths[i];
        }
        _y += height;
    }

    /// <summary>Greedy word wrap on <paramref name="width"/>; a word wider than the line is cut; explicit line breaks are kept.</summary>
    private List<string> Wrap(string text, XFont font, double width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : $"{line} {word}";
                if (Gfx.MeasureString(candidate, font).Width <= width)
                {
                    line = candidate;
                    continue;
                }
                if (line.Length > 0)
                {
                    lines.Add(line);
                }
                line = word;
                while (line.Length > 1 && Gfx.MeasureString(line, font).Width > width)
                {
                    int cut = line.Length - 1;
                    while (cut > 1 && Gfx.MeasureString(line[..cut], font).Width > width)
                    {
                        cut--;
                    }
                    lines.Add(line[..cut]);
                    line = line[cut..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>A table; widths are scaled to the page's content width when they exceed it.</summary>
    public void Table(IReadOnlyList<PdfColumn> columns, IEnumerable<IReadOnlyList<PdfCell>> rows)
    {
        double total = columns.Sum(c => c.Width);
        double scale = total > ContentWidth ? ContentWidth / total : 1;
        var widths = columns.Select(c => c.Width * scale).ToArray();
        Ensure(RowHeight * 2);
        DrawRow(columns.Select(c => new PdfCell(c.Header, "#E6E6E6", true)).ToArray(), widths, columns);
        foreach (var row in rows)
        {
            if (_y + RowHeight > Bottom)
            {
                NewPage();
                DrawRow(columns.Select(c => new PdfCell(c.Header, "#E6E6E6", true)).ToArray(), widths, columns);
            }
            DrawRow(row, widths, columns);
        }
        _y += 6;
    }

    private void DrawRow(IReadOnlyList<PdfCell> cells, double[] widths, IReadOnlyList<PdfColumn> columns)
    {
        double x = Margin;
        for (int i = 0; i < widths.Length; i++)
        {
            var cell = i < cells.Count ? cells[i] : default;
            var rect = new XRect(x, _y, widths[i], RowHeight);
            if (cell.Fill is { } fill && TryColor(fill, out var color))
            {
                Gfx.DrawRectangle(new XSolidBrush(color), rect);
            }
            Gfx.DrawRectangle(XPens.LightGray, rect);
            if (!string.IsNullOrEmpty(cell.Text))
            {
                var font = cell.Bold ? _bold : _body;
                var inner = new XRect(x + 2, _y, widths[i] - 4, RowHeight);
                var format = new XStringFormat { Alignment = columns[i].Align, LineAlignment = XLineAlignment.Center };
                Gfx.DrawString(Fit(cell.Text, font, inner.Width), font, XBrushes.Black, inner, format);
            }
            x += widths[i];
        }
        _y += RowHeight;
    }

    /// <summary>Legend of colours: "■ NA Non acquis (0–39)" boxes on one line.</summary>
    public void Legend(IEnumerable<(string Label, string Color)> entries)
    {
        Ensure(RowHeight * 2);
        double x = Margin;
        foreach (var (label, color) in entries)
        {
            double w = Gfx.MeasureString(label, _small).Width + 18;
            if (x + w > Margin + ContentWidth)
            {
                x = Margin;
                _y += RowHeight;
            }
            if (TryColor(color, out var c))
            {
                Gfx.DrawRectangle(XPens.Gray, new XSolidBrush(c), new XRect(x, _y + 3, 9, 9));
            }
            Gfx.DrawString(label, _small, XBrushes.Black, new XRect(x + 12, _y, w, RowHeight), XStringFormats.CenterLeft);
            x += w + 6;
        }
        _y += RowHeight + 4;
    }

    public byte[] ToBytes()
    {
        _gfx?.Dispose();
        _gfx = null;
        int count = _document.PageCount;
        for (int i = 0; i < count; i++)
        {
            var page = _document.Pages[i];
            using var gfx = XGraphics.FromPdfPage(page, XGraphicsPdfPageOptions.Append);
            var text = string.Create(CultureInfo.InvariantCulture, $"Page {i + 1} / {count}");
            gfx.DrawString(text, _small, XBrushes.DimGray, new XRect(Margin, page.Height.Point - Margin, page.Width.Point - 2 * Margin, 10), XStringFormats.TopRight);
            gfx.DrawString(Footer ?? $"Sacoche — édité le {DateTime.Now:dd/MM/yyyy}", _small, XBrushes.DimGray,
                new XRect(Margin, page.Height.Point - Margin, page.Width.Point - 2 * Margin, 10), XStringFormats.TopLeft);
        }
        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    private string Fit(string text, XFont font, double width)
    {
        if (Gfx.MeasureString(text, font).Width <= width)
        {
            return text;
        }
        int length = text.Length;
        while (length > 1 && Gfx.MeasureString(string.Concat(text.AsSpan(0, length), "…"), font).Width > width)
        {
            length = length > 10 ? length * 9 / 10 : length - 1;
        }
        return string.Concat(text.AsSpan(0, length), "…");
    }

    private static bool TryColor(string text, out XColor color)
    {
        color = default;
        if (text is not ['#', _, _, _, _, _, _]
            || !int.TryParse(text.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int rgb))
        {
            return false;
        }
        color = XColor.FromArgb((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF);
        return true;
    }
}
