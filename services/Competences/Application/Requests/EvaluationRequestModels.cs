namespace Sacoche.Competences.Application.Requests;

/// <summary>Body of POST /requests: the item to be evaluated on, and an optional message to the teacher.</summary>
public sealed record CreateEvaluationRequest(long ItemId, string? Message);

/// <summary>Body of POST /requests/{id}/accept: the evaluation to extend, or none for a new one.</summary>
public sealed record AcceptEvaluationRequest(long? EvaluationId);

/// <summary>Body of POST /requests/{id}/refuse: the teacher's answer (required).</summary>
public sealed record RefuseEvaluationRequest(string? Message);

/// <summary>An evaluation request; <see cref="Status"/> is "pending", "accepted" or "refused".</summary>
public sealed record EvaluationRequestResponse(
    long Id,
    Guid StudentId,
    string StudentName,
    string? ClassCode,
    long ItemId,
    string ItemName,
    string SubjectCode,
    string SubjectName,
    string? Message,
    string Status,
    DateTimeOffset CreatedAt,
    Guid? AnsweredBy,
    DateTimeOffset? AnsweredAt,
    string? Answer,
    long? EvaluationId);
