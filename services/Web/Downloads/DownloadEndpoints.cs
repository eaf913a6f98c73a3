using System.Globalization;
using Sacoche.Web.Api;

namespace Sacoche.Web.Downloads;

/// <summary>Files of the APIs (CSV, XML, PDF) handed to the browser with the user's token: plain links, no script.</summary>
public static class DownloadEndpoints
{
    private static readonly string[] Formats = ["csv", "pdf"];

    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/telechargements").RequireAuthorization();
        group.MapGet("/identifiants-nouveaux.csv", (ApiClient api, CancellationToken ct) => PassAsync(api, "api/identity/credentials/new", ct));
        group.MapGet("/referentiels/{id:long}.xml", (long id, ApiClient api, CancellationToken ct) => PassAsync(api, $"api/competences/referentials/{id}/export.xml", ct));
        group.MapGet("/identifiants-ent/{id:guid}/rapport.csv", (Guid id, ApiClient api, CancellationToken ct) => PassAsync(api, $"api/import/ent-identifiers/{id}/report.csv", ct));

        // Official bulletins: the preview a class's sheet renders now, and an archived bulletin's bytes as stored.
        group.MapGet("/bulletins/{code}/{periodId:long}/eleves/{studentId:guid}.pdf", (string code, long periodId, Guid studentId, ApiClient api, CancellationToken ct) =>
            StructureAsync(code, c => PassAsync(api, $"api/competences/bilans/{c}/{periodId}/students/{studentId}.pdf", ct)));
        group.MapGet("/bulletins/archives/{id:long}.pdf", (long id, ApiClient api, CancellationToken ct) => PassAsync(api, $"api/competences/archives/{id}", ct));
        group.MapGet("/lsu/{id:long}.xml", (long id, ApiClient api, CancellationToken ct) => PassAsync(api, $"api/competences/lsu/exports/{id}", ct));

        // Reports: the API renders the file (format=csv|pdf); only well-formed filters are passed on.
        foreach (var format in Formats)
        {
            group.MapGet($"/releves/eleves/{{id:guid}}/releve.{format}", (Guid id, string? subject, long? periodId, DateOnly? from, DateOnly? to, ApiClient api, CancellationToken ct) =>
                ReportAsync(api, $"api/competences/reports/students/{id}", format, subject, periodId, from, to, ct));
            group.MapGet($"/bilans/classes/{{code}}/bilan.{format}", (string code, string? subject, long? periodId, DateOnly? from, DateOnly? to, ApiClient api, CancellationToken ct) =>
                StructureAsync(code, c => ReportAsync(api, $"api/competences/reports/classes/{c}", format, subject, periodId, from, to, ct)));
            group.MapGet($"/bilans/groupes/{{code}}/bilan.{format}", (string code, string? subject, long? periodId, DateOnly? from, DateOnly? to, ApiClient api, CancellationToken ct) =>
                StructureAsync(code, c => ReportAsync(api, $"api/competences/reports/groups/{c}", format, subject, periodId, from, to, ct)));
            group.MapGet($"/socle/eleves/{{id:guid}}/socle.{format}", (Guid id, int? cycle, ApiClient api, CancellationToken ct) =>
                PassAsync(api, $"api/competences/common-core/students/{id}?format={format}{CycleQuery(cycle)}", ct));
            group.MapGet($"/socle/classes/{{code}}/socle.{format}", (string code, int? cycle, ApiClient api, CancellationToken ct) =>
                StructureAsync(code, c => PassAsync(api, $"api/competences/common-core/classes/{c}?format={format}{CycleQuery(cycle)}", ct)));
            group.MapGet($"/socle/groupes/{{code}}/socle.{format}", (string code, int? cycle, ApiClient api, CancellationToken ct) =>
                StructureAsync(code, c => PassAsync(api, $"api/competences/common-core/groups/{c}?format={format}{CycleQuery(cycle)}", ct)));
        }
        return app;
    }

    /// <summary>
    /// A class or group code as a single escaped path segment. Codes of SIECLE/STS are short words; anything
    /// that could climb the API's path (dots only, separators) or is absurdly long is refused here.
    /// </summary>
    public static bool IsSafeCode(string? code) =>
        code is { Length: > 0 and <= 40 } && code.Any(char.IsLetterOrDigit) && code.All(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_' or '.' or '°' or '+')
        && !code.StartsWith('.');

    private static async Task<IResult> StructureAsync(string code, Func<string, Task<IResult>> pass) =>
        IsSafeCode(code) ? await pass(Uri.EscapeDataString(code)) : Problem("Code de classe ou de groupe invalide.", 400);

    /// <summary>The preview of a student's bulletin (rendered from the current sheet).</summary>
    public static string BulletinPreview(string classCode, long periodId, Guid studentId) =>
        $"/telechargements/bulletins/{Uri.EscapeDataString(classCode)}/{periodId.ToString(CultureInfo.InvariantCulture)}/eleves/{studentId}.pdf";

    /// <summary>An archived bulletin, as it was archived.</summary>
    public static string ArchivedBulletin(long archiveId) => $"/telechargements/bulletins/archives/{archiveId.ToString(CultureInfo.InvariantCulture)}.pdf";

    /// <summary>A stored LSU file, as it was exported.</summary>
    public static string LsuFile(long exportId) => $"/telechargements/lsu/{exportId.ToString(CultureInfo.InvariantCulture)}.xml";

    private static string CycleQuery(int? cycle) => cycle is { } c ? "&cycle=" + c.ToString(CultureInfo.InvariantCulture) : "";

    private static Task<IResult> ReportAsync(ApiClient api, string path, string format, string? subject, long? periodId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        if (subject is { Length: > 0 } && (subject.Length > 20 || !subject.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
        {
            return Task.FromResult(Problem("Code de matière invalide.", 400));
        }
        return PassAsync(api, path + "?" + ReportQuery(format, subject, periodId, from, to), ct);
    }

    /// <summary>The query of a report request (format and filters), also used by the pages to build their links.</summary>
    public static string ReportQuery(string? format, string? subject, long? periodId, DateOnly? from, DateOnly? to)
    {
        var parts = new List<string>();
        if (format is not null)
        {
            parts.Add("format=" + format);
        }
        if (!string.IsNullOrWhiteSpace(subject))
        {
            parts.Add("subject=" + Uri.EscapeDataString(subject.Trim()));
        }
        if (periodId is { } p)
        {
            parts.Add("periodId=" + p.ToString(CultureInfo.InvariantCulture));
        }
        if (from is { } f)
        {
            parts.Add("from=" + f.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        if (to is { } t)
        {
            parts.Add("to=" + t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        return string.Join('&', parts);
    }

    private static async Task<IResult> PassAsync(ApiClient api, string path, CancellationToken ct)
    {
        var file = await api.GetFileAsync(path, ct);
        if (file.Value is { } f)
        {
            return Results.File(f.Content, f.ContentType, f.FileName);
        }
        return Problem(file.Error ?? "Téléchargement impossible.", file.Status is >= 400 and < 600 ? file.Status : 502);
    }

    private static IResult Problem(string error, int status)
    {
        var message = System.Net.WebUtility.HtmlEncode(error);
        return Results.Content($"""
            <!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Sacoche – Téléchargement impossible</title></head>
            <body><main><h1>Téléchargement impossible</h1><p>{message}</p><p><a href="/">Retour à l'accueil</a></p></main></body></html>
            """, "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);
    }
}
