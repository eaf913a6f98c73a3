using Sacoche.Import.Domain.EntIdentifiers;
using Sacoche.ServiceDefaults.Http;

namespace Sacoche.Import.Application.EntIdentifiers;

/// <param name="File">Null when the form had no « file » field.</param>
/// <param name="Connector">The establishment's ENT connector (its CSV format and id rule), optional.</param>
/// <param name="Format">The CSV format; the connector's, or the manual one, when empty.</param>
public sealed record UploadEntIdentifiersRequest(UploadedFile? File, string? Connector, string? Format);

public sealed record EntChoice(int Line, Guid? UserId);

public sealed record EntResolveRequest(IReadOnlyList<EntChoice>? Choices);

public sealed record EntImportCreated(Guid Id, string Format, string? Connector, Dictionary<string, int> Summary);

public sealed record EntUser(
    Guid UserId,
    string Profile,
    string LastName,
    string FirstName,
    DateOnly? BirthDate,
    string? ClassCode,
    string? CurrentEntId,
    bool Active)
{
    public static EntUser? Of(MatchCandidate? u) => u is null ? null : new(u.UserId, u.Profile, u.LastName, u.FirstName, u.BirthDate, u.ClassCode, u.CurrentEntId, u.Active);
}

public sealed record EntCandidate(int Rank, int Score, bool Proposed, IReadOnlyList<string> Reasons, EntUser User);

public sealed record EntChosen(Guid? UserId);

public sealed record EntReportRow(
    int Line,
    string LastName,
    string FirstName,
    string EntId,
    EntMatchOutcome Outcome,
    string Label,
    string Message,
    EntUser? User,
    EntUser? CurrentHolder,
    IReadOnlyList<EntCandidate> Candidates,
    Guid? ProposedUserId,
    EntChosen? Choice);

public sealed record EntImportReport(
    Guid Id,
    string Status,
    string FileName,
    string Format,
    string? Connector,
    DateTimeOffset CreatedAt,
    DateTimeOffset? AppliedAt,
    int? AppliedCount,
    Dictionary<string, int> Summary,
    IReadOnlyList<EntReportRow> Rows);

public sealed record EntReportCsv(byte[] Content, string FileName);

public sealed record EntResolved(Guid Id, IReadOnlyList<EntChoice> Choices, int Assignments);

public sealed record EntConfirmed(Guid Id, string Status, IReadOnlyDictionary<string, int> Counts);

public sealed record MissingEntIdPerson(Guid Id, string Profile, string LastName, string FirstName, DateOnly? BirthDate, string? ClassCode);

public sealed record MissingEntIds(int Count, IReadOnlyList<MissingEntIdPerson> Items);
