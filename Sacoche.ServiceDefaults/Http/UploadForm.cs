using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sacoche.Common.Results;

namespace Sacoche.ServiceDefaults.Http;

/// <summary>A file received by an upload, as the use cases see it (no HTTP type): its name, length and content.</summary>
public sealed record UploadedFile(string FileName, long Length, Func<Stream> OpenRead);

/// <summary>A received multipart form and its « file » field (null when absent).</summary>
public sealed record ReceivedUpload(UploadedFile? File, IFormCollection Form)
{
    public string? Field(string name) => Form[name].ToString();
}

/// <summary>What only the HTTP layer sees of an upload (every service that receives files): the multipart form, its size limit and its « file » field.</summary>
public static class UploadForm
{
    /// <summary>Lets a request as large as <see cref="UploadLimit.MaxRequestBytes"/> through (Kestrel's default is 30 MB).</summary>
    public static RouteHandlerBuilder AcceptsUpload(this RouteHandlerBuilder endpoint, UploadLimit limit) => endpoint
        .DisableAntiforgery()
        .WithMetadata(new RequestSizeLimitAttribute(limit.MaxRequestBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = limit.MaxRequestBytes });

    public static UploadLimit Limit(this IEndpointRouteBuilder routes) => routes.ServiceProvider.GetRequiredService<IOptions<UploadLimit>>().Value;

    /// <summary>The multipart form, or the problem of a request that is not a usable upload.</summary>
    public static async Task<Result<ReceivedUpload>> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return Error.Of(ErrorCodes.MultipartRequired, "Envoyez le fichier en multipart/form-data, dans le champ « file ».");
        }

        try
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file");
            return new ReceivedUpload(file is null ? null : new UploadedFile(Path.GetFileName(file.FileName ?? ""), file.Length, file.OpenReadStream), form);
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            var limit = request.HttpContext.RequestServices.GetRequiredService<IOptions<UploadLimit>>().Value;
            return Error.Of(ErrorCodes.FileTooLarge, limit.TooLargeMessage);
        }
    }
}
