using System.Net.Http.Headers;

namespace Sacoche.Web.Api;

/// <summary>The Import API (api/import): file imports and ENT identifiers.</summary>
public sealed class ImportClient(ApiClient api)
{
    /// <summary>
    /// Sends an export as it is read from <paramref name="file"/> (never buffered here); <paramref name="kind"/>
    /// says what a CSV holds (students, staff, parents).
    /// </summary>
    public Task<ApiResult<ImportAccepted>> UploadFileAsync(Stream file, string fileName, string? kind, CancellationToken ct = default)
    {
        var content = Multipart(file, fileName);
        if (!string.IsNullOrEmpty(kind))
        {
            content.Add(new StringContent(kind), "kind");
        }
        return api.PostAsync<ImportAccepted>("api/import/files", content, ct);
    }

    public Task<ApiResult<ImportList>> ListImportsAsync(int pageSize, CancellationToken ct = default) =>
        api.GetAsync<ImportList>($"api/import/imports?pageSize={pageSize}", ct);

    public Task<ApiResult<ImportStatusView>> GetImportAsync(Guid id, CancellationToken ct = default) =>
        api.GetAsync<ImportStatusView>($"api/import/imports/{id}", ct);

    public Task<ApiResult<ImportPlanView>> GetPlanAsync(Guid id, CancellationToken ct = default) =>
        api.GetAsync<ImportPlanView>($"api/import/imports/{id}/plan", ct);

    public Task<ApiResult<ImportApplied>> ConfirmAsync(Guid id, ImportConfirmBody body, CancellationToken ct = default) =>
        api.PostAsync<ImportApplied>($"api/import/imports/{id}/confirm", body, ct);

    /// <summary>Sends an ENT's CSV export of identifiers, read as it is sent; the format, else the connector, says how to read it.</summary>
    public Task<ApiResult<EntReportCreated>> UploadEntCsvAsync(Stream file, string fileName, string? format, string? connector, CancellationToken ct = default)
    {
        var content = Multipart(file, fileName);
        if (!string.IsNullOrEmpty(format))
        {
            content.Add(new StringContent(format), "format");
        }
        else if (!string.IsNullOrEmpty(connector))
        {
            content.Add(new StringContent(connector), "connector");
        }
        return api.PostAsync<EntReportCreated>("api/import/ent-identifiers", content, ct);
    }

    public Task<ApiResult<EntReportView>> GetEntReportAsync(Guid id, CancellationToken ct = default) =>
        api.GetAsync<EntReportView>($"api/import/ent-identifiers/{id}", ct);

    public Task<ApiResult<EntResolved>> ResolveEntAsync(Guid id, EntResolveBody body, CancellationToken ct = default) =>
        api.PostAsync<EntResolved>($"api/import/ent-identifiers/{id}/resolve", body, ct);

    public Task<ApiResult<EntApplied>> ConfirmEntAsync(Guid id, CancellationToken ct = default) =>
        api.PostAsync<EntApplied>($"api/import/ent-identifiers/{id}/confirm", null, ct);

    public Task<ApiResult<EntMissingList>> MissingEntIdsAsync(CancellationToken ct = default) =>
        api.GetAsync<EntMissingList>("api/import/ent-identifiers/missing", ct);

    private static MultipartFormDataContent Multipart(Stream file, string fileName)
    {
        var part = new StreamContent(file, 64 * 1024);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var content = new MultipartFormDataContent { { part, "file", fileName } };
        return content;
    }
}
