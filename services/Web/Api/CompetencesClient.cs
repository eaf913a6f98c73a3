using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sacoche.Web.Api;

/// <summary>GET api/competences/settings as the read-only pages use it (codes, states).</summary>
public sealed record CompetencesSettings(List<GradeCodeView>? GradeCodes, List<StateView>? States);

/// <summary>A grading code as the settings page edits it.</summary>
public sealed class GradeCodeEdit
{
    public int Id { get; set; }
    public string Sigle { get; set; } = "";
    public int Value { get; set; }
    public string Legend { get; set; } = "";
    public string Color { get; set; } = "";
    public string Key { get; set; } = "";
    public bool Active { get; set; }
}

/// <summary>An acquisition state as the settings page edits it.</summary>
public sealed class StateEdit
{
    public int Id { get; set; }
    public int Min { get; set; }
    public int Max { get; set; }
    public int Weight { get; set; }
    public string Sigle { get; set; } = "";
    public string Legend { get; set; } = "";
    public string Color { get; set; } = "";
}

/// <summary>
/// GET and PUT api/competences/settings as the settings page edits it: codes and states changed in place,
/// every other member sent back as it was read.
/// </summary>
public sealed class SettingsDocumentEdit
{
    public List<GradeCodeEdit> GradeCodes { get; set; } = [];
    public List<StateEdit> States { get; set; } = [];

    /// <summary>The members this page does not edit (defaults, thresholds, bulletins), returned unchanged.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Others { get; set; }
}

/// <summary>One cell a colleague saved meanwhile: the <c>conflicts</c> member of an <c>entry-changed</c> problem.</summary>
public sealed record ConflictCellView(Guid StudentId, long ItemId, string Code, int Version, Guid? ChangedBy, DateTimeOffset? ChangedAt, int YourVersion);

/// <summary>One cell sent by the entry grid (PUT api/competences/evaluations/{id}/entries).</summary>
public sealed record EntryBody(Guid StudentId, long ItemId, string Code, int Version);

/// <summary>Body of POST/PUT api/competences/evaluations: a class, a group or selected students, and the items assessed.</summary>
public sealed record EvaluationBody(string? ClassCode, string? GroupCode, List<Guid>? StudentIds, DateOnly Date, DateOnly? VisibleDate,
    DateOnly? SelfAssessmentUntil, string Description, List<long> ItemIds, List<ShareView> SharedWith);

public sealed record ItemBody(long? Id, string? Ref, string Name, string? Abbrev, int Coef, bool Cart, string? Link, string? Comment, List<SocleView>? Socle);

public sealed record ThemeBody(long? Id, string? Ref, string Name, List<ItemBody> Items);

public sealed record DomainBody(long? Id, string Code, string? Ref, string Name, List<ThemeBody> Themes);

/// <summary>Body of POST/PUT api/competences/referentials: the whole tree (ids kept for what exists already).</summary>
public sealed record ReferentialBody(string SubjectCode, string LevelCode, string? Method, int? Limit, string? Retroactivity, List<DomainBody> Domains);

public sealed record PublishBody(string Description);

public sealed record CatalogImportBody(string? SubjectCode, string? LevelCode);

/// <summary>The Competences API (api/competences): referentials, evaluations, entries, reports, common core, catalog, settings.</summary>
public sealed partial class CompetencesClient(ApiClient api)
{
    private const string Base = "api/competences/";

    public Task<ApiResult<CompetencesSettings>> SettingsAsync(CancellationToken ct = default) => api.GetAsync<CompetencesSettings>(Base + "settings", ct);

    /// <summary>The settings as an editable document: the page changes some members and sends back the whole of it.</summary>
    public Task<ApiResult<SettingsDocumentEdit>> SettingsDocumentAsync(CancellationToken ct = default) => api.GetAsync<SettingsDocumentEdit>(Base + "settings", ct);

    public Task<ApiResult<SettingsDocumentEdit>> SaveSettingsAsync(SettingsDocumentEdit document, CancellationToken ct = default) =>
        api.PutAsync<SettingsDocumentEdit>(Base + "settings", document, ct);

    public Task<ApiResult<List<PeriodView>>> PeriodsAsync(CancellationToken ct = default) => api.GetAsync<List<PeriodView>>(Base + "periods", ct);

    public Task<ApiResult<List<SubjectView>>> SubjectsAsync(CancellationToken ct = default) => api.GetAsync<List<SubjectView>>(Base + "subjects", ct);

    public Task<ApiResult<List<LevelView>>> LevelsAsync(CancellationToken ct = default) => api.GetAsync<List<LevelView>>(Base + "levels", ct);

    public Task<ApiResult<MyStructures>> MyStructuresAsync(CancellationToken ct = default) => api.GetAsync<MyStructures>(Base + "me/structures", ct);

    public Task<ApiResult<List<ChildView>>> MyChildrenAsync(CancellationToken ct = default) => api.GetAsync<List<ChildView>>(Base + "me/children", ct);

    public Task<ApiResult<List<ColleagueView>>> ColleaguesAsync(CancellationToken ct = default) => api.GetAsync<List<ColleagueView>>(Base + "colleagues", ct);

    // Reports and common core.

    public Task<ApiResult<StudentReportView>> StudentReportAsync(Guid studentId, CancellationToken ct = default) =>
        api.GetAsync<StudentReportView>($"{Base}reports/students/{studentId}", ct);

    /// <summary><paramref name="query"/>: the filters (DownloadEndpoints.ReportQuery), empty for none.</summary>
    public Task<ApiResult<ClassReportView>> StructureReportAsync(bool isGroup, string code, string query, CancellationToken ct = default)
    {
        var path = $"{Base}reports/{(isGroup ? "groups" : "classes")}/{Uri.EscapeDataString(code)}";
        return api.GetAsync<ClassReportView>(query.Length == 0 ? path : path + "?" + query, ct);
    }

    public Task<ApiResult<CommonCoreClassView>> StructureCommonCoreAsync(bool isGroup, string code, int cycle, CancellationToken ct = default) =>
        api.GetAsync<CommonCoreClassView>($"{Base}common-core/{(isGroup ? "groups" : "classes")}/{Uri.EscapeDataString(code)}?cycle={cycle}", ct);

    public Task<ApiResult<CommonCoreSheetView>> StudentCommonCoreAsync(Guid studentId, int cycle, CancellationToken ct = default) =>
        api.GetAsync<CommonCoreSheetView>($"{Base}common-core/students/{studentId}?cycle={cycle}", ct);

    public Task<ApiResult<CommonCoreSheetView>> PositionAsync(Guid studentId, PositioningBody body, CancellationToken ct = default) =>
        api.PutAsync<CommonCoreSheetView>($"{Base}common-core/students/{studentId}/positionings", body, ct);

    // Referentials.

    public Task<ApiResult<List<ReferentialSummary>>> ReferentialsAsync(CancellationToken ct = default) => api.GetAsync<List<ReferentialSummary>>(Base + "referentials", ct);

    public Task<ApiResult<ReferentialView>> ReferentialAsync(long id, CancellationToken ct = default) => api.GetAsync<ReferentialView>($"{Base}referentials/{id}", ct);

    public Task<ApiResult<ReferentialView>> CreateReferentialAsync(string subjectCode, string levelCode, CancellationToken ct = default) =>
        api.PostAsync<ReferentialView>(Base + "referentials", new ReferentialBody(subjectCode, levelCode, null, null, null, []), ct);

    /// <summary>A referential from a SACoche XML export, read as it is sent.</summary>
    public Task<ApiResult<ReferentialView>> ImportReferentialAsync(Stream xml, string fileName, string subjectCode, string levelCode, CancellationToken ct = default)
    {
        var part = new StreamContent(xml, 64 * 1024);
        part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var content = new MultipartFormDataContent { { part, "file", fileName } };
        return api.PostAsync<ReferentialView>($"{Base}referentials/import?subjectCode={Uri.EscapeDataString(subjectCode)}&levelCode={Uri.EscapeDataString(levelCode)}", content, ct);
    }

    public Task<ApiResult<ReferentialView>> SaveReferentialAsync(long id, ReferentialBody body, bool confirm, CancellationToken ct = default) =>
        api.PutAsync<ReferentialView>($"{Base}referentials/{id}{(confirm ? "?confirm=true" : "")}", body, ct);

    public Task<ApiResult<CatalogSummaryView>> PublishAsync(long referentialId, string description, CancellationToken ct = default) =>
        api.PostAsync<CatalogSummaryView>($"{Base}referentials/{referentialId}/publish", new PublishBody(description), ct);

    // Evaluations and entries.

    public Task<ApiResult<List<EvaluationView>>> EvaluationsAsync(CancellationToken ct = default) => api.GetAsync<List<EvaluationView>>(Base + "evaluations", ct);

    public Task<ApiResult<EvaluationView>> EvaluationAsync(long id, CancellationToken ct = default) => api.GetAsync<EvaluationView>($"{Base}evaluations/{id}", ct);

    public Task<ApiResult<EvaluationView>> CreateEvaluationAsync(EvaluationBody body, CancellationToken ct = default) => api.PostAsync<EvaluationView>(Base + "evaluations", body, ct);

    public Task<ApiResult<EvaluationView>> UpdateEvaluationAsync(long id, EvaluationBody body, bool confirm, CancellationToken ct = default) =>
        api.PutAsync<EvaluationView>($"{Base}evaluations/{id}{(confirm ? "?confirm=true" : "")}", body, ct);

    public Task<ApiResult<NoBody>> DeleteEvaluationAsync(long id, bool confirm, CancellationToken ct = default) =>
        api.DeleteAsync<NoBody>($"{Base}evaluations/{id}{(confirm ? "?confirm=true" : "")}", ct);

    public Task<ApiResult<GridView>> EntriesAsync(long evaluationId, CancellationToken ct = default) => api.GetAsync<GridView>($"{Base}evaluations/{evaluationId}/entries", ct);

    public Task<ApiResult<List<CellView>>> SaveEntriesAsync(long evaluationId, IReadOnlyList<EntryBody> cells, CancellationToken ct = default) =>
        api.PutAsync<List<CellView>>($"{Base}evaluations/{evaluationId}/entries", cells, ct);

    /// <summary>The cells a colleague changed meanwhile (an <c>entry-changed</c> refusal), empty otherwise.</summary>
    public static IReadOnlyList<ConflictCellView> ConflictsOf<T>(ApiResult<T> result) =>
        result.Problem?.Extension<List<ConflictCellView>>("conflicts") ?? [];

    // Periods and official bilans (docs/domain/bilans.md).

    public Task<ApiResult<PeriodView>> CreatePeriodAsync(PeriodBody body, CancellationToken ct = default) => api.PostAsync<PeriodView>(Base + "periods", body, ct);

    public Task<ApiResult<PeriodView>> UpdatePeriodAsync(long id, PeriodBody body, CancellationToken ct = default) => api.PutAsync<PeriodView>($"{Base}periods/{id}", body, ct);

    public Task<ApiResult<NoBody>> DeletePeriodAsync(long id, CancellationToken ct = default) => api.DeleteAsync<NoBody>($"{Base}periods/{id}", ct);

    public Task<ApiResult<BilanBoardView>> BilanBoardAsync(long periodId, CancellationToken ct = default) => api.GetAsync<BilanBoardView>($"{Base}bilans?periodId={periodId}", ct);

    public Task<ApiResult<BilanStatusView>> SetBilanStatusAsync(string classCode, long periodId, string status, CancellationToken ct = default) =>
        api.PutAsync<BilanStatusView>(Bilan(classCode, periodId) + "/status", new BilanStatusBody(status), ct);

    public Task<ApiResult<BilanStatusView>> BilanStatusAsync(string classCode, long periodId, CancellationToken ct = default) =>
        api.GetAsync<BilanStatusView>(Bilan(classCode, periodId) + "/status", ct);

    public Task<ApiResult<BilanSheetView>> BilanSheetAsync(string classCode, long periodId, CancellationToken ct = default) =>
        api.GetAsync<BilanSheetView>(Bilan(classCode, periodId), ct);

    public Task<ApiResult<BilanMissingView>> BilanMissingAsync(string classCode, long periodId, CancellationToken ct = default) =>
        api.GetAsync<BilanMissingView>(Bilan(classCode, periodId) + "/missing", ct);

    public Task<ApiResult<BilanCellView>> WriteBilanSubjectAsync(string classCode, long periodId, Guid studentId, string subjectCode, BilanSubjectBody body, CancellationToken ct = default) =>
        api.PutAsync<BilanCellView>($"{Bilan(classCode, periodId)}/students/{studentId}/subjects/{Uri.EscapeDataString(subjectCode)}", body, ct);

    public Task<ApiResult<BilanGeneralView>> WriteBilanGeneralAsync(string classCode, long periodId, Guid studentId, BilanGeneralBody body, CancellationToken ct = default) =>
        api.PutAsync<BilanGeneralView>($"{Bilan(classCode, periodId)}/students/{studentId}/general", body, ct);

    public Task<ApiResult<BilanAttendanceView>> WriteBilanAttendanceAsync(string classCode, long periodId, Guid studentId, BilanAttendanceBody body, CancellationToken ct = default) =>
        api.PutAsync<BilanAttendanceView>($"{Bilan(classCode, periodId)}/students/{studentId}/attendance", body, ct);

    /// <summary>An attendance CSV (multipart <c>file</c>), read as it is sent.</summary>
    public Task<ApiResult<AttendanceImportReportView>> ImportAttendanceAsync(string classCode, long periodId, Stream csv, string fileName, CancellationToken ct = default)
    {
        var part = new StreamContent(csv, 64 * 1024);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var content = new MultipartFormDataContent { { part, "file", fileName } };
        return api.PostAsync<AttendanceImportReportView>(Bilan(classCode, periodId) + "/attendance", content, ct);
    }

    public Task<ApiResult<ArchiveJobView>> StartArchiveAsync(string classCode, long periodId, CancellationToken ct = default) =>
        api.PostAsync<ArchiveJobView>(Bilan(classCode, periodId) + "/archive", null, ct);

    /// <summary>The class's latest archive job for the period (null: never archived).</summary>
    public async Task<ApiResult<ArchiveJobView?>> ArchiveJobAsync(string classCode, long periodId, CancellationToken ct = default)
    {
        var jobs = await api.GetAsync<List<ArchiveJobView>>(Bilan(classCode, periodId) + "/archive", ct);
        return new ApiResult<ArchiveJobView?>(jobs.Value?.FirstOrDefault(), jobs.Status, jobs.Error, jobs.Problem);
    }

    /// <summary>Every archived bulletin of a class for a period (direction, administrator), newest first.</summary>
    public Task<ApiResult<List<ArchiveView>>> ClassArchivesAsync(string classCode, long periodId, CancellationToken ct = default) =>
        api.GetAsync<List<ArchiveView>>($"{Base}archives?classCode={Uri.EscapeDataString(classCode)}&periodId={periodId}", ct);

    /// <summary>The archived bulletins of a student (for a student or a parent: his own, his children's).</summary>
    public Task<ApiResult<List<ArchiveView>>> ArchivesAsync(Guid studentId, CancellationToken ct = default) =>
        api.GetAsync<List<ArchiveView>>($"{Base}archives?studentId={studentId}", ct);

    /// <summary>The value a colleague saved meanwhile (the <c>current</c> member of an <c>entry-changed</c> refusal), null otherwise.</summary>
    public static T? CurrentOf<T, TResult>(ApiResult<TResult> result) where T : class =>
        result.Problem?.Extension<T>("current");

    public Task<ApiResult<BilanParcoursView>> BilanParcoursAsync(string classCode, long periodId, CancellationToken ct = default) =>
        api.GetAsync<BilanParcoursView>(Bilan(classCode, periodId) + "/parcours", ct);

    public Task<ApiResult<BilanParcoursView>> SaveBilanParcoursAsync(string classCode, long periodId, BilanParcoursBody body, CancellationToken ct = default) =>
        api.PutAsync<BilanParcoursView>(Bilan(classCode, periodId) + "/parcours", body, ct);

    public Task<ApiResult<BilanMeasuresView>> BilanMeasuresAsync(string classCode, long periodId, CancellationToken ct = default) =>
        api.GetAsync<BilanMeasuresView>(Bilan(classCode, periodId) + "/measures", ct);

    public Task<ApiResult<StudentMeasuresView>> SaveStudentMeasuresAsync(Guid studentId, StudentMeasuresBody body, CancellationToken ct = default) =>
        api.PutAsync<StudentMeasuresView>($"{Base}students/{studentId}/measures", body, ct);

    // End-of-cycle bilans.

    public Task<ApiResult<CycleBilanView>> CycleBilanAsync(Guid studentId, int cycle, CancellationToken ct = default) =>
        api.GetAsync<CycleBilanView>($"{Base}cycle-bilans/{studentId}?cycle={cycle}", ct);

    public Task<ApiResult<CycleBilanView>> SaveCycleBilanAsync(Guid studentId, int cycle, CycleBilanBody body, CancellationToken ct = default) =>
        api.PutAsync<CycleBilanView>($"{Base}cycle-bilans/{studentId}?cycle={cycle}", body, ct);

    public Task<ApiResult<CycleBilanClassView>> CycleBilanClassAsync(string classCode, int cycle, CancellationToken ct = default) =>
        api.GetAsync<CycleBilanClassView>($"{Base}cycle-bilans?classCode={Uri.EscapeDataString(classCode)}&cycle={cycle}", ct);

    private static string Bilan(string classCode, long periodId) => $"{Base}bilans/{Uri.EscapeDataString(classCode)}/{periodId}";

    // Academy catalog.

    public Task<ApiResult<CatalogPageView>> CatalogAsync(string subject, string level, int page, CancellationToken ct = default) =>
        api.GetAsync<CatalogPageView>($"{Base}catalog?subject={Uri.EscapeDataString(subject)}&level={Uri.EscapeDataString(level)}&page={page}", ct);

    public Task<ApiResult<CatalogDetailView>> CatalogEntryAsync(long id, CancellationToken ct = default) => api.GetAsync<CatalogDetailView>($"{Base}catalog/{id}", ct);

    public Task<ApiResult<NoBody>> WithdrawAsync(long id, CancellationToken ct = default) => api.DeleteAsync<NoBody>($"{Base}catalog/{id}", ct);

    public Task<ApiResult<ReferentialView>> ImportFromCatalogAsync(long id, CatalogImportBody body, CancellationToken ct = default) =>
        api.PostAsync<ReferentialView>($"{Base}catalog/{id}/import", body, ct);
}
