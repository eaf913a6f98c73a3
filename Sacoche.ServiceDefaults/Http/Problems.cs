using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sacoche.Common.Results;

namespace Sacoche.ServiceDefaults.Http;

/// <summary>
/// The one way a service answers an error: RFC 9457 ProblemDetails built from the catalogue
/// (<see cref="ErrorCodes"/>), <c>errors</c> as field → messages, a French <c>detail</c>.
/// </summary>
public static class Problems
{
    /// <summary>Extension member that also sets the <c>Retry-After</c> header (429).</summary>
    public const string RetryAfterSeconds = "retryAfterSeconds";

    public static IResult For(Error error)
    {
        var extensions = new Dictionary<string, object?>();
        if (error.Errors is { Count: > 0 } errors)
        {
            extensions["errors"] = errors;
        }
        foreach (var (key, value) in error.Extensions ?? new Dictionary<string, object?>())
        {
            extensions[key] = value;
        }
        var problem = TypedResults.Problem(detail: error.Detail, statusCode: error.Code.Status, title: error.Code.Title,
            type: ErrorCodes.TypeBase + error.Code.Code, extensions: extensions);
        return extensions.TryGetValue(RetryAfterSeconds, out var seconds) && seconds is int s ? new WithRetryAfter(problem, s) : problem;
    }

    /// <summary>For what only the HTTP layer sees (a missing upload, a wrong content type).</summary>
    public static IResult For(ErrorCode code, string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        For(Error.Of(code, detail, extensions));

    public static IResult NotFound(string detail) => For(Error.NotFound(detail));

    public static IResult Forbidden(string detail = "Vous n'avez pas les droits nécessaires pour cette action.") => For(Error.Forbidden(detail));

    /// <summary>
    /// Problems the framework writes itself (binding failures, unknown routes, Kestrel's size limit)
    /// get the catalogue's type and French title too.
    /// </summary>
    public static void Customize(ProblemDetailsContext context)
    {
        var details = context.ProblemDetails;
        if (details.Type is not null && details.Type.StartsWith(ErrorCodes.TypeBase, StringComparison.Ordinal))
        {
            return;
        }
        var code = details.Status switch
        {
            400 => ErrorCodes.Validation,
            403 => ErrorCodes.Forbidden,
            404 => ErrorCodes.NotFound,
            413 => ErrorCodes.FileTooLarge,
            415 => ErrorCodes.UnsupportedFile,
            429 => ErrorCodes.TooManyRequests,
            _ => null,
        };
        if (code is null)
        {
            return;
        }
        details.Type = ErrorCodes.TypeBase + code.Code;
        details.Title = code.Title;
        details.Detail ??= code.Status switch
        {
            404 => "Ressource introuvable.",
            403 => "Vous n'avez pas les droits nécessaires pour cette action.",
            413 => "Le fichier dépasse la taille maximale autorisée.",
            _ => "La demande n'a pas pu être comprise.",
        };
    }

    private sealed class WithRetryAfter(IResult inner, int seconds) : IResult, IStatusCodeHttpResult, IValueHttpResult<ProblemDetails>
    {
        public int? StatusCode => (inner as IStatusCodeHttpResult)?.StatusCode;

        public ProblemDetails? Value => (inner as ProblemHttpResult)?.ProblemDetails;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return inner.ExecuteAsync(httpContext);
        }
    }
}
