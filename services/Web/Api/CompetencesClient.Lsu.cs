using System.Globalization;

namespace Sacoche.Web.Api;

// The LSU export (Bilans officiels › Livret scolaire): settings, check, exports.
public sealed partial class CompetencesClient
{
    public Task<ApiResult<LsuSettingsView>> LsuSettingsAsync(CancellationToken ct = default) => api.GetAsync<LsuSettingsView>(Base + "lsu/settings", ct);

    public Task<ApiResult<LsuSettingsView>> SaveLsuSettingsAsync(LsuSettingsBody body, CancellationToken ct = default) =>
        api.PutAsync<LsuSettingsView>(Base + "lsu/settings", body, ct);

    public Task<ApiResult<LsuCheckView>> LsuCheckAsync(IEnumerable<long> periodIds, IEnumerable<string> classCodes, bool cycleBilans, CancellationToken ct = default)
    {
        var query = periodIds.Select(p => "periodId=" + p.ToString(CultureInfo.InvariantCulture))
            .Concat(classCodes.Select(c => "classCodes=" + Uri.EscapeDataString(c)))
            .Append("cycle=" + (cycleBilans ? "true" : "false"));
        return api.GetAsync<LsuCheckView>(Base + "lsu/check?" + string.Join('&', query), ct);
    }

    public Task<ApiResult<LsuExportView>> ExportLsuAsync(LsuExportBody body, CancellationToken ct = default) => api.PostAsync<LsuExportView>(Base + "lsu/exports", body, ct);

    public Task<ApiResult<List<LsuExportView>>> LsuExportsAsync(CancellationToken ct = default) => api.GetAsync<List<LsuExportView>>(Base + "lsu/exports", ct);

    /// <summary>The problems of a refused export (the <c>problems</c> member of an <c>lsu-invalid</c> problem).</summary>
    public static List<LsuProblemView> ProblemsOf(ApiResult<LsuExportView> result) => result.Problem?.Extension<List<LsuProblemView>>("problems") ?? [];
}
