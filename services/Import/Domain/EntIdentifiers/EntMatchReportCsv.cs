using System.Globalization;
using System.Text;

namespace Sacoche.Import.Domain.EntIdentifiers;

/// <summary>
/// CSV export of a matching report for spreadsheets: separator ;, UTF-8 with BOM, CRLF,
/// French headers. Cells starting with = + - @ are prefixed with an apostrophe (formula injection).
/// </summary>
public static class EntMatchReportCsv
{
    public static readonly string[] Headers = ["Ligne", "Nom", "Prénom", "Identifiant ENT", "Résultat", "Utilisateur", "Candidats"];

    public static byte[] ToBytes(EntMatchReport report)
    {
        using var ms = new MemoryStream();
        Write(report, ms);
        return ms.ToArray();
    }

    public static void Write(EntMatchReport report, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 65536, leaveOpen: true)
        {
            NewLine = "\r\n",
        };
        writer.WriteLine(string.Join(';', Headers.Select(Escape)));
        foreach (EntMatchRow row in report.Rows)
        {
            string result = string.IsNullOrEmpty(row.Message)
                ? EntMatchReport.Label(row.Outcome)
                : $"{EntMatchReport.Label(row.Outcome)} — {row.Message}";
            string user = row.User is null ? string.Empty : EntIdMatcher.Describe(row.User);
            if (row.CurrentHolder is not null)
            {
                user = (user.Length == 0 ? string.Empty : user + " ; ") + "titulaire actuel : " + EntIdMatcher.Describe(row.CurrentHolder);
            }

            string candidates = string.Join(" | ", row.Candidates.Select(c => string.Create(
                CultureInfo.InvariantCulture,
                $"{c.Rank}. {EntIdMatcher.Describe(c.User)}{(c.User.BirthDate is { } b ? b.ToString(" né(e) le dd/MM/yyyy", CultureInfo.InvariantCulture) : string.Empty)}, score {c.Score}{(c.Reasons.Count > 0 ? " : " + string.Join(", ", c.Reasons) : string.Empty)}{(c.Proposed ? " [proposé]" : string.Empty)}")));
            writer.WriteLine(string.Join(';', new[]
            {
                row.LineNumber.ToString(CultureInfo.InvariantCulture),
                row.LastName,
                row.FirstName,
                row.EntId,
                result,
                user,
                candidates,
            }.Select(Escape)));
        }
    }

    internal static string Escape(string value) => Sacoche.ServiceDefaults.Csv.CsvCells.Escape(value);
}
