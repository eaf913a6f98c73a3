using System.Globalization;
using PdfSharp.Drawing;
using Sacoche.Competences.Application.Exports;
using Sacoche.Competences.Domain;

namespace Sacoche.Competences.Application.Bilans;

/// <summary>The establishment printed on the bulletin's header (unknown: « Établissement n° {id} », no UAI).</summary>
public sealed record BulletinHeader(int EstablishmentId, string? Name, string? Uai)
{
    public string Title => string.IsNullOrWhiteSpace(Name) ? $"Établissement n° {EstablishmentId}" : Name.Trim();

    public string Line => string.IsNullOrWhiteSpace(Uai) ? Title : $"{Title} — UAI {Uai}";
}

/// <summary>
/// The official bulletin of one student for a period (docs/domain/bilans.md): establishment, student, class, period;
/// one row per subject (teachers, elements of programme, positioning — the override, else the computed value — and
/// appreciation; in mode « moyenne » the mark and the class mean); the general appreciation; attendance; the head's
/// signature. Texts are wrapped, never cut.
/// </summary>
public static class BulletinPdf
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");

    public const string NotEvaluated = "Non évalué";

    public static byte[] Render(BulletinHeader header, ClassBilan bilan, BilanStudent student, DateTimeOffset printedAt)
    {
        var period = bilan.Period;
        var pdf = new PdfReport($"Bulletin périodique — {period.Name}",
            $"{header.Line} · {student.LastName} {student.FirstName} · {bilan.Class.Name}")
        {
            Footer = $"{header.Title} — bulletin de {student.FirstName} {student.LastName}, {period.Name} — édité le {printedAt:dd/MM/yyyy}",
        };
        pdf.Heading($"{student.LastName} {student.FirstName}");
        pdf.Paragraph($"Classe : {bilan.Class.Name}");
        pdf.Paragraph($"Période : {period.Name}, du {period.Start.ToString("dd/MM/yyyy", French)} au {period.End.ToString("dd/MM/yyyy", French)}");
        pdf.Paragraph($"Établissement : {header.Line}");
        pdf.Space();

        var scale = bilan.Scale;
        bool moyenne = scale.Mode == PositioningMode.Moyenne;
        double w = pdf.ContentWidth;
        List<PdfColumn> columns = moyenne
            ?
            [
                new("Discipline", w * 0.18), new("Éléments du programme travaillés", w * 0.27),
                new("Note de l'élève", w * 0.09, XStringAlignment.Center), new("Moyenne de la classe", w * 0.09, XStringAlignment.Center),
                new("Appréciation", w * 0.37),
            ]
            :
            [
                new("Discipline", w * 0.18), new("Éléments du programme travaillés", w * 0.27),
                new(PositioningHeader(scale.Mode), w * 0.16, XStringAlignment.Center), new("Appréciation", w * 0.39),
            ];
        var subjects = bilan.Subjects.ToDictionary(s => s.Code, StringComparer.Ordinal);
        var rows = new List<IReadOnlyList<PdfCell>>();
        foreach (var cell in student.Cells)
        {
            if (!subjects.TryGetValue(cell.SubjectCode, out var subject))
            {
                continue;
            }
            var teachers = string.Join(", ", subject.Teachers.Select(t => $"{t.FirstName} {t.LastName}".Trim()));
            var name = teachers.Length == 0 ? subject.Name : $"{subject.Name}\n{teachers}";
            var elements = string.Join("\n", cell.Elements.Select(e => $"• {e}"));
            var shown = cell.Override ?? cell.Computed;
            var positioning = shown is { } v ? scale.Label(v) : NotEvaluated;
            var appreciation = cell.Appreciation ?? "";
            rows.Add(moyenne
                ? [name, elements, positioning, subject.ClassMean is { } m ? scale.Label(m) : "", appreciation]
                : [name, elements, positioning, appreciation]);
        }
        if (rows.Count == 0)
        {
            pdf.Paragraph("Aucune discipline n'est enseignée à cet élève dans cette classe.");
        }
        else
        {
            pdf.WrappedTable(columns, rows);
        }

        pdf.Heading("Appréciation générale");
        pdf.WrappedParagraph(string.IsNullOrWhiteSpace(student.General.Appreciation) ? "—" : student.General.Appreciation);
        pdf.Space();

        var a = student.Attendance;
        pdf.Heading("Vie scolaire");
        pdf.Paragraph($"Retards : {a.Lateness}");
        pdf.Paragraph($"Absences justifiées : {HalfDays(a.JustifiedAbsences)}");
        pdf.Paragraph($"Absences non justifiées : {HalfDays(a.UnjustifiedAbsences)}");
        if (a.MissedHours is { } hours)
        {
            pdf.Paragraph($"Heures de cours manquées : {hours}");
        }
        if (!string.IsNullOrWhiteSpace(a.Comment))
        {
            pdf.WrappedParagraph($"Commentaire : {a.Comment}");
        }
        pdf.Space(12);
        pdf.SignatureBox("Le chef d'établissement", "Date, signature et cachet");
        return pdf.ToBytes();
    }

    private static string PositioningHeader(PositioningMode mode) => mode == PositioningMode.Objectif
        ? "Objectifs d'apprentissage" : "Positionnement (de 1 à 4)";

    private static string HalfDays(int n) => n <= 1 ? $"{n} demi-journée" : $"{n} demi-journées";
}
