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
            gfx.DrawString($"Sacoche — édité le {DateTime.Now:dd/MM/yyyy}", _small, XBrushes.DimGray,
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
