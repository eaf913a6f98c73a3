using Sacoche.Web.Api;

namespace Sacoche.Web.Downloads;

/// <summary>Files of the APIs (CSV, XML) handed to the browser with the user's token: plain links, no script.</summary>
public static class DownloadEndpoints
{
    public static IEndpointRouteBuilder MapDownloads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/telechargements").RequireAuthorization();
        group.MapGet("/identifiants-nouveaux.csv", (SacocheApi api, CancellationToken ct) => PassAsync(api, "api/identity/credentials/new", ct));
        group.MapGet("/referentiels/{id:long}.xml", (long id, SacocheApi api, CancellationToken ct) => PassAsync(api, $"api/competences/referentials/{id}/export.xml", ct));
        group.MapGet("/identifiants-ent/{id:guid}/rapport.csv", (Guid id, SacocheApi api, CancellationToken ct) => PassAsync(api, $"api/import/ent-identifiers/{id}/report.csv", ct));
        return app;
    }

    private static async Task<IResult> PassAsync(SacocheApi api, string path, CancellationToken ct)
    {
        var file = await api.GetFileAsync(path, ct);
        if (file.Value is { } f)
        {
            return Results.File(f.Content, f.ContentType, f.FileName);
        }
        var message = System.Net.WebUtility.HtmlEncode(file.Error ?? "Téléchargement impossible.");
        return Results.Content($"""
            <!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>Sacoche – Téléchargement impossible</title></head>
            <body><main><h1>Téléchargement impossible</h1><p>{message}</p><p><a href="/">Retour à l'accueil</a></p></main></body></html>
            """, "text/html; charset=utf-8", System.Text.Encoding.UTF8, file.Status is >= 400 and < 600 ? file.Status : 502);
    }
}
