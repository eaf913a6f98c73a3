using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Sacoche.Common.Results;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Competences.Apis;

/// <summary>A received multipart form's « file » field (null when absent).</summary>
internal sealed record ReceivedUpload(IFormFile? File);

/// <summary>What only the HTTP layer sees of an upload: the multipart form, its size limit and its « file » field (as Import's UploadForm).</summary>
internal static class UploadForm
{
    /// <summary>Lets a request as large as <see cref="UploadLimit.MaxRequestBytes"/> through.</summary>
    public static RouteHandlerBuilder AcceptsUpload(this RouteHandlerBuilder endpoint, UploadLimit limit) => endpoint
        .DisableAntiforgery()
        .WithMetadata(new RequestSizeLimitAttribute(limit.MaxRequestBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limit.MaxRequestBytes });

    public static UploadLimit Limit(this IEndpointRouteBuilder routes) => routes.ServiceProvider.GetRequiredService<IOptions<UploadLimit>>().Value;

    /// <summary>The « file » field of the multipart form (null when absent), or the problem of a request that is not a usable upload.</summary>
    public static async Task<Result<ReceivedUpload>> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return Error.Of(ErrorCodes.MultipartRequired, "Envoyez le fichier en multipart/form-data, dans le champ « file ».");
        }
        try
        {
            var form = await request.ReadFormAsync(ct);
            return new ReceivedUpload(form.Files.GetFile("file"));
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            var limit = request.HttpContext.RequestServices.GetRequiredService<IOptions<UploadLimit>>().Value;
            return Error.Of(ErrorCodes.FileTooLarge, limit.TooLargeMessage);
        }
    }
}
