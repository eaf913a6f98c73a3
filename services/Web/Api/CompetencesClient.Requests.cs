using System.Globalization;

namespace Sacoche.Web.Api;

/// <summary>An evaluation request (GET/POST api/competences/requests); Status is "pending", "accepted" or "refused".</summary>
public sealed record EvaluationRequestView(long Id, Guid StudentId, string StudentName, string? ClassCode, long ItemId, string ItemName,
    string SubjectCode, string SubjectName, string? Message, string Status, DateTimeOffset CreatedAt, Guid? AnsweredBy, DateTimeOffset? AnsweredAt,
    string? Answer, long? EvaluationId);

// Evaluation requests (« Demandes d'évaluation ») and the « terminé » flag of evaluations.
public sealed partial class CompetencesClient
{
    public Task<ApiResult<List<EvaluationRequestView>>> EvaluationRequestsAsync(string? classCode = null, long? itemId = null, string? status = null,
        int? olderThanDays = null, CancellationToken ct = default)
    {
        var query = new List<string>();
        if (!string.IsNullOrWhiteSpace(classCode))
        {
            query.Add("classCode=" + Uri.EscapeDataString(classCode));
        }
        if (itemId is { } item)
        {
            query.Add("itemId=" + item.ToString(CultureInfo.InvariantCulture));
        }
        if (!string.IsNullOrWhiteSpace(status))
        {
            query.Add("status=" + Uri.EscapeDataString(status));
        }
        if (olderThanDays is { } days)
        {
            query.Add("olderThanDays=" + days.ToString(CultureInfo.InvariantCulture));
        }
        return api.GetAsync<List<EvaluationRequestView>>(Base + "requests" + (query.Count == 0 ? "" : "?" + string.Join('&', query)), ct);
    }

    public Task<ApiResult<EvaluationRequestView>> CreateEvaluationRequestAsync(long itemId, string? message, CancellationToken ct = default) =>
        api.PostAsync<EvaluationRequestView>(Base + "requests", new { itemId, message }, ct);

    /// <summary>Accepts the request: a new evaluation (no <paramref name="evaluationId"/>) or the given one extended.</summary>
    public Task<ApiResult<EvaluationRequestView>> AcceptEvaluationRequestAsync(long id, long? evaluationId, CancellationToken ct = default) =>
        api.PostAsync<EvaluationRequestView>($"{Base}requests/{id}/accept", new { evaluationId }, ct);

    public Task<ApiResult<EvaluationRequestView>> RefuseEvaluationRequestAsync(long id, string message, CancellationToken ct = default) =>
        api.PostAsync<EvaluationRequestView>($"{Base}requests/{id}/refuse", new { message }, ct);

    public Task<ApiResult<EvaluationView>> SetEvaluationDoneAsync(long id, bool done, CancellationToken ct = default) =>
        api.PutAsync<EvaluationView>($"{Base}evaluations/{id}/done", new { done }, ct);
}
