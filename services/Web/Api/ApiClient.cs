using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sacoche.Common.Results;
using Sacoche.Web.Auth;

namespace Sacoche.Web.Api;

/// <summary>Outcome of an API call: the value, or a French message for the user and the problem the API answered.</summary>
public sealed record ApiResult<T>(T? Value, int Status, string? Error, ApiProblem? Problem = null)
{
    public bool Ok => Error is null && Status is >= 200 and < 300;

    /// <summary>The API refused with this code of the catalogue (docs/errors.md).</summary>
    public bool Is(ErrorCode code) => Problem?.Code == code.Code;
}

/// <summary>
/// An RFC 9457 problem as every service answers it (docs/errors.md): the catalogue's <c>type</c>, a
/// French <c>detail</c>, <c>errors</c> as field → French messages; other members (e.g. the cells a
/// colleague changed) stay in <see cref="Extensions"/> for the typed client that knows them.
/// </summary>
public sealed record ApiProblem(string? Type, string? Title, int? Status, string? Detail)
{
    /// <summary>
    /// The problem's <c>errors</c>: request field (camelCase, <c>""</c> for the request as a whole) → messages.
    /// Named apart so that <c>errors</c> lands in <see cref="Extensions"/> first and an older shape (a list) is dropped, not fatal.
    /// </summary>
    [JsonIgnore]
    public IReadOnlyDictionary<string, string[]> FieldErrors { get; init; } = new Dictionary<string, string[]>();

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extensions { get; init; }

    /// <summary>The catalogue code (<c>not-found</c>, <c>confirmation-required</c>…), null for a problem from elsewhere.</summary>
    public string? Code => Type is { } t && t.StartsWith(ErrorCodes.TypeBase, StringComparison.Ordinal) ? t[ErrorCodes.TypeBase.Length..] : null;

    /// <summary>An extension member read as <typeparamref name="T"/> (default when absent or of another shape).</summary>
    public T? Extension<T>(string name)
    {
        if (Extensions is null || !Extensions.TryGetValue(name, out var value))
        {
            return default;
        }
        try
        {
            return value.Deserialize<T>(ApiClient.Json);
        }
        catch (JsonException)
        {
            return default;
        }
    }
}

/// <summary>The answer of an API call that answers nothing (204).</summary>
public sealed record NoBody;

/// <summary>A file answered by an API (CSV, XML…), passed on to the browser as is.</summary>
public sealed record ApiFile(byte[] Content, string ContentType, string FileName);

/// <summary>
/// The shared base of the typed clients (<see cref="IdentityClient"/>, <see cref="ImportClient"/>,
/// <see cref="CompetencesClient"/>): the APIs through the gateway, with the signed-in user's access
/// token. No rules of its own: the APIs decide, this class only carries requests and turns their
/// ProblemDetails into French messages.
/// </summary>
public sealed class ApiClient(HttpClient http, UserSession session, TokenStore tokens, ILogger<ApiClient> logger)
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

    private static async Task<(string Message, ApiProblem? Problem)> ProblemAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var problem = await ReadProblemAsync(response, ct);
        var status = (int)response.StatusCode;
        return (MessageOf(problem) ?? status switch
        {
            401 => "Votre session a expiré : reconnectez-vous.",
            403 => "Vous n'avez pas accès à cette fonction.",
            404 => "L'élément demandé n'existe pas.",
            409 => "Conflit : l'élément a été modifié entre-temps.",
            413 => "Fichier trop volumineux.",
            429 => "Trop de demandes en peu de temps : patientez quelques minutes puis réessayez.",
            >= 500 => "Le service a rencontré une erreur : réessayez dans quelques instants.",
            _ => $"Requête refusée (code {status}).",
        }, problem);
    }

    /// <summary>
    /// What the user reads: the French messages of <c>errors</c> (field → messages), else the
    /// <c>detail</c>, else the catalogue's French title. Problems from elsewhere (English titles) are not shown.
    /// </summary>
    public static string? MessageOf(ApiProblem? problem)
    {
        if (problem is null)
        {
            return null;
        }
        var messages = problem.FieldErrors.Values.SelectMany(m => m).Where(m => !string.IsNullOrWhiteSpace(m)).Distinct().ToList();
        if (messages.Count > 0)
        {
            return string.Join(" ", messages);
        }
        if (!string.IsNullOrWhiteSpace(problem.Detail))
        {
            return problem.Detail;
        }
        return problem.Code is not null && !string.IsNullOrWhiteSpace(problem.Title) ? problem.Title : null;
    }

    private static async Task<ApiProblem?> ReadProblemAsync(HttpResponseMessage response, CancellationToken ct) =>
        ParseProblem(await response.Content.ReadAsStringAsync(ct));

    /// <summary>A ProblemDetails body, its <c>errors</c> read as the catalogue's shape only (docs/errors.md: an object of string lists); null when the body is not one.</summary>
    public static ApiProblem? ParseProblem(string text)
    {
        if (text.Length == 0 || !text.TrimStart().StartsWith('{'))
        {
            return null;
        }
        try
        {
            var problem = JsonSerializer.Deserialize<ApiProblem>(text, Json);
            if (problem?.Extensions is { } extensions && extensions.Remove("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                problem = problem with { FieldErrors = errors.Deserialize<Dictionary<string, string[]>>(Json) ?? [] };
            }
            return problem;
        }
        catch (JsonException)
        {
            return null; // not a ProblemDetails: the generic message by status
        }
    }
}
