using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Sacoche.Web.Auth;

namespace Sacoche.Web.Api;

/// <summary>Outcome of an API call: the value, or a French message for the user.</summary>
public sealed record ApiResult<T>(T? Value, int Status, string? Error, JsonElement? Problem = null)
{
    public bool Ok => Error is null && Status is >= 200 and < 300;
    /// <summary>The endpoint itself is missing (an API not deployed yet), not an element of it.</summary>
    public bool NotAvailable => Status is 404 or 405 or 501 && !(Problem is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("detail", out _));
}

/// <summary>A file answered by an API (CSV, XML…), passed on to the browser as is.</summary>
public sealed record ApiFile(byte[] Content, string ContentType, string FileName);

/// <summary>
/// The APIs through the gateway, with the signed-in user's access token. No rules of its own: the
/// APIs decide, this class only carries requests and turns their ProblemDetails into French messages.
/// </summary>
public sealed class SacocheApi(HttpClient http, UserSession session, TokenStore tokens, ILogger<SacocheApi> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<ApiResult<T>> GetAsync<T>(string path, CancellationToken ct = default) => SendAsync<T>(HttpMethod.Get, path, null, ct);

    public Task<ApiResult<T>> PostAsync<T>(string path, object? body, CancellationToken ct = default) => SendAsync<T>(HttpMethod.Post, path, body, ct);

    public Task<ApiResult<T>> PutAsync<T>(string path, object? body, CancellationToken ct = default) => SendAsync<T>(HttpMethod.Put, path, body, ct);

    public Task<ApiResult<T>> DeleteAsync<T>(string path, CancellationToken ct = default) => SendAsync<T>(HttpMethod.Delete, path, null, ct);

    public async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is HttpContent content)
        {
            request.Content = content;
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }
        return await SendAsync<T>(request, ct);
    }

    public async Task<ApiResult<ApiFile>> GetFileAsync(string path, CancellationToken ct = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path.TrimStart('/'));
        var (response, error) = await SendRawAsync(request, ct);
        if (response is null)
        {
            return new ApiResult<ApiFile>(null, 0, error);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var (message, problem) = await ProblemAsync(response, ct);
                return new ApiResult<ApiFile>(null, (int)response.StatusCode, message, problem);
            }
            var bytes = await response.Content.ReadAsByteArrayAsync(ct);
            var name = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? "fichier";
            return new ApiResult<ApiFile>(new ApiFile(bytes, response.Content.Headers.ContentType?.ToString() ?? "application/octet-stream", name), (int)response.StatusCode, null);
        }
    }

    private async Task<ApiResult<T>> SendAsync<T>(HttpRequestMessage request, CancellationToken ct)
    {
        var (response, error) = await SendRawAsync(request, ct);
        if (response is null)
        {
            return new ApiResult<T>(default, 0, error);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                var (message, problem) = await ProblemAsync(response, ct);
                return new ApiResult<T>(default, (int)response.StatusCode, message, problem);
            }
            if (response.StatusCode == HttpStatusCode.NoContent || response.Content.Headers.ContentLength == 0)
            {
                return new ApiResult<T>(default, (int)response.StatusCode, null);
            }
            try
            {
                var value = await response.Content.ReadFromJsonAsync<T>(Json, ct);
                return new ApiResult<T>(value, (int)response.StatusCode, null);
            }
            catch (JsonException ex)
            {
                logger.LogWarning(ex, "Unexpected answer from {Path}", request.RequestUri);
                return new ApiResult<T>(default, 502, "Réponse inattendue du serveur : réessayez ou prévenez l'administrateur.");
            }
        }
    }

    private async Task<(HttpResponseMessage? Response, string? Error)> SendRawAsync(HttpRequestMessage request, CancellationToken ct)
    {
        var user = await session.GetUserAsync();
        if (user.SessionIdOf() is not { } sid)
        {
            return (null, "Vous n'êtes pas connecté : reconnectez-vous.");
        }
        try
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAccessTokenAsync(sid, ct));
            return (await http.SendAsync(request, ct), null);
        }
        catch (SessionExpiredException ex)
        {
            return (null, ex.Message);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "API unreachable: {Path}", request.RequestUri);
            return (null, "Le service ne répond pas pour le moment : réessayez dans quelques instants.");
        }
    }

    private static async Task<(string Message, JsonElement? Problem)> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        JsonElement? problem = null;
        string? detail = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(ct);
            if (text.Length > 0 && text.TrimStart().StartsWith('{'))
            {
                problem = JsonSerializer.Deserialize<JsonElement>(text);
                if (problem.Value.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
                {
                    detail = string.Join(" ", errors.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.ToString()));
                }
                detail ??= problem.Value.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                // ASP.NET's generic titles are English ("Not Found"): only our own (French) problem types are shown.
                var ours = !(problem.Value.TryGetProperty("type", out var type) && type.GetString() is { } tp && tp.StartsWith("https://tools.ietf.org", StringComparison.Ordinal));
                detail ??= ours && problem.Value.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not a ProblemDetails: the generic message below.
        }
        var status = (int)response.StatusCode;
        return (detail ?? status switch
        {
            401 => "Votre session a expiré : reconnectez-vous.",
            403 => "Vous n'avez pas accès à cette fonction.",
            404 => "Cette fonction n'est pas encore disponible ou l'élément demandé n'existe pas.",
            409 => "Conflit : l'élément a été modifié entre-temps.",
            413 => "Fichier trop volumineux.",
            429 => "Trop de demandes en peu de temps : patientez quelques minutes puis réessayez.",
            >= 500 => "Le service a rencontré une erreur : réessayez dans quelques instants.",
            _ => $"Requête refusée (code {status}).",
        }, problem);
    }
}
