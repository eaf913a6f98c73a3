using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using Sacoche.Common.Results;
using Sacoche.Competences.Application.Reports;

namespace Sacoche.Competences.Application.Exports;

/// <summary>CSV and PDF renderings of the reports, with French labels and the establishment's state colours.</summary>
public static class ReportExports
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    /// <summary>"csv" or "pdf" (case-insensitive), null or "json" for JSON; anything else is invalid.</summary>
    public static Result<ReportFormat> ParseFormat(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "json" => ReportFormat.Json,
        "csv" => ReportFormat.Csv,
        "pdf" => ReportFormat.Pdf,
        _ => Error.Invalid("format", "Format d'export inconnu : utilisez format=csv ou format=pdf (sans paramètre : JSON)."),
    };

    /// <summary>The report as the format asks: the value itself for JSON, else its CSV or PDF file (named after <paramref name="baseName"/>).</summary>
    public static ReportOutput<T> Output<T>(T report, ReportFormat format, string baseName, Func<T, byte[]> csv, Func<T, byte[]> pdf, ReportTiming? timing = null) =>
        format switch
        {
            ReportFormat.Csv => new(report, new ReportFile(csv(report), Csv.ContentType, $"{Slug(baseName)}.csv"), timing),
            ReportFormat.Pdf => new(report, new ReportFile(pdf(report), PdfReport.ContentType, $"{Slug(baseName)}.pdf"), timing),
            _ => new(report, null, timing),
        };

    // ----- Relevé d'un élève -----

    public static byte[] StudentCsv(StudentReport r) => Csv.Write(
        ["Élève", "Matière", "Référence", "Item", "Coefficient", "Score", "État", "Saisies", "Moyenne de la matière", "Pourcentage d'items acquis", "Note sur 20"],
        r.Subjects.SelectMany(s => s.Items.Select(i => (IReadOnlyList<object?>)[
            $"{r.LastName} {r.FirstName}", s.SubjectName, i.DisplayRef, i.Name, i.Coef, i.Score, i.State,
            string.Join(" ", i.Entries.Select(e => $"{e.Date:dd/MM/yyyy} {e.Sigle}")), s.Mean, s.PercentAcquired, s.OutOf20])));

    public static byte[] StudentPdf(StudentReport r, ScoringContext scoring, ReportWindow window, string? className)
    {
        var pdf = new PdfReport("Relevé d'évaluations", $"{r.LastName} {r.FirstName}{(className is null ? "" : $" — classe {className}")} — {window.Describe()}");
        pdf.Legend(Legend(scoring));
        if (r.Subjects.Count == 0)
        {
            pdf.Paragraph("Aucune évaluation sur cette période.");
        }
        foreach (var s in r.Subjects)
        {
            pdf.Heading($"{s.SubjectName} — moyenne : {Percent(s.Mean)} — items acquis : {Percent(s.PercentAcquired)}{(s.OutOf20 is { } n ? $" — note : {n.ToString("0.0", French)}/20" : "")}");
            pdf.Table(
                [new("Référence", 60), new("Item", 250), new("Saisies", 110), new("Score", 40, XStringAlignment.Far), new("État", 45, XStringAlignment.Center)],
                s.Items.Select(i => (IReadOnlyList<PdfCell>)[
                    i.DisplayRef, i.Name, string.Join(" ", i.Entries.Select(e => e.Sigle)), i.Score?.ToString(French),
                    new PdfCell(i.State, ColorOf(scoring, i.State))]));
        }
        return pdf.ToBytes();
    }

    // ----- Tableau de classe -----

    public static byte[] ClassCsv(ClassReport r)
    {
        var headers = new List<string> { "Nom", "Prénom" };
        headers.AddRange(r.Items.Select(i => $"{i.DisplayRef} {i.Name}"));
        headers.AddRange(["Moyenne", "Pourcentage d'items acquis", "Note sur 20"]);
        var rows = r.Students.Select(s =>
        {
            var row = new List<object?> { s.LastName, s.FirstName };
            row.AddRange(s.Cells.Select(c => c.Score is { } v ? $"{v} ({c.State})" : ""));
            row.AddRange([s.Mean, s.PercentAcquired, s.OutOf20]);
            return (IReadOnlyList<object?>)row;
        }).ToList();
        // Per-item distribution of states, one line per state, then the class mean of each item.
        foreach (var state in r.States)
        {
            var row = new List<object?> { $"Effectif {state.Sigle}", state.Legend };
            row.AddRange(r.Items.Select(i => (object?)i.Distribution.First(d => d.Sigle == state.Sigle).Count));
            rows.Add(row);
        }
        var notAssessed = new List<object?> { "Non évalués", "" };
        notAssessed.AddRange(r.Items.Select(i => (object?)i.NotAssessed));
        rows.Add(notAssessed);
        var means = new List<object?> { "Moyenne de l'item", "" };
        means.AddRange(r.Items.Select(i => (object?)i.Mean));
        rows.Add(means);
        return Csv.Write(headers, rows);
    }

    public static byte[] ClassPdf(ClassReport r, ScoringContext scoring)
    {
        string what = r.IsGroup ? $"Groupe {r.Name}" : $"Classe {r.Name}";
        var pdf = new PdfReport("Tableau de synthèse de la classe",
            $"{what}{(r.SubjectName is null ? "" : $" — {r.SubjectName}")} — {r.Period.ToWindow().Describe()}", landscape: true);
        pdf.Legend(Legend(scoring));
        const int perPage = 18;
        if (r.Items.Count == 0)
        {
            pdf.Paragraph("Aucun item évalué pour ces élèves sur cette période.");
        }
        for (int start = 0; start < Math.Max(1, r.Items.Count); start += perPage)
        {
            var slice = r.Items.Skip(start).Take(perPage).ToList();
            if (r.Items.Count > perPage)
            {
                pdf.Heading($"Items {start + 1} à {start + slice.Count} sur {r.Items.Count}");
            }
            var columns = new List<PdfColumn> { new("Élève", 130) };
            columns.AddRange(slice.Select(i => new PdfColumn(i.DisplayRef, 34, XStringAlignment.Center)));
            columns.AddRange([new PdfColumn("Moyenne", 46, XStringAlignment.Far), new PdfColumn("% acquis", 46, XStringAlignment.Far)]);
            var rows = r.Students.Select(s =>
            {
                var cells = new List<PdfCell> { $"{s.LastName} {s.FirstName}" };
                cells.AddRange(s.Cells.Skip(start).Take(perPage).Select(c => new PdfCell(c.Score?.ToString(French), ColorOf(scoring, c.State))));
                cells.AddRange([Percent(s.Mean), Percent(s.PercentAcquired)]);
                return (IReadOnlyList<PdfCell>)cells;
            }).ToList();
            foreach (var state in r.States)
            {
                var cells = new List<PdfCell> { new($"Effectif {state.Sigle}", state.Color, true) };
                cells.AddRange(slice.Select(i => (PdfCell)i.Distribution.First(d => d.Sigle == state.Sigle).Count.ToString(French)));
                rows.Add(cells);
            }
            pdf.Table(columns, rows);
        }
        if (r.Items.Count > 0)
        {
            pdf.Heading("Items");
            pdf.Table([new("Référence", 70), new("Item", 500), new("Moyenne", 60, XStringAlignment.Far)],
                r.Items.Select(i => (IReadOnlyList<PdfCell>)[i.DisplayRef, i.Name, Percent(i.Mean)]));
        }
        return pdf.ToBytes();
    }

    // ----- Socle commun -----

    public static byte[] CommonCoreCsv(CommonCoreSheet s) => Csv.Write(
        ["Élève", "Cycle", "Composante", "Libellé", "Items évalués", "Pourcentage d'items acquis", "Degré calculé", "Positionnement", "Degré retenu", "Points du brevet"],
        s.Components.Select(c => (IReadOnlyList<object?>)[
            $"{s.LastName} {s.FirstName}", s.Cycle, c.Component, c.Label, c.Items.Count, c.Percent,
            c.ComputedLabel, c.Positioning?.Label, c.EffectiveLabel, c.BrevetPoints])
        .Append([$"{s.LastName} {s.FirstName}", s.Cycle, "TOTAL", "Total des points du brevet", null, null, null, null, null, s.BrevetPoints]));

    public static byte[] CommonCorePdf(CommonCoreSheet s, ScoringContext scoring)
    {
        var pdf = new PdfReport("Maîtrise du socle commun",
            $"{s.LastName} {s.FirstName}{(s.ClassCode is null ? "" : $" — classe {s.ClassCode}")} — {s.CycleLabel}");
        pdf.Paragraph($"Degrés de maîtrise : insuffisante (0 à {s.Thresholds.FragileFrom - 1} %), fragile ({s.Thresholds.FragileFrom} à {s.Thresholds.SatisfactoryFrom - 1} %), "
            + $"satisfaisante ({s.Thresholds.SatisfactoryFrom} à {s.Thresholds.VeryGoodFrom - 1} %), très bonne ({s.Thresholds.VeryGoodFrom} à 100 %).");
        pdf.Space();
        pdf.Table(
            [new("Composante", 200), new("% acquis", 45, XStringAlignment.Far), new("Degré calculé", 95), new("Positionnement", 95), new("Points", 40, XStringAlignment.Far)],
            s.Components.Select(c => (IReadOnlyList<PdfCell>)[
                c.Label, Percent(c.Percent), new PdfCell(c.ComputedLabel ?? "Non évalué", DegreeColor(c.ComputedDegree)),
                new PdfCell(c.Positioning?.Label ?? "—", DegreeColor(c.Positioning?.Degree)), c.BrevetPoints.ToString(French)]));
        pdf.Paragraph($"Total des points du brevet : {s.BrevetPoints} / 400{(s.Complete ? "" : " (positionnement incomplet)")}");
        foreach (var c in s.Components.Where(c => c.Items.Count > 0))
        {
            pdf.Heading($"{c.Component} — {c.Label}");
            pdf.Table([new("Matière", 60), new("Référence", 60), new("Item", 330), new("Score", 40, XStringAlignment.Far), new("État", 45, XStringAlignment.Center)],
                c.Items.Select(i => (IReadOnlyList<PdfCell>)[i.SubjectCode, i.DisplayRef, i.Name, i.Score.ToString(French), new PdfCell(i.State, ColorOf(scoring, i.State))]));
        }
        return pdf.ToBytes();
    }

    public static byte[] CommonCoreClassCsv(CommonCoreClassView v)
    {
        var headers = new List<string> { "Nom", "Prénom", "Classe" };
        headers.AddRange(v.Components.Select(c => $"{c.Component} (degré retenu)"));
        headers.Add("Points du brevet");
        return Csv.Write(headers, v.Students.Select(s =>
        {
            var row = new List<object?> { s.LastName, s.FirstName, s.ClassCode };
            row.AddRange(s.Cells.Select(c => (object?)c.EffectiveDegree));
            row.Add(s.BrevetPoints);
            return (IReadOnlyList<object?>)row;
        }));
    }

    public static byte[] CommonCoreClassPdf(CommonCoreClassView v)
    {
        var pdf = new PdfReport("Maîtrise du socle commun — vue de la classe", $"{v.Name ?? "Établissement"} — {v.CycleLabel}", landscape: true);
        var columns = new List<PdfColumn> { new("Élève", 150) };
        columns.AddRange(v.Components.Select(c => new PdfColumn(c.Component, 62, XStringAlignment.Center)));
        columns.Add(new PdfColumn("Points", 50, XStringAlignment.Far));
        pdf.Table(columns, v.Students.Select(s =>
        {
            var cells = new List<PdfCell> { $"{s.LastName} {s.FirstName}" };
            cells.AddRange(s.Cells.Select(c => new PdfCell(c.EffectiveDegree is { } d ? (c.PositionedDegree is null ? $"{d}" : $"{d} (pos.)") : "—", DegreeColor(c.EffectiveDegree))));
            cells.Add(s.BrevetPoints.ToString(French));
            return (IReadOnlyList<PdfCell>)cells;
        }));
        pdf.Paragraph("Degrés : 1 maîtrise insuffisante, 2 maîtrise fragile, 3 maîtrise satisfaisante, 4 très bonne maîtrise ; « pos. » : positionnement de l'enseignant.");
        return pdf.ToBytes();
    }

    // ----- Helpers -----

    public static ReportWindow ToWindow(this PeriodInfo p) => new(p.From, p.To, p.PeriodId, p.Name);

    private static IEnumerable<(string, string)> Legend(ScoringContext scoring) =>
        scoring.States.OrderBy(s => s.Min).Select(s => ($"{s.Sigle} {s.Legend} ({s.Min} à {s.Max})", s.Color));

    private static string? ColorOf(ScoringContext scoring, string? sigle) =>
        sigle is null ? null : scoring.States.FirstOrDefault(s => s.Sigle == sigle)?.Color;

    private static string? DegreeColor(int? degree) => degree switch
    {
        1 => "#FF9999",
        2 => "#FFDD33",
        3 => "#BBEE99",
        4 => "#99DD77",
        _ => null,
    };

    private static string Percent(int? value) => value is { } v ? $"{v} %" : "—";

    private static string Slug(string text)
    {
        var normalized = text.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(normalized.Length);
        foreach (var ch in normalized)
        {
            if (char.IsAsciiLetterOrDigit(ch))
            {
                sb.Append(char.ToLowerInvariant(ch));
            }
            else if (ch is ' ' or '-' or '_' && sb.Length > 0 && sb[^1] != '_')
            {
                sb.Append('_');
            }
        }
        return sb.ToString().Trim('_');
    }
}
